import type { AggregateFunction, Collector, RichFunction } from '../functions/functions.js';
import { isThenable, promiseReturnedError } from '../functions/normalize.js';
import type { RuntimeContext } from '../functions/runtime-context.js';
import type { OutputTag } from '../output-tag.js';
import type {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../state/descriptors.js';
import type { AggregatingState, ListState, MapState, ReducingState, ValueState } from '../state/state.js';
import type { Window } from './windows.js';

/** Keyed state scoped to the current key, and to a window or to none (Flink's KeyedStateStore). */
export interface KeyedStateStore {
  getState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T>;
  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T>;
  getMapState<K, V>(descriptor: MapStateDescriptor<K, V>): MapState<K, V>;
  getReducingState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T>;
  getAggregatingState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): AggregatingState<IN, OUT>;
}

/**
 * What a ProcessWindowFunction sees of the firing window (Flink's ProcessWindowFunction.Context). Reused by the
 * operator: use it only during the call. State handles from windowState() are bound to this window: fetch them
 * again in every call.
 */
export interface ProcessWindowFunctionContext<W extends Window> {
  window(): W;
  currentProcessingTime(): number;
  currentWatermark(): number;
  /** State of this key in this window; clear it in clear(), or it outlives the window. */
  windowState(): KeyedStateStore;
  /** State of this key across all windows. */
  globalState(): KeyedStateStore;
  /** Emits to a side output, with the window's maxTimestamp as timestamp. */
  output<X>(tag: OutputTag<X>, value: X): void;
}

/** Flink's ProcessWindowFunction: all elements (or the pre-aggregated value) of a firing window, with context. */
export abstract class ProcessWindowFunction<IN, OUT, K, W extends Window> {
  abstract process(key: K, context: ProcessWindowFunctionContext<W>, elements: Iterable<IN>, out: Collector<OUT>): void;
  /** The window is purged for good (cleanup time): clear per-window state here. */
  clear?(context: ProcessWindowFunctionContext<W>): void;
  open?(context: RuntimeContext): void;
  close?(): void;
}

/** Flink's ProcessAllWindowFunction: as ProcessWindowFunction, on windowAll (no key). */
export abstract class ProcessAllWindowFunction<IN, OUT, W extends Window> {
  abstract process(context: ProcessWindowFunctionContext<W>, elements: Iterable<IN>, out: Collector<OUT>): void;
  clear?(context: ProcessWindowFunctionContext<W>): void;
  open?(context: RuntimeContext): void;
  close?(): void;
}

/** The shape accepted wherever a ProcessWindowFunction is: a class instance, a plain object, or a function. */
export type ProcessWindowFunctionLike<IN, OUT, K, W extends Window> =
  | ProcessWindowFunction<IN, OUT, K, W>
  | ProcessWindowFunction<IN, OUT, K, W>['process'];
export type ProcessAllWindowFunctionLike<IN, OUT, W extends Window> =
  | ProcessAllWindowFunction<IN, OUT, W>
  | ProcessAllWindowFunction<IN, OUT, W>['process'];

/** Flink's WindowFunction (apply): key, window and elements, no context. */
export type WindowFunction<IN, OUT, K, W extends Window> =
  | ((key: K, window: W, input: Iterable<IN>, out: Collector<OUT>) => void)
  | ({ apply(key: K, window: W, input: Iterable<IN>, out: Collector<OUT>): void } & RichFunction);

/**
 * What the window operator calls when a window fires (Flink's InternalWindowFunction). `contents` is the window
 * state's value: an iterable of elements, or one pre-aggregated value. Called on the task thread.
 */
export interface InternalWindowFunction<C, OUT, K, W extends Window> {
  readonly name: string;
  process(key: K, context: ProcessWindowFunctionContext<W>, contents: C, out: Collector<OUT>): void;
  clear(context: ProcessWindowFunctionContext<W>): void;
  open(context: RuntimeContext): void;
  close(): void;
}

interface UserProcess<IN, OUT, K, W extends Window> {
  process(key: K, context: ProcessWindowFunctionContext<W>, elements: Iterable<IN>, out: Collector<OUT>): void;
  clear?(context: ProcessWindowFunctionContext<W>): void;
  open?(context: RuntimeContext): void;
  close?(): void;
}

/** A name for operator names: the function's or class's name, else `fallback` (as Flink's getSimpleName). */
export function functionName(fn: unknown, fallback: string): string {
  if (typeof fn === 'function') return fn.name.length > 0 ? fn.name : fallback;
  const ctor = (fn as { constructor?: { name?: string } } | null)?.constructor?.name;
  return ctor !== undefined && ctor !== 'Object' && ctor.length > 0 ? ctor : fallback;
}

