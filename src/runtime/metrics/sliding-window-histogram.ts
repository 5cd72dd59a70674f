import type { Histogram, HistogramStatistics } from './metric.js';

/**
 * A histogram over the last `windowSize` values (Flink's DescriptiveStatisticsHistogram, a sliding-window reservoir).
 * update() writes into a preallocated ring (no allocation); statistics sort a copy when asked, which happens on a
 * snapshot or report tick, not per value.
 */
export class SlidingWindowHistogram implements Histogram {
  readonly kind = 'histogram' as const;
  private readonly window: Float64Array;
  private next = 0;
  private count = 0;

  constructor(windowSize = 500) {
    if (!Number.isInteger(windowSize) || windowSize < 1) {
      throw new RangeError(`SlidingWindowHistogram: windowSize must be a positive integer, got ${windowSize}`);
    }
    this.window = new Float64Array(windowSize);
  }

  update(value: number): void {
    this.window[this.next] = value;
    this.next = this.next + 1 === this.window.length ? 0 : this.next + 1;
    this.count++;
  }

  getCount(): number {
    return this.count;
  }

  getStatistics(): HistogramStatistics {
    const size = Math.min(this.count, this.window.length);
    return new WindowStatistics(this.window.slice(0, size).sort());
  }
}

/** Statistics over a sorted copy of the window. Quantiles interpolate as Apache Commons Math's default. */
class WindowStatistics implements HistogramStatistics {
  constructor(private readonly sorted: Float64Array) {}

  getQuantile(quantile: number): number {
    if (!(quantile >= 0 && quantile <= 1)) {
      throw new RangeError(`Histogram quantile must be within [0, 1], got ${quantile}`);
    }
    const n = this.sorted.length;
    if (n === 0) return 0;
    const pos = quantile * (n + 1);
    if (pos < 1) return this.sorted[0];
    if (pos >= n) return this.sorted[n - 1];
    const lower = Math.floor(pos);
    return this.sorted[lower - 1] + (pos - lower) * (this.sorted[lower] - this.sorted[lower - 1]);
  }

  getValues(): readonly number[] {
    return Array.from(this.sorted);
  }

  size(): number {
    return this.sorted.length;
  }

  getMean(): number {
    const n = this.sorted.length;
    if (n === 0) return 0;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += this.sorted[i];
    return sum / n;
  }

  /** Sample standard deviation (n - 1), as Commons Math reports it. */
  getStdDev(): number {
    const n = this.sorted.length;
    if (n < 2) return 0;
    const mean = this.getMean();
    let squares = 0;
    for (let i = 0; i < n; i++) squares += (this.sorted[i] - mean) ** 2;
    return Math.sqrt(squares / (n - 1));
  }

  getMax(): number {
    return this.sorted.length === 0 ? 0 : this.sorted[this.sorted.length - 1];
  }

  getMin(): number {
    return this.sorted.length === 0 ? 0 : this.sorted[0];
  }
}
