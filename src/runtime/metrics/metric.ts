// The four metric types of Flink's metric system (Counter, Gauge, Meter, Histogram), as small interfaces tagged by
// `kind` so that reporters and snapshots can switch over them exhaustively.

/** Counts something; the runtime increments per batch, not per record, where it can. */
export interface Counter {
  readonly kind: 'counter';
  inc(n?: number): void;
  dec(n?: number): void;
  getCount(): number;
}

/** Reads a value on demand (a snapshot or a reporter asks; nothing is computed per record). */
export interface Gauge<T = unknown> {
  readonly kind: 'gauge';
  getValue(): T;
}

/** An average rate of events per second. */
export interface Meter {
  readonly kind: 'meter';
  markEvent(n?: number): void;
  getRate(): number;
  getCount(): number;
}

/** Statistics over a window of recorded values (Flink's HistogramStatistics). */
export interface HistogramStatistics {
  getQuantile(quantile: number): number;
  getValues(): readonly number[];
  size(): number;
  getMean(): number;
  getStdDev(): number;
  getMax(): number;
  getMin(): number;
}

export interface Histogram {
  readonly kind: 'histogram';
  update(value: number): void;
  /** How many values were ever recorded (not only those still in the window). */
  getCount(): number;
  getStatistics(): HistogramStatistics;
}

export type Metric = Counter | Gauge | Meter | Histogram;
export type MetricKind = Metric['kind'];

/**
 * A metric whose value is recomputed on a tick rather than on every event (Flink's View): MeterView, TimerGauge.
 * A ViewUpdater calls update() every few seconds on the thread that owns the metric.
 */
export interface View {
  update(): void;
}

/** Flink's View.UPDATE_INTERVAL_SECONDS: how often views are updated, and the unit of their time spans. */
export const UPDATE_INTERVAL_SECONDS = 5;

/** A millisecond clock; metrics measure durations, so the default is monotonic (performance.now). */
export type MetricClock = () => number;
export const monotonicClock: MetricClock = () => performance.now();

export function isView(metric: object): metric is View & object {
  return typeof (metric as Partial<View>).update === 'function';
}
