import type { Duration } from '../../core/time.js';
import type { TypeInformation } from '../../core/types/type-information.js';
import type { Collector, KeySelector, RichFunction } from '../functions/functions.js';
import {
  checkFunctionObject,
  closeFunction,
  describeValue,
  isThenable,
  normalizeKeySelector,
  openFunction,
  promiseReturnedError,
} from '../functions/normalize.js';
import type { RuntimeContext } from '../functions/runtime-context.js';
import type { WindowAssigner } from '../windowing/assigners.js';
import type { Evictor } from '../windowing/evictors.js';
import type { Trigger } from '../windowing/triggers.js';
import type { Window } from '../windowing/windows.js';
import { type DataStream, KeyedStream, type SingleOutputStreamOperator } from './index.js';

// Flink's CoGroupedStreams: both inputs are tagged (a Map per input, at its parallelism), unioned, keyed by a
// selector that reads the tag, and cut into windows by the ordinary window operator; a window function splits each
// firing window's elements back into the two sides. Window joins (JoinedStreams) are built on this.

/** An element of either input inside a co-group (Flink's TaggedUnion): `tag` says which side it came from. */
export type TaggedUnion<T1, T2> =
  | { readonly tag: 1; readonly one: T1; readonly two?: undefined }
  | { readonly tag: 2; readonly one?: undefined; readonly two: T2 };

/** Flink's CoGroupFunction: all elements of both inputs with one key in one window; either side may be empty. */
export type CoGroupFunction<T1, T2, O> =
  | ((first: Iterable<T1>, second: Iterable<T2>, out: Collector<O>) => void)
  | ({ coGroup(first: Iterable<T1>, second: Iterable<T2>, out: Collector<O>): void } & RichFunction);

/** The windowing settings of a co-group or join, shared by both builders. */
export interface CoGroupWindowSettings<T1, T2, W extends Window> {
  readonly assigner: WindowAssigner<TaggedUnion<T1, T2>, W>;
  readonly trigger: Trigger<TaggedUnion<T1, T2>, W> | undefined;
  readonly evictor: Evictor<TaggedUnion<T1, T2>, W> | undefined;
  readonly allowedLateness: Duration | number | undefined;
}

/** The two key selectors, normalised, and the declared key type (if any). */
export interface CoGroupKeys<T1, T2, K> {
  readonly key1: (value: T1) => K;
  readonly key2: (value: T2) => K;
  readonly keyType: TypeInformation<K> | undefined;
}

/** A (first, second, out) => void call plus the object that carries open/close, if any. */
export interface CoGroupCall<T1, T2, O> {
  readonly call: (first: T1[], second: T2[], out: Collector<O>) => void;
  readonly rich: RichFunction | undefined;
  readonly name: string;
}

/** stream.coGroup(other): give the first input's key next. */
export class CoGroupedStreams<T1, T2> {
  /** @internal Use stream.coGroup(other). */
  constructor(
    private readonly input1: DataStream<T1>,
    private readonly input2: DataStream<T2>,
  ) {}

  where<K>(keySelector: KeySelector<T1, K>, keyType?: TypeInformation<K>): CoGroupWhere<T1, T2, K> {
    return new CoGroupWhere<T1, T2, K>(this.input1, this.input2, normalizeKeySelector(keySelector), keyType);
  }
}

/** coGroup(...).where(key1): give the second input's key next. */
export class CoGroupWhere<T1, T2, K> {
  /** @internal */
  constructor(
    private readonly input1: DataStream<T1>,
    private readonly input2: DataStream<T2>,
    private readonly key1: (value: T1) => K,
    private readonly keyType1: TypeInformation<K> | undefined,
  ) {}

  equalTo(keySelector: KeySelector<T2, K>, keyType?: TypeInformation<K>): CoGroupEqualTo<T1, T2, K> {
    const keys = checkedKeys(this.key1, this.keyType1, normalizeKeySelector(keySelector), keyType);
    return new CoGroupEqualTo<T1, T2, K>(this.input1, this.input2, keys);
  }
}

/** coGroup(...).where(...).equalTo(...): give the window assigner next. */
export class CoGroupEqualTo<T1, T2, K> {
  /** @internal */
  constructor(
    private readonly input1: DataStream<T1>,
    private readonly input2: DataStream<T2>,
    private readonly keys: CoGroupKeys<T1, T2, K>,
  ) {}

  window<W extends Window>(assigner: WindowAssigner<TaggedUnion<T1, T2>, W>): CoGroupWithWindow<T1, T2, K, W> {
    checkAssigner(assigner, 'coGroup(...).where(...).equalTo(...).window');
    return new CoGroupWithWindow<T1, T2, K, W>(this.input1, this.input2, this.keys, {
      assigner,
      trigger: undefined,
      evictor: undefined,
      allowedLateness: undefined,
    });
  }
}

/** A windowed co-group: optionally set trigger, evictor and lateness (each returns a new builder), then apply. */
export class CoGroupWithWindow<T1, T2, K, W extends Window> {
  /** @internal */
  constructor(
    private readonly input1: DataStream<T1>,
    private readonly input2: DataStream<T2>,
    private readonly keys: CoGroupKeys<T1, T2, K>,
    private readonly settings: CoGroupWindowSettings<T1, T2, W>,
  ) {}

  trigger(trigger: Trigger<TaggedUnion<T1, T2>, W>): CoGroupWithWindow<T1, T2, K, W> {
    return this.with({ trigger });
  }
  evictor(evictor: Evictor<TaggedUnion<T1, T2>, W>): CoGroupWithWindow<T1, T2, K, W> {
    return this.with({ evictor });
  }
  allowedLateness(lateness: Duration | number): CoGroupWithWindow<T1, T2, K, W> {
    return this.with({ allowedLateness: lateness });
  }

