// Where a metric belongs, as plain data that crosses threads (Flink's QueryScopeInfo). The JobManager's
// MetricStore files snapshot entries by it.

export type QueryScope =
  | { readonly kind: 'jobmanager' }
  | { readonly kind: 'taskmanager'; readonly taskManagerId: string }
  | { readonly kind: 'job'; readonly jobId: string }
  | {
      readonly kind: 'task';
      readonly jobId: string;
      readonly vertexId: string;
      readonly subtaskIndex: number;
      readonly attemptNumber: number;
    }
  | {
      readonly kind: 'operator';
      readonly jobId: string;
      readonly vertexId: string;
      readonly subtaskIndex: number;
      readonly attemptNumber: number;
      /** Filtered with queryScopeName, as it appears in metric names ("0.Source__bids.numRecordsOut"). */
      readonly operatorName: string;
    };

/**
 * Flink's MetricQueryService filter: ' ', '.', ':' and ',' become '_' in names that travel to the MetricStore, so
 * that "Source: bids" is stored as "Source__bids" and a '.' in a name cannot fake a scope level.
 */
export function queryScopeName(name: string): string {
  return name.replace(/[ .:,]/g, '_');
}
