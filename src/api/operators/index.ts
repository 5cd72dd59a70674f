// Stream operators (Flink's streaming operators): what the DataStream API puts into transformations and the task
// runs record by record. The contracts (StreamOperator, Output, timers) come first; operator-harness.ts is the
// internal test harness that weir/testing builds on.

export { type AggregationKind, aggregationFunction } from './aggregations.js';
export {
  ASYNC_WAIT_STATE_NAME,
  type AsyncOutputMode,
  AsyncWaitOperator,
  type AsyncWaitOptions,
} from './async-wait-operator.js';
export {
  CheckpointSnapshotContext,
  initializeOperatorState,
  notifyOperatorCheckpointAborted,
  notifyOperatorCheckpointComplete,
  StateInitializationContext,
  snapshotOperatorState,
} from './checkpoint-hooks.js';
export { CoBroadcastWithKeyedOperator } from './co-broadcast-with-keyed-operator.js';
export { CoBroadcastWithNonKeyedOperator } from './co-broadcast-with-non-keyed-operator.js';
export { CoProcessOperator } from './co-process-operator.js';
export { CoStreamFlatMap } from './co-stream-flat-map.js';
export { CoStreamMap } from './co-stream-map.js';
export { KeyedCoProcessOperator } from './keyed-co-process-operator.js';
export { KeyedProcessOperator, USER_TIMERS } from './keyed-process-operator.js';
export type * from './output.js';
export { ProcessOperator } from './process-operator.js';
export { StreamFilter } from './stream-filter.js';
export { StreamFlatMap } from './stream-flat-map.js';
export { GROUPED_REDUCE_STATE_NAME, StreamGroupedReduce } from './stream-grouped-reduce.js';
export { StreamMap } from './stream-map.js';
export type * from './stream-operator.js';
export type * from './timers.js';
