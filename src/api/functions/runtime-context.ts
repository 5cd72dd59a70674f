import type {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../state/descriptors.js';
import type { AggregatingState, ListState, MapState, ReducingState, ValueState } from '../state/state.js';

/** What a running subtask knows about itself (Flink's TaskInfo). */
export interface TaskInfo {
  readonly taskName: string;
  /** "name (index+1/parallelism)#attempt", as Flink names subtasks in logs. */
  readonly taskNameWithSubtasks: string;
  readonly indexOfThisSubtask: number;
  readonly numberOfParallelSubtasks: number;
  readonly maxNumberOfParallelSubtasks: number;
  readonly attemptNumber: number;
}

export interface MetricGroupView {
  counter(name: string): { inc(n?: number): void; getCount(): number };
  gauge<T>(name: string, read: () => T): void;
}

/**
 * Handed to rich functions in open(). State getters are valid only in functions on a keyed stream; they return
 * state scoped to the key of the record (or timer) being processed.
 */
export interface RuntimeContext {
  readonly jobId: string;
  getTaskInfo(): TaskInfo;
  getTaskName(): string;
  getIndexOfThisSubtask(): number;
  getNumberOfParallelSubtasks(): number;
  getMaxNumberOfParallelSubtasks(): number;
  getAttemptNumber(): number;
  getMetricGroup(): MetricGroupView;
  getState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T>;
  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T>;
  getMapState<K, V>(descriptor: MapStateDescriptor<K, V>): MapState<K, V>;
  getReducingState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T>;
  getAggregatingState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): AggregatingState<IN, OUT>;
}