/** Normalises a process window function (keyed or all) to the keyed shape, checking it once. */
export function toUserProcess<IN, OUT, K, W extends Window>(fn: unknown, keyed: boolean): UserProcess<IN, OUT, K, W> {
  const api = keyed ? 'WindowedStream.process' : 'AllWindowedStream.process';
  const wrap = (call: (...args: never[]) => unknown, rich: Partial<UserProcess<IN, OUT, K, W>>) => ({
    process: keyed
      ? (call as UserProcess<IN, OUT, K, W>['process'])
      : (_k: K, c: ProcessWindowFunctionContext<W>, e: Iterable<IN>, o: Collector<OUT>) =>
          (call as (c: unknown, e: unknown, o: unknown) => void)(c, e, o),
    clear: rich.clear?.bind(rich),
    open: rich.open?.bind(rich),
    close: rich.close?.bind(rich),
  });
  if (typeof fn === 'function') return wrap(fn as (...args: never[]) => unknown, {});
  if (fn !== null && typeof fn === 'object' && typeof (fn as { process?: unknown }).process === 'function') {
    const obj = fn as UserProcess<IN, OUT, K, W>;
    return wrap(obj.process.bind(obj) as (...args: never[]) => unknown, obj);
  }
  throw new TypeError(`${api} expects a ProcessWindowFunction (an object with process(...)) or a function`);
}

function checkSync(result: unknown, what: string): void {
  if (result !== undefined && isThenable(result)) throw promiseReturnedError(what);
}

/** Hands the window's elements (ListState contents) to a user process function. */
export class IterableWindowFunction<IN, OUT, K, W extends Window>
  implements InternalWindowFunction<Iterable<IN>, OUT, K, W>
{
  constructor(
    private readonly user: UserProcess<IN, OUT, K, W>,
    readonly name: string,
  ) {}
  process(key: K, context: ProcessWindowFunctionContext<W>, contents: Iterable<IN>, out: Collector<OUT>): void {
    checkSync(this.user.process(key, context, contents, out), 'process of the window function');
  }
  clear(context: ProcessWindowFunctionContext<W>): void {
    this.user.clear?.(context);
  }
  open(context: RuntimeContext): void {
    this.user.open?.(context);
  }
  close(): void {
    this.user.close?.();
  }
}

/** Hands one pre-aggregated value (reduce/aggregate state) to a user process function as a one-element list. */
export class SingleValueWindowFunction<IN, OUT, K, W extends Window> implements InternalWindowFunction<IN, OUT, K, W> {
  private readonly one: IN[] = [];
  constructor(
    private readonly user: UserProcess<IN, OUT, K, W>,
    readonly name: string,
  ) {}
  process(key: K, context: ProcessWindowFunctionContext<W>, contents: IN, out: Collector<OUT>): void {
    this.one[0] = contents;
    checkSync(this.user.process(key, context, this.one, out), 'process of the window function');
  }
  clear(context: ProcessWindowFunctionContext<W>): void {
    this.user.clear?.(context);
  }
  open(context: RuntimeContext): void {
    this.user.open?.(context);
  }
  close(): void {
    this.user.close?.();
  }
}

/** Emits every element it is given (Flink's PassThroughWindowFunction, the default after reduce/aggregate). */
export function passThrough<T>(): UserProcess<T, T, unknown, Window> {
  return {
    process(_k: unknown, _c: unknown, elements: Iterable<T>, out: Collector<T>): void {
      for (const e of elements) out.collect(e);
    },
  };
}

/** Reduces the elements first, then calls the user function with the result (evicting windows keep all). */
export function reduceThen<T, OUT, K, W extends Window>(
  reduce: (a: T, b: T) => T,
  then: UserProcess<T, OUT, K, W>,
): UserProcess<T, OUT, K, W> {
  const one: T[] = [];
  return {
    process(key, context, elements, out): void {
      let acc: T | undefined;
      for (const e of elements) acc = acc === undefined ? e : reduce(acc, e);
      if (acc === undefined) return;
      one[0] = acc;
      then.process(key, context, one, out);
    },
    clear: then.clear?.bind(then),
    open: then.open?.bind(then),
    close: then.close?.bind(then),
  };
}

/** Aggregates the elements first, then calls the user function with the result (evicting windows). */
export function aggregateThen<IN, ACC, R, OUT, K, W extends Window>(
  agg: AggregateFunction<IN, ACC, R>,
  then: UserProcess<R, OUT, K, W>,
): UserProcess<IN, OUT, K, W> {
  const one: R[] = [];
  return {
    process(key, context, elements, out): void {
      let acc = agg.createAccumulator();
      for (const e of elements) acc = agg.add(e, acc);
      one[0] = agg.getResult(acc);
      then.process(key, context, one, out);
    },
    clear: then.clear?.bind(then),
    open: then.open?.bind(then),
    close: then.close?.bind(then),
  };
}

/** Adapts Flink's WindowFunction (apply) to the process shape. */
export function fromWindowFunction<IN, OUT, K, W extends Window>(
  fn: WindowFunction<IN, OUT, K, W>,
): UserProcess<IN, OUT, K, W> {
  if (typeof fn === 'function') return { process: (k, c, e, o) => fn(k, c.window(), e, o) };
  if (fn === null || typeof fn !== 'object' || typeof fn.apply !== 'function') {
    throw new TypeError('WindowedStream.apply expects a function (key, window, input, out) or an object with apply');
  }
  return {
    process: (k, c, e, o) => fn.apply(k, c.window(), e, o),
    open: fn.open?.bind(fn),
    close: fn.close?.bind(fn),
  };
}

export type { UserProcess };
