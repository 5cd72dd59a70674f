import type { AggregateFunction, ReduceFunction } from '../functions/functions.js';
import { describeValue, normalizeReduceFunction } from '../functions/normalize.js';
import { EvictingWindowOperator } from '../operators/evicting-window-operator.js';
import type { OneInputStreamOperator } from '../operators/stream-operator.js';
import { WINDOW_CONTENTS, WindowOperator } from '../operators/window-operator.js';
import type { OutputTag } from '../output-tag.js';
import { AggregatingStateDescriptor, ListStateDescriptor, ReducingStateDescriptor } from '../state/descriptors.js';
import { isMergingWindowAssigner, type WindowAssigner } from './assigners.js';
import type { Evictor } from './evictors.js';
import type { Trigger } from './triggers.js';
import {
  aggregateThen,
  functionName,
  IterableWindowFunction,
  reduceThen,
  SingleValueWindowFunction,
  type UserProcess,
} from './window-functions.js';
import type { Window } from './windows.js';

// Builds window operator factories from a WindowedStream's settings (Flink's WindowOperatorBuilder): which state
// keeps the contents, which internal function unpacks it, and whether an evictor needs all elements kept.

/** The settings of a windowed stream at the time a window function is given. */
export interface WindowSettings<T, W extends Window> {
  readonly assigner: WindowAssigner<T, W>;
  readonly trigger: Trigger<T, W>;
  readonly evictor: Evictor<T, W> | undefined;
  readonly allowedLateness: number;
  readonly lateDataOutputTag: OutputTag<T> | undefined;
}

/** How the window pre-aggregates: not at all (all elements), by reduce, or by an AggregateFunction. */
export type WindowContents<T> =
  | { readonly kind: 'elements' }
  | { readonly kind: 'reduce'; readonly reduce: (a: T, b: T) => T; readonly name: string }
  | { readonly kind: 'aggregate'; readonly aggregate: AggregateFunction<T, unknown, unknown>; readonly name: string };

/** A reduce function for windows: Flink rejects rich ones (use reduce(fn, processWindowFunction) for open/close). */
export function windowReduce<T>(fn: ReduceFunction<T>, api: string): WindowContents<T> {
  const { call, rich } = normalizeReduceFunction(fn);
  if (rich !== undefined && (typeof rich.open === 'function' || typeof rich.close === 'function')) {
    throw new TypeError(
      `${api}: the ReduceFunction cannot have open/close (a RichFunction); use reduce(fn, processWindowFunction) ` +
        'and put the lifecycle in the process window function',
    );
  }
  return { kind: 'reduce', reduce: call, name: functionName(fn, 'ReduceFunction') };
}

export function windowAggregate<T>(
  fn: AggregateFunction<T, unknown, unknown>,
  assigner: WindowAssigner<T, Window>,
  api: string,
): WindowContents<T> {
  const methods = ['createAccumulator', 'add', 'getResult'];
  if (isMergingWindowAssigner(assigner)) methods.push('merge');
  const missing =
    fn === null || typeof fn !== 'object'
      ? methods
      : methods.filter((m) => typeof (fn as unknown as Record<string, unknown>)[m] !== 'function');
  if (missing.length > 0) {
    throw new TypeError(
      `${api} expects an AggregateFunction with ${methods.join(', ')} methods; missing ${missing.join(', ')} ` +
        `(got ${describeValue(fn)}). merge is needed for merging (session) windows.`,
    );
  }
  return { kind: 'aggregate', aggregate: fn, name: functionName(fn, 'AggregateFunction') };
}

/** "Window(TumblingEventTimeWindows(10000), EventTimeTrigger, ReduceFunction, PassThroughWindowFunction)". */
export function windowOperatorName<T, W extends Window>(
  settings: WindowSettings<T, W>,
  contents: WindowContents<T>,
  userName: string,
): string {
  const trigger = functionName(settings.trigger, 'Trigger');
  const evictor = settings.evictor === undefined ? '' : `${functionName(settings.evictor, 'Evictor')}, `;
  const first = contents.kind === 'elements' ? '' : `${contents.name}, `;
  return `Window(${String(settings.assigner)}, ${trigger}, ${evictor}${first}${userName})`;
}

/** The operator factory: a fresh operator per subtask, over the settings captured now. */
export function windowOperatorFactory<T, OUT, K, W extends Window>(
  settings: WindowSettings<T, W>,
  contents: WindowContents<T>,
  user: UserProcess<unknown, OUT, K, W>,
  userName: string,
): () => OneInputStreamOperator<T, OUT> {
  const common = {
    assigner: settings.assigner,
    trigger: settings.trigger,
    allowedLateness: settings.allowedLateness,
    lateDataOutputTag: settings.lateDataOutputTag,
  };
  const evictor = settings.evictor;
  if (evictor !== undefined) {
    const process: UserProcess<T, OUT, K, W> =
      contents.kind === 'reduce'
        ? (reduceThen(contents.reduce, user) as UserProcess<T, OUT, K, W>)
        : contents.kind === 'aggregate'
          ? aggregateThen(contents.aggregate, user)
          : (user as UserProcess<T, OUT, K, W>);
    return () =>
      new EvictingWindowOperator<T, OUT, K, W>({
        ...common,
        evictor,
        stateDescriptor: new ListStateDescriptor<unknown>(WINDOW_CONTENTS),
        windowFunction: new IterableWindowFunction<T, OUT, K, W>(process, userName),
      });
  }
  switch (contents.kind) {
    case 'elements':
      return () =>
        new WindowOperator<T, Iterable<T>, OUT, K, W>({
          ...common,
          stateDescriptor: new ListStateDescriptor<T>(WINDOW_CONTENTS),
          windowFunction: new IterableWindowFunction<T, OUT, K, W>(user as UserProcess<T, OUT, K, W>, userName),
        });
    case 'reduce':
      return () =>
        new WindowOperator<T, T, OUT, K, W>({
          ...common,
          stateDescriptor: new ReducingStateDescriptor<T>(WINDOW_CONTENTS, contents.reduce),
          windowFunction: new SingleValueWindowFunction<T, OUT, K, W>(user as UserProcess<T, OUT, K, W>, userName),
        });
    case 'aggregate':
      return () =>
        new WindowOperator<T, unknown, OUT, K, W>({
          ...common,
          stateDescriptor: new AggregatingStateDescriptor<T, unknown, unknown>(WINDOW_CONTENTS, contents.aggregate),
          windowFunction: new SingleValueWindowFunction<unknown, OUT, K, W>(user, userName),
        });
    default: {
      const unknownKind: never = contents;
      throw new Error(`Unknown window contents kind: ${(unknownKind as { kind: string }).kind}`);
    }
  }
}
