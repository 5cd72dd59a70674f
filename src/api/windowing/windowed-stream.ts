import type { Duration } from '../../core/time.js';
import type { TypeInformation } from '../../core/types/type-information.js';
import type { KeyedStream, SingleOutputStreamOperator } from '../datastream/index.js';
import type { AggregateFunction, ReduceFunction } from '../functions/functions.js';
import type { OutputTag } from '../output-tag.js';
import { isMergingWindowAssigner, type WindowAssigner } from './assigners.js';
import type { Evictor } from './evictors.js';
import type { Trigger } from './triggers.js';
import {
  fromWindowFunction,
  functionName,
  type ProcessWindowFunctionLike,
  passThrough,
  toUserProcess,
  type UserProcess,
  type WindowFunction,
} from './window-functions.js';
import {
  type WindowContents,
  type WindowSettings,
  windowAggregate,
  windowOperatorFactory,
  windowOperatorName,
  windowReduce,
} from './window-operator-builder.js';
import type { Window } from './windows.js';

/** The settings shared by keyed and all-windowed streams; setters return `this` so they chain. */
export class WindowConfiguration<T, W extends Window> {
  protected settings: WindowSettings<T, W>;
  constructor(
    assigner: WindowAssigner<T, W>,
    protected readonly api: string,
  ) {
    if (assigner === null || typeof assigner !== 'object' || typeof assigner.assignWindows !== 'function') {
      throw new TypeError(
        `${api}(assigner) expects a WindowAssigner, e.g. TumblingEventTimeWindows.of(Duration.ofSeconds(10))`,
      );
    }
    this.settings = {
      assigner,
      trigger: assigner.getDefaultTrigger(),
      evictor: undefined,
      allowedLateness: 0,
      lateDataOutputTag: undefined,
    };
  }

  /** Replaces the assigner's default trigger. Merging (session) windows need a trigger that can merge. */
  trigger(trigger: Trigger<T, W>): this {
    if (trigger === null || typeof trigger !== 'object' || typeof trigger.onElement !== 'function') {
      throw new TypeError('trigger(...) expects a Trigger, e.g. CountTrigger.of(100)');
    }
    if (isMergingWindowAssigner(this.settings.assigner) && trigger.canMerge?.() !== true) {
      throw new Error(
        `A merging window assigner (${String(this.settings.assigner)}) cannot be used with a trigger that does not ` +
          'support merging: implement canMerge() (returning true) and onMerge() in the trigger',
      );
    }
    this.settings = { ...this.settings, trigger };
    return this;
  }

  /** Removes elements before/after the window function; the window then keeps every element until it fires. */
  evictor(evictor: Evictor<T, W>): this {
    if (evictor === null || typeof evictor !== 'object' || typeof evictor.evictBefore !== 'function') {
      throw new TypeError('evictor(...) expects an Evictor, e.g. CountEvictor.of(10)');
    }
    this.settings = { ...this.settings, evictor };
    return this;
  }

  /** Keeps windows for late elements this long past their end (event time; default 0). Late firings follow. */
  allowedLateness(lateness: Duration | number): this {
    const ms = typeof lateness === 'number' ? lateness : lateness.toMillis();
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`allowedLateness must be a finite, non-negative duration, got ${ms} ms`);
    }
    this.settings = { ...this.settings, allowedLateness: ms };
    return this;
  }

  /** Sends elements that arrive after their windows' cleanup to this side output instead of dropping them. */
  sideOutputLateData(tag: OutputTag<T>): this {
    if (tag === null || typeof tag !== 'object' || typeof tag.id !== 'string') {
      throw new TypeError('sideOutputLateData(tag) expects an OutputTag, e.g. new OutputTag<Event>("late")');
    }
    this.settings = { ...this.settings, lateDataOutputTag: tag };
    return this;
  }

  protected reduceContents(fn: ReduceFunction<T>): WindowContents<T> {
    return windowReduce(fn, `${this.api}.reduce`);
  }

  protected aggregateContents<ACC, R>(fn: AggregateFunction<T, ACC, R>): WindowContents<T> {
    return windowAggregate(
      fn as unknown as AggregateFunction<T, unknown, unknown>,
      this.settings.assigner,
      `${this.api}.aggregate`,
    );
  }
}

/**
 * A keyed stream cut into windows (Flink's WindowedStream): configure trigger, evictor, lateness and late side
 * output, then give the window function. Records with the same key and window are combined; results carry the
 * window's maxTimestamp.
 */
export class WindowedStream<T, K, W extends Window> extends WindowConfiguration<T, W> {
  /** @internal Use keyedStream.window(assigner). */
  constructor(
    private readonly input: KeyedStream<T, K>,
    assigner: WindowAssigner<T, W>,
  ) {
    super(assigner, 'WindowedStream');
  }

  /** Folds each window incrementally; emits the result (or hands it to `process`) when the window fires. */
  reduce(fn: ReduceFunction<T>): SingleOutputStreamOperator<T>;
  reduce<R>(
    fn: ReduceFunction<T>,
    process: ProcessWindowFunctionLike<T, R, K, W>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R>;
  reduce<R>(
    fn: ReduceFunction<T>,
    process?: ProcessWindowFunctionLike<T, R, K, W>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    const type = process === undefined ? (this.input.getType() as TypeInformation<R> | undefined) : outputType;
    return this.build(this.reduceContents(fn), process, type);
  }

  /** Aggregates each window with accumulators (merged when sessions merge); emits getResult (or hands it on). */
  aggregate<ACC, R>(fn: AggregateFunction<T, ACC, R>): SingleOutputStreamOperator<R>;
  aggregate<ACC, V, R>(
    fn: AggregateFunction<T, ACC, V>,
    process: ProcessWindowFunctionLike<V, R, K, W>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R>;
  aggregate<ACC, V, R>(
    fn: AggregateFunction<T, ACC, V>,
    process?: ProcessWindowFunctionLike<V, R, K, W>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    return this.build(this.aggregateContents(fn), process, outputType);
  }

  /** Hands all elements of a firing window to a ProcessWindowFunction (or a plain process function). */
  process<R>(
    fn: ProcessWindowFunctionLike<T, R, K, W>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    return this.build({ kind: 'elements' }, fn, outputType);
  }

  /** Flink's apply(WindowFunction): as process, with the window instead of a context. */
  apply<R>(fn: WindowFunction<T, R, K, W>, outputType?: TypeInformation<R>): SingleOutputStreamOperator<R> {
    const user = fromWindowFunction(fn);
    const name = functionName(fn, 'WindowFunction');
    return this.emit({ kind: 'elements' }, user as UserProcess<unknown, R, K, W>, name, outputType);
  }

  private build<R>(
    contents: WindowContents<T>,
    process: unknown,
    outputType: TypeInformation<R> | undefined,
  ): SingleOutputStreamOperator<R> {
    if (process === undefined) {
      return this.emit(
        contents,
        passThrough() as UserProcess<unknown, R, K, W>,
        'PassThroughWindowFunction',
        outputType,
      );
    }
    const user = toUserProcess<unknown, R, K, W>(process, true);
    return this.emit(contents, user, functionName(process, 'ProcessWindowFunction'), outputType);
  }

  private emit<R>(
    contents: WindowContents<T>,
    user: UserProcess<unknown, R, K, W>,
    userName: string,
    outputType: TypeInformation<R> | undefined,
  ): SingleOutputStreamOperator<R> {
    const settings = this.settings;
    const factory = windowOperatorFactory<T, R, K, W>(settings, contents, user, userName);
    factory();
    return this.input.transform(windowOperatorName(settings, contents, userName), factory, outputType);
  }
}
