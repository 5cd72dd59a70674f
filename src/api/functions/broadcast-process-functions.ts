import type { TimerService } from '../operators/timers.js';
import type { OutputTag } from '../output-tag.js';
import type {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../state/descriptors.js';
import type { AggregatingState, ListState, MapState, ReducingState, ValueState } from '../state/state.js';
import type { Collector } from './functions.js';
import type { TimeDomain } from './process-functions.js';
import type { RuntimeContext } from './runtime-context.js';

// The broadcast state pattern (Flink's BroadcastProcessFunction family): a low-rate "rules" stream is broadcast to
// every subtask and kept in broadcast state (a map per MapStateDescriptor); the other stream reads it. Only the
// broadcast side may write it, so every subtask holds the same state as long as processBroadcastElement is
// deterministic (it must not depend on the subtask or on keyed state). Contexts are reused: do not keep them.

/** Read access to broadcast state, as the non-broadcast side sees it. Do not mutate the values it returns. */
export interface ReadOnlyBroadcastState<K, V> {
  get(key: K): V | undefined;
  contains(key: K): boolean;
  immutableEntries(): Iterable<readonly [K, V]>;
  /** Number of entries. */
  readonly size: number;
}

/** Broadcast state as the broadcast side sees it: a map it may change. */
export interface BroadcastState<K, V> extends ReadOnlyBroadcastState<K, V> {
  put(key: K, value: V): void;
  putAll(entries: Iterable<readonly [K, V]>): void;
  remove(key: K): void;
  clear(): void;
  entries(): Iterable<[K, V]>;
  keys(): Iterable<K>;
  values(): Iterable<V>;
}

/** Context of processElement on the non-broadcast side: broadcast state is read-only there. */
export interface BroadcastReadOnlyContext {
  /** The current record's timestamp, or undefined when it has none. */
  timestamp(): number | undefined;
  currentProcessingTime(): number;
  currentWatermark(): number;
  output<X>(tag: OutputTag<X>, value: X): void;
  /** Fails when the descriptor was not passed to broadcast(...). */
  getBroadcastState<K, V>(descriptor: MapStateDescriptor<K, V>): ReadOnlyBroadcastState<K, V>;
}

/** Context of processBroadcastElement: broadcast state is writable. */
export interface BroadcastContext extends BroadcastReadOnlyContext {
  getBroadcastState<K, V>(descriptor: MapStateDescriptor<K, V>): BroadcastState<K, V>;
}

/** Flink's BroadcastProcessFunction: a non-keyed stream connected with a broadcast stream. */
export abstract class BroadcastProcessFunction<I1, I2, O> {
  abstract processElement(value: I1, ctx: BroadcastReadOnlyContext, out: Collector<O>): void;
  abstract processBroadcastElement(value: I2, ctx: BroadcastContext, out: Collector<O>): void;
  open?(context: RuntimeContext): void;
  close?(): void;
}

/** Called once per key that has state under the descriptor, with that key current (applyToKeyedState). */
export type KeyedStateFunction<K, S> = (key: K, state: S) => void;

export interface KeyedBroadcastReadOnlyContext<K> extends BroadcastReadOnlyContext {
  timerService(): TimerService;
  getCurrentKey(): K;
}

export interface KeyedBroadcastOnTimerContext<K> extends KeyedBroadcastReadOnlyContext<K> {
  timeDomain(): TimeDomain;
}

export interface KeyedBroadcastContext<K> extends BroadcastContext {
  /** Visits every key with state under `descriptor` in this subtask (e.g. to update all keys on a new rule). */
  applyToKeyedState<T>(descriptor: ValueStateDescriptor<T>, fn: KeyedStateFunction<K, ValueState<T>>): void;
  applyToKeyedState<T>(descriptor: ListStateDescriptor<T>, fn: KeyedStateFunction<K, ListState<T>>): void;
  applyToKeyedState<MK, MV>(descriptor: MapStateDescriptor<MK, MV>, fn: KeyedStateFunction<K, MapState<MK, MV>>): void;
  applyToKeyedState<T>(descriptor: ReducingStateDescriptor<T>, fn: KeyedStateFunction<K, ReducingState<T>>): void;
  applyToKeyedState<IN, ACC, OUT>(
    descriptor: AggregatingStateDescriptor<IN, ACC, OUT>,
    fn: KeyedStateFunction<K, AggregatingState<IN, OUT>>,
  ): void;
}

/** Flink's KeyedBroadcastProcessFunction: a keyed stream connected with a broadcast stream; timers on the keyed side. */
export abstract class KeyedBroadcastProcessFunction<K, I1, I2, O> {
  abstract processElement(value: I1, ctx: KeyedBroadcastReadOnlyContext<K>, out: Collector<O>): void;
  abstract processBroadcastElement(value: I2, ctx: KeyedBroadcastContext<K>, out: Collector<O>): void;
  onTimer?(timestamp: number, ctx: KeyedBroadcastOnTimerContext<K>, out: Collector<O>): void;
  open?(context: RuntimeContext): void;
  close?(): void;
}
