import type { TimerService } from '../operators/timers.js';
import type { OutputTag } from '../output-tag.js';
import type { Collector } from './functions.js';
import type { RuntimeContext } from './runtime-context.js';

// The low-level functions users extend (Flink's ProcessFunction family): element-at-a-time access to timestamps,
// timers, side outputs and, through the RuntimeContext, keyed state. Users either extend one of the abstract classes
// or pass an object of the same shape; all methods are called synchronously on the task's thread, one at a time.
// The context objects are reused by the operator: read them inside the call, do not keep them.

/** Which clock fired a timer (Flink's TimeDomain). */
export type TimeDomain = 'EVENT_TIME' | 'PROCESSING_TIME';

/** Context of processElement in a non-keyed or co-process function. */
export interface ProcessFunctionContext {
  /** The current record's timestamp, or undefined when it has none (processing time only). */
  timestamp(): number | undefined;
  /** Current time and watermark; registering timers works only on keyed streams. */
  timerService(): TimerService;
  /** Emits to a side output, with the current record's timestamp. */
  output<X>(tag: OutputTag<X>, value: X): void;
}

/** Context of onTimer: the firing timer's timestamp and clock. */
export interface OnTimerContext extends ProcessFunctionContext {
  timeDomain(): TimeDomain;
}

/** Context of processElement on a keyed stream. */
export interface KeyedProcessFunctionContext<K> extends ProcessFunctionContext {
  /** The key of the record being processed. */
  getCurrentKey(): K;
}

/** Context of onTimer on a keyed stream: the key is the timer's key. */
export interface KeyedOnTimerContext<K> extends KeyedProcessFunctionContext<K> {
  timeDomain(): TimeDomain;
}

/** Flink's ProcessFunction: one input, not keyed (timers need a keyed stream). */
export abstract class ProcessFunction<I, O> {
  abstract processElement(value: I, ctx: ProcessFunctionContext, out: Collector<O>): void;
  onTimer?(timestamp: number, ctx: OnTimerContext, out: Collector<O>): void;
  open?(context: RuntimeContext): void;
  close?(): void;
}

/** Flink's KeyedProcessFunction: one keyed input, with keyed state and timers. */
export abstract class KeyedProcessFunction<K, I, O> {
  abstract processElement(value: I, ctx: KeyedProcessFunctionContext<K>, out: Collector<O>): void;
  /** Called when a timer registered through ctx.timerService() fires, with that timer's key current. */
  onTimer?(timestamp: number, ctx: KeyedOnTimerContext<K>, out: Collector<O>): void;
  open?(context: RuntimeContext): void;
  close?(): void;
}

/** Flink's CoProcessFunction: two inputs (connect), not keyed. */
export abstract class CoProcessFunction<I1, I2, O> {
  abstract processElement1(value: I1, ctx: ProcessFunctionContext, out: Collector<O>): void;
  abstract processElement2(value: I2, ctx: ProcessFunctionContext, out: Collector<O>): void;
  onTimer?(timestamp: number, ctx: OnTimerContext, out: Collector<O>): void;
  open?(context: RuntimeContext): void;
  close?(): void;
}

/** Flink's KeyedCoProcessFunction: two inputs keyed by the same key type, sharing keyed state and timers. */
export abstract class KeyedCoProcessFunction<K, I1, I2, O> {
  abstract processElement1(value: I1, ctx: KeyedProcessFunctionContext<K>, out: Collector<O>): void;
  abstract processElement2(value: I2, ctx: KeyedProcessFunctionContext<K>, out: Collector<O>): void;
  onTimer?(timestamp: number, ctx: KeyedOnTimerContext<K>, out: Collector<O>): void;
  open?(context: RuntimeContext): void;
  close?(): void;
}

export {
  type BroadcastContext,
  BroadcastProcessFunction,
  type BroadcastReadOnlyContext,
  type BroadcastState,
  type KeyedBroadcastContext,
  type KeyedBroadcastOnTimerContext,
  KeyedBroadcastProcessFunction,
  type KeyedBroadcastReadOnlyContext,
  type KeyedStateFunction,
  type ReadOnlyBroadcastState,
} from './broadcast-process-functions.js';
