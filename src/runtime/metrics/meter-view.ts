import {
  type Counter,
  type Meter,
  type MetricClock,
  monotonicClock,
  UPDATE_INTERVAL_SECONDS,
  type View,
} from './metric.js';
import { SimpleCounter } from './simple-counter.js';

export interface MeterViewOptions {
  /** The span the rate averages over; Flink's default is 60 s. Rounded down to a multiple of the update interval. */
  readonly timeSpanSeconds?: number;
  /** How often update() is called; sizes the sample ring. Flink's View.UPDATE_INTERVAL_SECONDS (5 s) by default. */
  readonly updateIntervalSeconds?: number;
  readonly clock?: MetricClock;
}

/**
 * Flink's MeterView: a rate per second derived from a counter, recomputed on update() (a tick every few seconds),
 * never per event. The rate is (newest count - oldest count) / (newest time - oldest time) over a ring of samples
 * covering the time span. Unlike Flink, which divides by the full span from the start and so under-reports the first
 * minute, the rate here is averaged over the samples taken so far; with regular ticks both agree once the ring fills.
 *
 * Thread: update(), markEvent() and getRate() all run on the thread that owns the counter.
 */
export class MeterView implements Meter, View {
  readonly kind = 'meter' as const;
  private readonly counter: Counter;
  private readonly clock: MetricClock;
  private readonly times: Float64Array;
  private readonly counts: Float64Array;
  /** Index of the newest sample. */
  private newest = 0;
  private samples = 1;
  private rate = 0;

  constructor(counter: Counter = new SimpleCounter(), options: MeterViewOptions = {}) {
    const interval = options.updateIntervalSeconds ?? UPDATE_INTERVAL_SECONDS;
    const span = options.timeSpanSeconds ?? 60;
    if (!(interval > 0) || !Number.isFinite(interval)) {
      throw new RangeError(`MeterView: updateIntervalSeconds must be a positive number, got ${interval}`);
    }
    if (!(span > 0) || !Number.isFinite(span)) {
      throw new RangeError(`MeterView: timeSpanSeconds must be a positive number, got ${span}`);
    }
    // As Flink: the span must cover at least one interval, else no before/after pair exists.
    const intervals = Math.max(1, Math.floor(span / interval));
    this.counter = counter;
    this.clock = options.clock ?? monotonicClock;
    this.times = new Float64Array(intervals + 1);
    this.counts = new Float64Array(intervals + 1);
    this.times[0] = this.clock();
    this.counts[0] = counter.getCount();
  }

  markEvent(n = 1): void {
    this.counter.inc(n);
  }

  getCount(): number {
    return this.counter.getCount();
  }

  /** Events per second over the span, as of the last update(). */
  getRate(): number {
    return this.rate;
  }

  update(): void {
    const capacity = this.times.length;
    this.newest = (this.newest + 1) % capacity;
    this.times[this.newest] = this.clock();
    this.counts[this.newest] = this.counter.getCount();
    if (this.samples < capacity) this.samples++;
    const oldest = (this.newest + capacity - this.samples + 1) % capacity;
    const elapsedMs = this.times[this.newest] - this.times[oldest];
    this.rate = elapsedMs > 0 ? ((this.counts[this.newest] - this.counts[oldest]) * 1000) / elapsedMs : 0;
  }
}
