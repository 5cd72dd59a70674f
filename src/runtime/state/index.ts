// Keyed state and timers of a subtask: the heap keyed state backend (state per key group, keys compared by value),
// the timer heaps and timer services (one OS timer per task), and the task's processing-time services.

export { HeapAggregatingState, HeapReducingState } from './heap-appending-state.js';
export {
  HeapKeyedStateBackend,
  type HeapKeyedStateBackendOptions,
  type KeyedStateSnapshot,
} from './heap-keyed-state-backend.js';
export { HeapListState } from './heap-list-state.js';
export { HeapMapState } from './heap-map-state.js';
export { HeapTtlAggregatingState, HeapTtlReducingState } from './heap-ttl-appending-state.js';
export { HeapTtlListState } from './heap-ttl-list-state.js';
export { HeapTtlMapState } from './heap-ttl-map-state.js';
export { HeapTtlValueState } from './heap-ttl-value-state.js';
export { HeapValueState } from './heap-value-state.js';
export type { InternalKeyContext } from './internal-key-context.js';
export type { InternalMergingState } from './internal-merging-state.js';
export {
  InternalTimerServiceImpl,
  type TimerEntry,
  type TimerServiceSnapshot,
} from './internal-timer-service.js';
export {
  denormalizeKey,
  describeKey,
  type NormalizedKey,
  type NormalizedNamespace,
  normalizeKey,
  normalizeNamespace,
} from './key-normalizer.js';
export {
  type Clock,
  ManualProcessingTimeService,
  SYSTEM_CLOCK,
  SystemProcessingTimeService,
  type SystemProcessingTimeServiceOptions,
} from './processing-time-service.js';
export type { KeyGroupSnapshot, StateEntry, StateKind, StateSnapshot } from './state-table.js';
export { HeapTimer, TimerHeap } from './timer-heap.js';
export { TimerServiceManager, type TimerServiceManagerOptions, type TimersSnapshot } from './timer-service-manager.js';
export {
  SYSTEM_TTL_TIME,
  TtlList,
  TtlPolicy,
  type TtlTimeProvider,
  type TtlTimestamps,
  TtlValue,
} from './ttl-value.js';
