import { type Gauge, type MetricClock, monotonicClock, type View } from './metric.js';

/**
 * Flink's TimerGauge: how much time is spent in one state (idle, back pressured), reported as milliseconds per
 * second over the last update interval, clamped to [0, 1000]. markStart()/markEnd() bracket the state; an update()
 * in the middle of a long stretch counts the part so far, so a task idle for an hour still reports 1000.
 *
 * Unlike Flink, which divides by the nominal 5 s interval, the value is normalised by the real time since the
 * previous update(), so irregular ticks still give ms per second.
 *
 * Thread: all methods run on the owning task's thread; markStart/markEnd are called on state transitions (at most
 * a few per batch), never per record.
 */
export class TimerGauge implements Gauge<number>, View {
  readonly kind = 'gauge' as const;
  private readonly clock: MetricClock;
  /** Start of the ongoing measurement, or NaN when not measuring. */
  private measurementStart = Number.NaN;
  private countInInterval = 0;
  private accumulated = 0;
  private maxSingle = 0;
  private maxSingleInInterval = 0;
  private currentSingle = 0;
  private lastUpdate: number;
  private value = 0;

  constructor(clock: MetricClock = monotonicClock) {
    this.clock = clock;
    this.lastUpdate = clock();
  }

  /** Enters the state; a second markStart() while measuring is ignored, as in Flink. */
  markStart(now: number = this.clock()): void {
    if (Number.isNaN(this.measurementStart)) {
      this.measurementStart = now;
      this.currentSingle = 0;
    }
  }

  /** Leaves the state; ignored when not measuring. */
  markEnd(now: number = this.clock()): void {
    if (Number.isNaN(this.measurementStart)) return;
    const spent = now - this.measurementStart;
    this.add(spent);
    this.currentSingle += spent;
    if (this.currentSingle > this.maxSingleInInterval) this.maxSingleInInterval = this.currentSingle;
    this.measurementStart = Number.NaN;
  }

  update(now: number = this.clock()): void {
    if (!Number.isNaN(this.measurementStart)) {
      const spent = now - this.measurementStart;
      this.add(spent);
      this.currentSingle += spent;
      if (this.currentSingle > this.maxSingleInInterval) this.maxSingleInInterval = this.currentSingle;
      this.measurementStart = now;
    }
    const elapsed = now - this.lastUpdate;
    this.value = elapsed > 0 ? Math.round(Math.min(Math.max((this.countInInterval * 1000) / elapsed, 0), 1000)) : 0;
    this.maxSingle = this.maxSingleInInterval;
    // An ongoing stretch keeps its full length in currentSingle and is compared again at the next mark or update.
    this.maxSingleInInterval = 0;
    this.countInInterval = 0;
    this.lastUpdate = now;
  }

  /** Milliseconds per second in the state over the last interval. */
  getValue(): number {
    return this.value;
  }

  /** Total milliseconds ever spent in the state (Flink: getAccumulatedCount). */
  getAccumulatedCount(now: number = this.clock()): number {
    return Number.isNaN(this.measurementStart) ? this.accumulated : this.accumulated + (now - this.measurementStart);
  }

  /** Longest single stretch in the state seen during the last interval (Flink: getMaxSingleMeasurement). */
  getMaxSingleMeasurement(): number {
    return this.maxSingle;
  }

  isMeasuring(): boolean {
    return !Number.isNaN(this.measurementStart);
  }

  private add(spent: number): void {
    if (spent <= 0) return;
    this.countInInterval += spent;
    this.accumulated += spent;
  }
}
