// User function types (Flink's functions package): the one-method functions (plain functions or objects with
// open/close), the ProcessFunction family, async I/O functions and retry strategies, and the RuntimeContext.
// normalize.ts is internal: operators use it to turn user functions into plain calls once.

export {
  type AsyncFunction,
  type AsyncRetryPredicate,
  AsyncRetryStrategies,
  type AsyncRetryStrategy,
  TimeoutError,
} from './async-function.js';
export type * from './functions.js';
export {
  type BroadcastContext,
  BroadcastProcessFunction,
  type BroadcastReadOnlyContext,
  type BroadcastState,
  CoProcessFunction,
  type KeyedBroadcastContext,
  type KeyedBroadcastOnTimerContext,
  KeyedBroadcastProcessFunction,
  type KeyedBroadcastReadOnlyContext,
  KeyedCoProcessFunction,
  type KeyedOnTimerContext,
  KeyedProcessFunction,
  type KeyedProcessFunctionContext,
  type KeyedStateFunction,
  type OnTimerContext,
  ProcessFunction,
  type ProcessFunctionContext,
  type ReadOnlyBroadcastState,
  type TimeDomain,
} from './process-functions.js';
export type * from './runtime-context.js';
export {
  createRuntimeContext,
  KEYED_STATE_WITHOUT_KEY_MESSAGE,
  StreamingRuntimeContext,
} from './streaming-runtime-context.js';
