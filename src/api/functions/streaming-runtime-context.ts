import type {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../state/descriptors.js';
import type { KeyedStateBackend } from '../state/keyed-state-backend.js';
import type { AggregatingState, ListState, MapState, ReducingState, ValueState } from '../state/state.js';
import type { MetricGroupView, RuntimeContext, TaskInfo } from './runtime-context.js';

/** Flink's message for keyed state requested outside a keyed stream (StreamingRuntimeContext). */
export const KEYED_STATE_WITHOUT_KEY_MESSAGE =
  "Keyed state can only be used on a 'keyed stream', i.e., after a 'keyBy()' operation.";

/**
 * The RuntimeContext of one operator in one subtask (Flink's StreamingRuntimeContext). The runtime creates one per
 * operator and passes it in StreamOperatorParameters; state getters delegate to the operator's keyed state
 * backend, which scopes every state object to the key the runtime set. Called on the task's thread only.
 */
export class StreamingRuntimeContext implements RuntimeContext {
  constructor(
    private readonly taskInfo: TaskInfo,
    private readonly keyedStateBackend: KeyedStateBackend | undefined,
    private readonly metricGroup: MetricGroupView,
    readonly jobId: string,
  ) {}

  getTaskInfo(): TaskInfo {
    return this.taskInfo;
  }
  getTaskName(): string {
    return this.taskInfo.taskName;
  }
  getIndexOfThisSubtask(): number {
    return this.taskInfo.indexOfThisSubtask;
  }
  getNumberOfParallelSubtasks(): number {
    return this.taskInfo.numberOfParallelSubtasks;
  }
  getMaxNumberOfParallelSubtasks(): number {
    return this.taskInfo.maxNumberOfParallelSubtasks;
  }
  getAttemptNumber(): number {
    return this.taskInfo.attemptNumber;
  }
  getMetricGroup(): MetricGroupView {
    return this.metricGroup;
  }

  getState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T> {
    return this.backend().getState(descriptor);
  }
  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T> {
    return this.backend().getListState(descriptor);
  }
  getMapState<K, V>(descriptor: MapStateDescriptor<K, V>): MapState<K, V> {
    return this.backend().getMapState(descriptor);
  }
  getReducingState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T> {
    return this.backend().getReducingState(descriptor);
  }
  getAggregatingState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): AggregatingState<IN, OUT> {
    return this.backend().getAggregatingState(descriptor);
  }

  private backend(): KeyedStateBackend {
    if (this.keyedStateBackend === undefined) throw new Error(KEYED_STATE_WITHOUT_KEY_MESSAGE);
    return this.keyedStateBackend;
  }
}

/** What the runtime calls to build an operator's RuntimeContext (backend undefined on non-keyed streams). */
export function createRuntimeContext(
  taskInfo: TaskInfo,
  keyedStateBackend: KeyedStateBackend | undefined,
  metricGroup: MetricGroupView,
  jobId: string,
): RuntimeContext {
  return new StreamingRuntimeContext(taskInfo, keyedStateBackend, metricGroup, jobId);
}