  /** Calls the function once per key and firing window with both sides' elements (in arrival order). */
  apply<O>(fn: CoGroupFunction<T1, T2, O>, outputType?: TypeInformation<O>): SingleOutputStreamOperator<O> {
    return coGroupWindowed(this.input1, this.input2, this.keys, this.settings, coGroupCall(fn), outputType);
  }

  private with(change: Partial<CoGroupWindowSettings<T1, T2, W>>): CoGroupWithWindow<T1, T2, K, W> {
    return new CoGroupWithWindow<T1, T2, K, W>(this.input1, this.input2, this.keys, { ...this.settings, ...change });
  }
}

/**
 * @internal Builds the co-group as Flink does: tag → union → keyBy(tag-aware key) → window → apply. The window
 * function is named "CoGroupWindowFunction", so the operator reads "Window(<assigner>, <trigger>,
 * CoGroupWindowFunction)".
 */
export function coGroupWindowed<T1, T2, K, W extends Window, O>(
  input1: DataStream<T1>,
  input2: DataStream<T2>,
  keys: CoGroupKeys<T1, T2, K>,
  settings: CoGroupWindowSettings<T1, T2, W>,
  fn: CoGroupCall<T1, T2, O>,
  outputType: TypeInformation<O> | undefined,
): SingleOutputStreamOperator<O> {
  const tagged1 = input1.map(tagOne as (v: T1) => TaggedUnion<T1, T2>).setParallelism(input1.getParallelism());
  const tagged2 = input2.map(tagTwo as (v: T2) => TaggedUnion<T1, T2>).setParallelism(input2.getParallelism());
  const { key1, key2 } = keys;
  const unionKey = (u: TaggedUnion<T1, T2>): K => (u.tag === 1 ? key1(u.one) : key2(u.two));
  let windowed = new KeyedStream<TaggedUnion<T1, T2>, K>(tagged1.union(tagged2), unionKey, keys.keyType).window(
    settings.assigner,
  );
  if (settings.trigger !== undefined) windowed = windowed.trigger(settings.trigger);
  if (settings.evictor !== undefined) windowed = windowed.evictor(settings.evictor);
  if (settings.allowedLateness !== undefined) windowed = windowed.allowedLateness(settings.allowedLateness);
  return windowed.apply(coGroupWindowFunction<T1, T2, K, W, O>(fn), outputType);
}

function tagOne<T1>(one: T1): TaggedUnion<T1, never> {
  return { tag: 1, one };
}
function tagTwo<T2>(two: T2): TaggedUnion<never, T2> {
  return { tag: 2, two };
}

/** Flink's CoGroupWindowFunction: splits a window's tagged elements into the two sides, then calls the user. */
export function coGroupWindowFunction<T1, T2, K, W extends Window, O>(
  fn: CoGroupCall<T1, T2, O>,
): {
  apply(key: K, window: W, input: Iterable<TaggedUnion<T1, T2>>, out: Collector<O>): void;
  open(ctx: RuntimeContext): void;
  close(): void;
} {
  // Named after Flink's class so the window operator's name matches Flink's.
  return new (class CoGroupWindowFunction {
    apply(_key: K, _window: W, input: Iterable<TaggedUnion<T1, T2>>, out: Collector<O>): void {
      const first: T1[] = [];
      const second: T2[] = [];
      for (const u of input) {
        if (u.tag === 1) first.push(u.one);
        else second.push(u.two);
      }
      fn.call(first, second, out);
    }
    open(ctx: RuntimeContext): void {
      openFunction(fn.rich, ctx, fn.name);
    }
    close(): void {
      closeFunction(fn.rich);
    }
  })();
}

function coGroupCall<T1, T2, O>(fn: CoGroupFunction<T1, T2, O>): CoGroupCall<T1, T2, O> {
  const name = 'coGroup function';
  if (typeof fn === 'function') return { call: guarded(fn, name), rich: undefined, name };
  const obj = checkFunctionObject(fn, ['coGroup'], 'coGroup(...).apply');
  return { call: guarded((a, b, out) => obj.coGroup(a, b, out), name), rich: obj, name };
}

/** Rejects functions that return a Promise (operators are synchronous: the results would be lost). */
export function guarded<A, B, O>(
  fn: (a: A, b: B, out: Collector<O>) => unknown,
  what: string,
): (a: A, b: B, out: Collector<O>) => void {
  return (a, b, out) => {
    const r = fn(a, b, out);
    if (r !== undefined && isThenable(r)) throw promiseReturnedError(what);
  };
}

/** Flink checks that both key types agree; we can when both were declared. */
export function checkedKeys<T1, T2, K>(
  key1: (value: T1) => K,
  type1: TypeInformation<K> | undefined,
  key2: (value: T2) => K,
  type2: TypeInformation<K> | undefined,
): CoGroupKeys<T1, T2, K> {
  if (type1 !== undefined && type2 !== undefined && type1.describe() !== type2.describe()) {
    throw new TypeError(
      `The keys for the two inputs are not equal: first key = ${type1.describe()} , second key = ` +
        `${type2.describe()}. Give both where() and equalTo() selectors that return the same key type.`,
    );
  }
  return { key1, key2, keyType: type1 ?? type2 };
}

export function checkAssigner(assigner: unknown, api: string): void {
  const ok =
    assigner !== null &&
    typeof assigner === 'object' &&
    typeof (assigner as { assignWindows?: unknown }).assignWindows === 'function';
  if (!ok) {
    throw new TypeError(
      `${api}(assigner) expects a WindowAssigner, e.g. TumblingEventTimeWindows.of(Duration.ofSeconds(5)), got ` +
        describeValue(assigner),
    );
  }
}
