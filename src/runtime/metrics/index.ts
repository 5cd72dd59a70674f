// Metrics: Flink's metric types, names, scopes and groups, cheap on the hot path (counters are plain objects bumped
// per batch; rates and time-in-state values are recomputed on a tick). Task metrics live in slot workers and cross
// threads as MetricSnapshots into a MetricStore, which REST and the CLI read.
export {
  JobManagerJobMetricGroup,
  JobManagerMetricGroup,
  METRICS_OPERATOR_NAME_MAX_LENGTH,
  OperatorMetricGroup,
  TaskManagerJobMetricGroup,
  TaskManagerMetricGroup,
  TaskMetricGroup,
  type TaskMetricInfo,
} from './component-metric-groups.js';
export { MeterView, type MeterViewOptions } from './meter-view.js';
export {
  type Counter,
  type Gauge,
  type Histogram,
  type HistogramStatistics,
  isView,
  type Meter,
  type Metric,
  type MetricClock,
  type MetricKind,
  monotonicClock,
  UPDATE_INTERVAL_SECONDS,
  type View,
} from './metric.js';
export { MetricGroup, type MetricGroupInit } from './metric-group.js';
export * as MetricNames from './metric-names.js';
export { MetricRegistry, type MetricRegistryOptions } from './metric-registry.js';
export type { MetricReporter, ReporterSetup } from './metric-reporter.js';
export {
  type MetricSnapshot,
  type MetricSnapshotEntry,
  type MetricValue,
  metricValueToString,
  snapshotMetrics,
} from './metric-snapshot.js';
export { type ComponentMetrics, MetricStore } from './metric-store.js';
export { OperatorIOMetricGroup } from './operator-io-metric-group.js';
export { type QueryScope, queryScopeName } from './query-scope.js';
export {
  DEFAULT_SCOPE_FORMATS,
  SCOPE_DELIMITER_KEY,
  SCOPE_FORMAT_KEYS,
  SCOPE_VARIABLES,
  ScopeFormat,
  ScopeFormats,
  type ScopeKind,
} from './scope-format.js';
export { SimpleCounter } from './simple-counter.js';
export { SlidingWindowHistogram } from './sliding-window-histogram.js';
export { type TaskActivity, TaskIOMetricGroup } from './task-io-metric-group.js';
export { TimerGauge } from './timer-gauge.js';
export { ViewUpdater } from './view-updater.js';
