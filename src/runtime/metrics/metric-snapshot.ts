import { JAVA_LONG_MAX_STRING, JAVA_LONG_MIN_STRING } from '../../core/time.js';
import type { HistogramStatistics, Metric } from './metric.js';
import type { MetricGroup } from './metric-group.js';
import { type QueryScope, queryScopeName } from './query-scope.js';

/** A metric's value as the MetricStore keeps it: counters, rates and numeric gauges as numbers, others as text. */
export type MetricValue = number | string;

/** The metrics of one component (a task, an operator, ...), user-group names already prefixed ("myGroup.hits"). */
export interface MetricSnapshotEntry {
  readonly scope: QueryScope;
  readonly metrics: Record<string, MetricValue>;
}

/**
 * Plain data, safe to postMessage: what a slot worker sends its TaskExecutor and the TaskExecutor forwards to the
 * JobManager's MetricStore (Flink's MetricDumpSerialization result, without the serialization).
 */
export interface MetricSnapshot {
  readonly timestamp: number;
  readonly entries: MetricSnapshotEntry[];
}

/**
 * Reads every metric under `root` once, grouped by component. Call it on the metrics' own thread, on a tick (every
 * few seconds) — never per record. Gauges that throw or return null/undefined are left out, as Flink's query
 * service leaves them out.
 */
export function snapshotMetrics(root: MetricGroup, timestamp: number = Date.now()): MetricSnapshot {
  const byComponent = new Map<MetricGroup, MetricSnapshotEntry>();
  collect(root, byComponent);
  return { timestamp, entries: [...byComponent.values()] };
}

function collect(group: MetricGroup, out: Map<MetricGroup, MetricSnapshotEntry>): void {
  const component = group.component;
  const scope = component.queryScope;
  if (scope !== undefined && group.getMetrics().size > 0) {
    let entry = out.get(component);
    if (entry === undefined) {
      entry = { scope, metrics: {} };
      out.set(component, entry);
    }
    for (const [name, metric] of group.getMetrics()) {
      writeMetric(entry.metrics, group.queryPrefix + queryScopeName(name), metric);
    }
  }
  for (const child of group.getGroups().values()) collect(child, out);
}

function writeMetric(target: Record<string, MetricValue>, name: string, metric: Metric): void {
  switch (metric.kind) {
    case 'counter':
      target[name] = metric.getCount();
      return;
    case 'meter':
      target[name] = metric.getRate();
      return;
    case 'gauge': {
      let value: unknown;
      try {
        value = metric.getValue();
      } catch {
        return;
      }
      if (value === null || value === undefined) return;
      target[name] = typeof value === 'number' || typeof value === 'string' ? value : String(value);
      return;
    }
    case 'histogram':
      writeHistogram(target, name, metric.getStatistics());
      return;
    default: {
      const never: never = metric;
      throw new Error(`Unknown metric kind: ${String((never as { kind: unknown }).kind)}`);
    }
  }
}

/** As Flink's MetricStore: a histogram becomes name_min, _max, _mean, _median, _stddev and percentiles. */
function writeHistogram(target: Record<string, MetricValue>, name: string, stats: HistogramStatistics): void {
  target[`${name}_min`] = stats.getMin();
  target[`${name}_max`] = stats.getMax();
  target[`${name}_mean`] = stats.getMean();
  target[`${name}_median`] = stats.getQuantile(0.5);
  target[`${name}_stddev`] = stats.getStdDev();
  target[`${name}_p75`] = stats.getQuantile(0.75);
  target[`${name}_p90`] = stats.getQuantile(0.9);
  target[`${name}_p95`] = stats.getQuantile(0.95);
  target[`${name}_p98`] = stats.getQuantile(0.98);
  target[`${name}_p99`] = stats.getQuantile(0.99);
  target[`${name}_p999`] = stats.getQuantile(0.999);
}

/**
 * A metric value as Flink's REST API shows it (a string): ±Infinity — "no watermark" and "end of time" — as Java's
 * Long.MIN/MAX_VALUE, integers without a fraction, other numbers as JavaScript prints them.
 */
export function metricValueToString(value: MetricValue): string {
  if (typeof value === 'string') return value;
  if (value === Number.NEGATIVE_INFINITY) return JAVA_LONG_MIN_STRING;
  if (value === Number.POSITIVE_INFINITY) return JAVA_LONG_MAX_STRING;
  return String(value);
}
