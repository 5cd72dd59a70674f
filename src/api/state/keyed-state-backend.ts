import type {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from './descriptors.js';
import type { AggregatingState, ListState, MapState, ReducingState, ValueState } from './state.js';

/** The namespace of state that is not in a window (Flink's VoidNamespace). */
export const VOID_NAMESPACE = 'VOID' as const;

/**
 * Keyed state of one operator in one subtask. Contract: called only on the task's thread; the runtime calls
 * setCurrentKey before each keyed record or timer, and every state object reads and writes under that key (and
 * the namespace last set on that state object, VOID_NAMESPACE by default). Keys compare by value: composite keys
 * (arrays, plain objects) are normalised, so [1, 'a'] and [1, 'a'] are the same key.
 */
export interface KeyedStateBackend {
  readonly maxParallelism: number;
  setCurrentKey(key: unknown): void;
  getCurrentKey(): unknown;
  /** The key group of the current key (murmur(hashCode(key)) % maxParallelism). */
  getCurrentKeyGroupIndex(): number;
  getState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T>;
  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T>;
  getMapState<K, V>(descriptor: MapStateDescriptor<K, V>): MapState<K, V>;
  getReducingState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T>;
  getAggregatingState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): AggregatingState<IN, OUT>;
  /** Every key that has state under the given descriptor name (for applyToAllKeys-style traversal and tests). */
  getKeys(stateName: string): Iterable<unknown>;
  dispose(): void;
}
