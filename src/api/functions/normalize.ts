import type { AsyncFunction } from './async-function.js';
import type {
  CoFlatMapFunction,
  Collector,
  CoMapFunction,
  FilterFunction,
  FlatMapFunction,
  KeySelector,
  MapFunction,
  ReduceFunction,
  RichFunction,
} from './functions.js';
import type { RuntimeContext } from './runtime-context.js';

// Users pass plain functions or objects (with optional open/close). Operators normalise them ONCE, at construction,
// into a plain callable plus the object's rich hooks, so the per-record path is one direct call with no shape test.

/** A user function reduced to a callable plus its lifecycle hooks (undefined for plain functions). */
export interface NormalizedFunction<F> {
  readonly call: F;
  readonly rich: RichFunction | undefined;
}

/** Short, safe description of a bad argument for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'object') {
    const ctor = (value as object).constructor;
    const keys = Object.keys(value as object).slice(0, 5);
    return `${ctor?.name ?? 'object'} with keys [${keys.join(', ')}]`;
  }
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  return `${typeof value} ${String(value)}`;
}

/** A readable rendering of a record for error messages (error paths only: it may use JSON). */
export function previewValue(value: unknown, max = 200): string {
  let text: string;
  try {
    text =
      typeof value === 'object' && value !== null
        ? JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))
        : typeof value === 'string'
          ? JSON.stringify(value)
          : String(value);
  } catch {
    text = describeValue(value);
  }
  if (text === undefined) text = String(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** True for Promises and other thenables; cheap for primitives (only objects and functions are looked into). */
export function isThenable(value: unknown): boolean {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** The error for a synchronous user function that returned a promise. `what` names it ("map function"). */
export function promiseReturnedError(what: string): Error {
  return new TypeError(
    `${what} returned a Promise: operators are synchronous; use AsyncDataStream.orderedWait for asynchronous calls`,
  );
}

function bindMethod<F>(fn: unknown, method: string, api: string, signature: string): NormalizedFunction<F> {
  if (typeof fn === 'function') return { call: fn as F, rich: undefined };
  if (fn !== null && typeof fn === 'object') {
    const m = (fn as Record<string, unknown>)[method];
    if (typeof m === 'function') return { call: m.bind(fn) as F, rich: fn as RichFunction };
  }
  throw new TypeError(
    `${api} expects a function ${signature} or an object with a ${method}${signature} method, got ${describeValue(fn)}`,
  );
}

/** keyBy's selector as a plain function. */
export function normalizeKeySelector<T, K>(fn: KeySelector<T, K>): (value: T) => K {
  return bindMethod<(value: T) => K>(fn, 'getKey', 'keyBy', '(value)').call;
}

export function normalizeMapFunction<I, O>(fn: MapFunction<I, O>): NormalizedFunction<(value: I) => O> {
  return bindMethod(fn, 'map', 'map', '(value)');
}

export function normalizeFlatMapFunction<I, O>(fn: FlatMapFunction<I, O>): NormalizedFunction<FlatMapCall<I, O>> {
  return bindMethod(fn, 'flatMap', 'flatMap', '(value, out)');
}

/** A flatMap-style call; what it returns is checked by the operator (an iterable, or nothing). */
export type FlatMapCall<I, O> = (value: I, out: Collector<O>) => unknown;

export function normalizeFilterFunction<T>(fn: FilterFunction<T>): NormalizedFunction<(value: T) => boolean> {
  return bindMethod(fn, 'filter', 'filter', '(value)');
}

export function normalizeReduceFunction<T>(fn: ReduceFunction<T>): NormalizedFunction<(a: T, b: T) => T> {
  return bindMethod(fn, 'reduce', 'reduce', '(a, b)');
}

function requireMethods(fn: unknown, methods: readonly string[], api: string): RichFunction {
  if (fn !== null && typeof fn === 'object') {
    const missing = methods.filter((m) => typeof (fn as Record<string, unknown>)[m] !== 'function');
    if (missing.length === 0) return fn as RichFunction;
    throw new TypeError(`${api} expects an object with ${methods.join(', ')} methods; ${missing.join(', ')} missing`);
  }
  throw new TypeError(`${api} expects an object with ${methods.join(', ')} methods, got ${describeValue(fn)}`);
}

export interface NormalizedCoMap<I1, I2, O> {
  readonly map1: (value: I1) => O;
  readonly map2: (value: I2) => O;
  readonly rich: RichFunction;
}

export function normalizeCoMapFunction<I1, I2, O>(fn: CoMapFunction<I1, I2, O>): NormalizedCoMap<I1, I2, O> {
  requireMethods(fn, ['map1', 'map2'], 'connect(...).map');
  return { map1: fn.map1.bind(fn), map2: fn.map2.bind(fn), rich: fn };
}

export interface NormalizedCoFlatMap<I1, I2, O> {
  readonly flatMap1: FlatMapCall<I1, O>;
  readonly flatMap2: FlatMapCall<I2, O>;
  readonly rich: RichFunction;
}

export function normalizeCoFlatMapFunction<I1, I2, O>(
  fn: CoFlatMapFunction<I1, I2, O>,
): NormalizedCoFlatMap<I1, I2, O> {
  requireMethods(fn, ['flatMap1', 'flatMap2'], 'connect(...).flatMap');
  return { flatMap1: fn.flatMap1.bind(fn), flatMap2: fn.flatMap2.bind(fn), rich: fn };
}

/** Checks that an object-shaped function (co-process, broadcast process, ...) has its required methods. */
export function checkFunctionObject<F extends object>(fn: F, methods: readonly string[], api: string): F {
  requireMethods(fn, methods, api);
  return fn;
}

/**
 * A ProcessFunction-like object, checked; a plain function is accepted as its processElement, so
 * `.process((value, ctx, out) => ...)` works without a class.
 */
export function normalizeProcessFunction<F extends { processElement: unknown }>(
  fn: F | F['processElement'],
  api: string,
): F {
  if (typeof fn === 'function') return { processElement: fn } as F;
  requireMethods(fn, ['processElement'], api);
  return fn as F;
}

export interface NormalizedAsyncFunction<I, O> {
  readonly invoke: (input: I) => Promise<O | O[]>;
  readonly timeout: ((input: I) => O | O[] | undefined) | undefined;
  readonly rich: RichFunction | undefined;
}

export function normalizeAsyncFunction<I, O>(fn: AsyncFunction<I, O>): NormalizedAsyncFunction<I, O> {
  const { call, rich } = bindMethod<(input: I) => Promise<O | O[]>>(fn, 'asyncInvoke', 'AsyncDataStream', '(input)');
  const timeout = typeof fn === 'object' && typeof fn.timeout === 'function' ? fn.timeout.bind(fn) : undefined;
  return { invoke: call, timeout, rich };
}

/** Opens a rich function with the operator's context; a promise returned from open() is a contract error. */
export function openFunction(rich: RichFunction | undefined, context: RuntimeContext, what: string): void {
  if (rich === undefined || typeof rich.open !== 'function') return;
  const r: unknown = rich.open(context);
  if (isThenable(r)) throw promiseReturnedError(`open() of the ${what}`);
}

export function closeFunction(rich: RichFunction | undefined): void {
  if (rich !== undefined && typeof rich.close === 'function') rich.close();
}
