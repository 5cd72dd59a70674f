// User-facing state interfaces: each is scoped to the current key (and, inside windows, the current namespace),
// which the runtime sets before calling user code. Calls are synchronous and cheap: heap state is a Map lookup.

export interface State {
  clear(): void;
}

export interface ValueState<T> extends State {
  /** The value for the current key, or the descriptor's default value (undefined when it has none). */
  value(): T | undefined;
  update(value: T | undefined): void;
}

export interface ListState<T> extends State {
  /** The list for the current key; empty when unset. */
  get(): Iterable<T>;
  add(value: T): void;
  addAll(values: Iterable<T>): void;
  update(values: Iterable<T>): void;
}

export interface MapState<K, V> extends State {
  get(key: K): V | undefined;
  put(key: K, value: V): void;
  putAll(entries: Iterable<readonly [K, V]>): void;
  remove(key: K): void;
  contains(key: K): boolean;
  entries(): Iterable<[K, V]>;
  keys(): Iterable<K>;
  values(): Iterable<V>;
  isEmpty(): boolean;
}

/** Flink's AppendingState: add() folds a value in, get() reads the result (undefined when empty). */
export interface AppendingState<IN, OUT> extends State {
  get(): OUT | undefined;
  add(value: IN): void;
}

export type ReducingState<T> = AppendingState<T, T>;
export type AggregatingState<IN, OUT> = AppendingState<IN, OUT>;

/** Runtime-side view of a keyed state: the namespace scopes state below the key (windows use it). */
export interface InternalKvState<N> {
  setCurrentNamespace(namespace: N): void;
}
