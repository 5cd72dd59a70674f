import type { Duration } from '../../core/time.js';
import type { TypeInformation } from '../../core/types/type-information.js';
import type { Collector, KeySelector, RichFunction } from '../functions/functions.js';
import {
  checkFunctionObject,
  describeValue,
  isThenable,
  normalizeKeySelector,
  promiseReturnedError,
} from '../functions/normalize.js';
import type { WindowAssigner } from '../windowing/assigners.js';
import type { Evictor } from '../windowing/evictors.js';
import type { Trigger } from '../windowing/triggers.js';
import type { Window } from '../windowing/windows.js';
import {
  type CoGroupCall,
  type CoGroupKeys,
  type CoGroupWindowSettings,
  checkAssigner,
  checkedKeys,
  coGroupWindowed,
  guarded,
  type TaggedUnion,
} from './co-grouped-streams.js';
import type { DataStream, SingleOutputStreamOperator } from './index.js';

// Flink's JoinedStreams: a window join is a co-group whose function pairs every element of the first side with
// every element of the second (an inner join: a window with one side empty emits nothing). Results carry the
// window's maxTimestamp, as every window result does.

/** Flink's JoinFunction: one result per pair of elements with the same key in the same window. */
export type JoinFunction<T1, T2, O> =
  | ((first: T1, second: T2) => O)
  | ({ join(first: T1, second: T2): O } & RichFunction);

/** Flink's FlatJoinFunction: any number of results per pair, through the collector. */
export type FlatJoinFunction<T1, T2, O> =
  | ((first: T1, second: T2, out: Collector<O>) => void)
  | ({ join(first: T1, second: T2, out: Collector<O>): void } & RichFunction);

/** stream.join(other): give the first input's key next. */
export class JoinedStreams<T1, T2> {
  /** @internal Use stream.join(other). */
  constructor(
    private readonly input1: DataStream<T1>,
    private readonly input2: DataStream<T2>,
  ) {}

  where<K>(keySelector: KeySelector<T1, K>, keyType?: TypeInformation<K>): JoinWhere<T1, T2, K> {
    return new JoinWhere<T1, T2, K>(this.input1, this.input2, normalizeKeySelector(keySelector), keyType);
  }
}

/** join(...).where(key1): give the second input's key next. */
export class JoinWhere<T1, T2, K> {
  /** @internal */
  constructor(
    private readonly input1: DataStream<T1>,
    private readonly input2: DataStream<T2>,
    private readonly key1: (value: T1) => K,
    private readonly keyType1: TypeInformation<K> | undefined,
  ) {}

  equalTo(keySelector: KeySelector<T2, K>, keyType?: TypeInformation<K>): JoinEqualTo<T1, T2, K> {
    const keys = checkedKeys(this.key1, this.keyType1, normalizeKeySelector(keySelector), keyType);
    return new JoinEqualTo<T1, T2, K>(this.input1, this.input2, keys);
  }
}

/** join(...).where(...).equalTo(...): give the window assigner next. */
export class JoinEqualTo<T1, T2, K> {
  /** @internal */
  constructor(
    private readonly input1: DataStream<T1>,
    private readonly input2: DataStream<T2>,
    private readonly keys: CoGroupKeys<T1, T2, K>,
  ) {}

  window<W extends Window>(assigner: WindowAssigner<TaggedUnion<T1, T2>, W>): JoinWithWindow<T1, T2, K, W> {
    checkAssigner(assigner, 'join(...).where(...).equalTo(...).window');
    return new JoinWithWindow<T1, T2, K, W>(this.input1, this.input2, this.keys, {
      assigner,
      trigger: undefined,
      evictor: undefined,
      allowedLateness: undefined,
    });
  }
}

/** A windowed join: optionally set trigger, evictor and lateness (each returns a new builder), then apply. */
export class JoinWithWindow<T1, T2, K, W extends Window> {
  /** @internal */
  constructor(
    private readonly input1: DataStream<T1>,
    private readonly input2: DataStream<T2>,
    private readonly keys: CoGroupKeys<T1, T2, K>,
    private readonly settings: CoGroupWindowSettings<T1, T2, W>,
  ) {}

  trigger(trigger: Trigger<TaggedUnion<T1, T2>, W>): JoinWithWindow<T1, T2, K, W> {
    return this.with({ trigger });
  }
  evictor(evictor: Evictor<TaggedUnion<T1, T2>, W>): JoinWithWindow<T1, T2, K, W> {
    return this.with({ evictor });
  }
  allowedLateness(lateness: Duration | number): JoinWithWindow<T1, T2, K, W> {
    return this.with({ allowedLateness: lateness });
  }

  /**
   * Calls the function for every pair (first-side element, second-side element) of a key in a firing window, in
   * arrival order within each side. A function (or `join` method) declared with three parameters is a
   * FlatJoinFunction and emits through `out`; with two, a JoinFunction whose return value is the result.
   */
  apply<O>(
    fn: JoinFunction<T1, T2, O> | FlatJoinFunction<T1, T2, O>,
    outputType?: TypeInformation<O>,
  ): SingleOutputStreamOperator<O> {
    return coGroupWindowed(this.input1, this.input2, this.keys, this.settings, joinCoGroup(fn), outputType);
  }

  private with(change: Partial<CoGroupWindowSettings<T1, T2, W>>): JoinWithWindow<T1, T2, K, W> {
    return new JoinWithWindow<T1, T2, K, W>(this.input1, this.input2, this.keys, { ...this.settings, ...change });
  }
}

type FlatCall<T1, T2, O> = (first: T1, second: T2, out: Collector<O>) => void;

/** Flink's JoinCoGroupFunction / FlatJoinCoGroupFunction: the nested loop over both sides. */
function joinCoGroup<T1, T2, O>(fn: JoinFunction<T1, T2, O> | FlatJoinFunction<T1, T2, O>): CoGroupCall<T1, T2, O> {
  const name = 'join function';
  let flat: FlatCall<T1, T2, O>;
  let rich: RichFunction | undefined;
  if (typeof fn === 'function') {
    flat = asFlat(fn as (a: T1, b: T2, out?: Collector<O>) => unknown, fn.length >= 3);
  } else {
    if (fn === null || typeof fn !== 'object') {
      throw new TypeError(
        `join(...).apply expects a JoinFunction ((first, second) => result), a FlatJoinFunction ((first, ` +
          `second, out) => void) or an object with a join method, got ${describeValue(fn)}`,
      );
    }
    const obj = checkFunctionObject(fn, ['join'], 'join(...).apply') as {
      join(a: T1, b: T2, out?: Collector<O>): unknown;
    } & RichFunction;
    flat = asFlat((a, b, out) => obj.join(a, b, out), obj.join.length >= 3);
    rich = obj;
  }
  const checked = guarded(flat, name);
  const call = (first: T1[], second: T2[], out: Collector<O>): void => {
    for (let i = 0; i < first.length; i++) {
      for (let j = 0; j < second.length; j++) checked(first[i] as T1, second[j] as T2, out);
    }
  };
  return { call, rich, name };
}

function asFlat<T1, T2, O>(fn: (a: T1, b: T2, out?: Collector<O>) => unknown, isFlat: boolean): FlatCall<T1, T2, O> {
  if (isFlat) return fn as FlatCall<T1, T2, O>;
  return (a, b, out) => {
    const r = fn(a, b);
    if (r !== undefined && isThenable(r)) throw promiseReturnedError('join function');
    out.collect(r as O);
  };
}
