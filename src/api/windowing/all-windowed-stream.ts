import type { TypeInformation } from '../../core/types/type-information.js';
import type { DataStream, KeyedStream, SingleOutputStreamOperator } from '../datastream/index.js';
import type { AggregateFunction, ReduceFunction } from '../functions/functions.js';
import type { WindowAssigner } from './assigners.js';
import {
  functionName,
  type ProcessAllWindowFunctionLike,
  passThrough,
  toUserProcess,
  type UserProcess,
} from './window-functions.js';
import { type WindowContents, windowOperatorFactory, windowOperatorName } from './window-operator-builder.js';
import { WindowConfiguration } from './windowed-stream.js';
import type { Window } from './windows.js';

/** The one key of windowAll (Flink's NullByteKeySelector): all records share it. */
const ALL_KEY = 0;
const allKey = (): number => ALL_KEY;

/**
 * A non-keyed stream cut into windows (Flink's AllWindowedStream): all records go to one subtask (parallelism 1,
 * max parallelism 1), keyed by a constant, and get the same window semantics as keyed windows.
 */
export class AllWindowedStream<T, W extends Window> extends WindowConfiguration<T, W> {
  private readonly keyed: KeyedStream<T, number>;

  /** @internal Use dataStream.windowAll(assigner). */
  constructor(input: DataStream<T>, assigner: WindowAssigner<T, W>) {
    super(assigner, 'AllWindowedStream');
    this.keyed = input.keyBy(allKey);
  }

  reduce(fn: ReduceFunction<T>): SingleOutputStreamOperator<T>;
  reduce<R>(
    fn: ReduceFunction<T>,
    process: ProcessAllWindowFunctionLike<T, R, W>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R>;
  reduce<R>(
    fn: ReduceFunction<T>,
    process?: ProcessAllWindowFunctionLike<T, R, W>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    const type = process === undefined ? (this.keyed.getType() as TypeInformation<R> | undefined) : outputType;
    return this.build(this.reduceContents(fn), process, type);
  }

  aggregate<ACC, R>(fn: AggregateFunction<T, ACC, R>): SingleOutputStreamOperator<R>;
  aggregate<ACC, V, R>(
    fn: AggregateFunction<T, ACC, V>,
    process: ProcessAllWindowFunctionLike<V, R, W>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R>;
  aggregate<ACC, V, R>(
    fn: AggregateFunction<T, ACC, V>,
    process?: ProcessAllWindowFunctionLike<V, R, W>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    return this.build(this.aggregateContents(fn), process, outputType);
  }

  process<R>(
    fn: ProcessAllWindowFunctionLike<T, R, W>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    return this.build({ kind: 'elements' }, fn, outputType);
  }

  private build<R>(
    contents: WindowContents<T>,
    process: unknown,
    outputType: TypeInformation<R> | undefined,
  ): SingleOutputStreamOperator<R> {
    const user =
      process === undefined
        ? (passThrough() as UserProcess<unknown, R, unknown, W>)
        : toUserProcess<unknown, R, unknown, W>(process, false);
    const userName =
      process === undefined ? 'PassThroughWindowFunction' : functionName(process, 'ProcessAllWindowFunction');
    const settings = this.settings;
    const factory = windowOperatorFactory<T, R, unknown, W>(settings, contents, user, userName);
    factory();
    return this.keyed
      .transform(windowOperatorName(settings, contents, userName), factory, outputType)
      .setParallelism(1)
      .setMaxParallelism(1);
  }
}
