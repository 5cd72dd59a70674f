import type { TypeInformation } from '../../core/types/type-information.js';
import type { StreamExecutionEnvironment } from '../environment/stream-execution-environment.js';
import { autoWatermarkInterval } from '../eventtime/auto-watermark-interval.js';
import { isWatermarkStrategy, type WatermarkStrategy } from '../eventtime/watermark-strategy.js';
import type {
  FilterFunction,
  FlatMapFunction,
  KeySelector,
  MapFunction,
  PartitionerFunction,
} from '../functions/functions.js';
import { describeValue, normalizeKeySelector } from '../functions/normalize.js';
import type { ProcessFunction } from '../functions/process-functions.js';
import { ProcessOperator } from '../operators/process-operator.js';
import { StreamFilter } from '../operators/stream-filter.js';
import { StreamFlatMap } from '../operators/stream-flat-map.js';
import { StreamMap } from '../operators/stream-map.js';
import type { OneInputStreamOperator, OperatorFactory } from '../operators/stream-operator.js';
import { TimestampsAndWatermarksOperator } from '../operators/timestamps-and-watermarks-operator.js';
import { PrintSink } from '../sink/print-sink.js';
import type { Sink } from '../sink/sink.js';
import { MapStateDescriptor } from '../state/descriptors.js';
import type {
  KeyFn,
  OneInputTransformation,
  PartitionerSpec,
  PartitionTransformation,
  SinkTransformation,
  Transformation,
  UnionTransformation,
} from '../transformations.js';
import { AllWindowedStream } from '../windowing/all-windowed-stream.js';
import type { WindowAssigner } from '../windowing/assigners.js';
import type { Window } from '../windowing/windows.js';
import { type CloseableIterator, executeAndCollect } from './collect-result-iterator.js';
import {
  BroadcastConnectedStream,
  BroadcastStream,
  CoGroupedStreams,
  ConnectedStreams,
  DataStreamSink,
  JoinedStreams,
  KeyedStream,
  SingleOutputStreamOperator,
} from './index.js';
import { checkNonEmptyString, commonSettings, PARALLELISM_DEFAULT } from './transformation-settings.js';

/** The key a keyed stream's operators scope their state and timers to. */
export interface StateKey {
  readonly selector: KeyFn;
  readonly type: TypeInformation<unknown> | undefined;
}

/**
 * A stream of records of type T (Flink's DataStream). Every method adds a transformation to the environment and
 * returns a new stream: streams are immutable handles; the settings of an operator are changed through the
 * SingleOutputStreamOperator that created it. Record types are inferred from the functions; a TypeInformation
 * argument declares the type so exchanges can use a schema-specific codec.
 */
export class DataStream<T> {
  constructor(
    protected readonly environment: StreamExecutionEnvironment,
    protected readonly transformation: Transformation,
  ) {}

  getId(): number {
    return this.transformation.id;
  }

  getParallelism(): number {
    return this.transformation.parallelism;
  }

  getType(): TypeInformation<T> | undefined {
    return this.transformation.outputType as TypeInformation<T> | undefined;
  }

  getExecutionEnvironment(): StreamExecutionEnvironment {
    return this.environment;
  }

  /** @internal The transformation this stream reads from. */
  getTransformation(): Transformation {
    return this.transformation;
  }

  map<R>(mapper: MapFunction<T, R>, outputType?: TypeInformation<R>): SingleOutputStreamOperator<R> {
    return this.transform(
      'Map',
      checked(() => new StreamMap<T, R>(mapper)),
      outputType,
    );
  }

  flatMap<R>(flatMapper: FlatMapFunction<T, R>, outputType?: TypeInformation<R>): SingleOutputStreamOperator<R> {
    return this.transform(
      'Flat Map',
      checked(() => new StreamFlatMap<T, R>(flatMapper)),
      outputType,
    );
  }

  filter(filter: FilterFunction<T>): SingleOutputStreamOperator<T> {
    return this.transform(
      'Filter',
      checked(() => new StreamFilter<T>(filter)),
      this.getType(),
    );
  }

  /** Runs a ProcessFunction (or a plain processElement function) on every record; timers need a keyed stream. */
  process<R>(
    fn: ProcessFunction<T, R> | ProcessFunction<T, R>['processElement'],
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    return this.transform(
      'Process',
      checked(() => new ProcessOperator<T, R>(fn)),
      outputType,
    );
  }

  /**
   * Gives records new timestamps and watermarks from `strategy` (replacing the input's event time: upstream
   * watermarks are dropped, except the final one at the end of input). Periodic generators run every
   * pipeline.auto-watermark-interval (200 ms by default). Runs at the input's parallelism, so it chains to it.
   */
  assignTimestampsAndWatermarks(strategy: WatermarkStrategy<T>): SingleOutputStreamOperator<T> {
    if (!isWatermarkStrategy(strategy)) {
      throw new TypeError(
        'assignTimestampsAndWatermarks expects a WatermarkStrategy, e.g. ' +
          `WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofSeconds(5)), got ${describeValue(strategy)}`,
      );
    }
    const interval = autoWatermarkInterval(this.environment.getConfig());
    return this.transform(
      'Timestamps/Watermarks',
      () => new TimestampsAndWatermarksOperator<T>(strategy, interval),
      this.getType(),
    ).setParallelism(this.transformation.parallelism);
  }

  /**
   * Adds a one-input operator (Flink's transform); the other methods are built on it. The factory runs once per
   * subtask and must return a fresh operator each time. On a keyed stream the operator gets the stream's key.
   */
  transform<R>(
    operatorName: string,
    operatorFactory: OperatorFactory<OneInputStreamOperator<T, R>>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    checkNonEmptyString(operatorName, 'transform(): the operator name', "'Window(...)'");
    if (typeof operatorFactory !== 'function') {
      throw new TypeError(
        `transform(): the operator factory must be a function, got ${describeValue(operatorFactory)}`,
      );
    }
    const key = this.stateKey();
    const t = this.environment.addTransformation(
      (id): OneInputTransformation => ({
        ...commonSettings(id, operatorName, PARALLELISM_DEFAULT, outputType as TypeInformation<unknown> | undefined),
        kind: 'one-input',
        input: this.transformation,
        operatorFactory: operatorFactory as OperatorFactory<OneInputStreamOperator<unknown, unknown>>,
        keySelector: key?.selector,
        keyType: key?.type,
      }),
    );
    return new SingleOutputStreamOperator<R>(this.environment, t);
  }

  /** Partitions by key: records with equal keys (compared by value) meet in the same subtask and share state. */
  keyBy<K>(key: KeySelector<T, K>, keyType?: TypeInformation<K>): KeyedStream<T, K> {
    return new KeyedStream<T, K>(this, normalizeKeySelector(key), keyType);
  }

  /** Merges streams of the same type; a stream may be given more than once (its records then appear each time). */
  union(...streams: DataStream<T>[]): DataStream<T> {
    const inputs: Transformation[] = [this.transformation];
    for (const stream of streams) {
      this.checkSameEnvironment(stream, 'union');
      const a = this.transformation.outputType;
      const b = stream.getTransformation().outputType;
      if (a !== undefined && b !== undefined && a.describe() !== b.describe()) {
        throw new TypeError(`Cannot union streams of different types: ${a.describe()} and ${b.describe()}`);
      }
      inputs.push(stream.getTransformation());
    }
    const t = this.environment.addTransformation(
      (id): UnionTransformation => ({
        ...commonSettings(id, 'Union', this.transformation.parallelism, this.transformation.outputType),
        kind: 'union',
        inputs,
      }),
    );
    return new DataStream<T>(this.environment, t);
  }

  /** Connects with a broadcast stream (the broadcast state pattern) or with any stream (two-input functions). */
  connect<R>(stream: BroadcastStream<R>): BroadcastConnectedStream<T, R>;
  connect<R>(stream: DataStream<R>): ConnectedStreams<T, R>;
  connect<R>(stream: DataStream<R> | BroadcastStream<R>): ConnectedStreams<T, R> | BroadcastConnectedStream<T, R> {
    if (stream instanceof BroadcastStream) {
      this.checkSameEnvironment(stream, 'connect');
      return new BroadcastConnectedStream<T, R>(this.environment, this, stream);
    }
    this.checkSameEnvironment(stream, 'connect');
    return new ConnectedStreams<T, R>(this.environment, this, stream);
  }

  /** A window join with `other` (Flink's join): .where(key).equalTo(key).window(assigner).apply(joinFunction). */
  join<T2>(other: DataStream<T2>): JoinedStreams<T, T2> {
    this.checkSameEnvironment(other, 'join');
    return new JoinedStreams<T, T2>(this, other);
  }

  /** A window co-group with `other` (Flink's coGroup): .where(key).equalTo(key).window(assigner).apply(fn). */
  coGroup<T2>(other: DataStream<T2>): CoGroupedStreams<T, T2> {
    this.checkSameEnvironment(other, 'coGroup');
    return new CoGroupedStreams<T, T2>(this, other);
  }

  /** Sends every record to every subtask; with MapStateDescriptors, a BroadcastStream for the broadcast state pattern. */
  broadcast(): DataStream<T>;
  broadcast(
    ...descriptors: [MapStateDescriptor<unknown, unknown>, ...MapStateDescriptor<unknown, unknown>[]]
  ): BroadcastStream<T>;
  broadcast(...descriptors: MapStateDescriptor<unknown, unknown>[]): DataStream<T> | BroadcastStream<T> {
    for (const [i, descriptor] of descriptors.entries()) {
      if (!(descriptor instanceof MapStateDescriptor)) {
        throw new TypeError(
          `broadcast(...): argument ${i + 1} is ${describeValue(descriptor)}; broadcast state is declared with ` +
            "MapStateDescriptors, e.g. new MapStateDescriptor<string, Rule>('rules')",
        );
      }
    }
    const partitioned = this.setConnectionType({ kind: 'broadcast' });
    if (descriptors.length === 0) return partitioned;
    return new BroadcastStream<T>(this.environment, partitioned.getTransformation(), descriptors);
  }

  /** To the subtask with the same index (needs equal parallelism on both sides). */
  forward(): DataStream<T> {
    return this.setConnectionType({ kind: 'forward' });
  }

  /** Round-robin over all downstream subtasks. */
  rebalance(): DataStream<T> {
    return this.setConnectionType({ kind: 'rebalance' });
  }

  /** Round-robin over a local subset of downstream subtasks. */
  rescale(): DataStream<T> {
    return this.setConnectionType({ kind: 'rescale' });
  }

  /** To a uniformly random downstream subtask. */
  shuffle(): DataStream<T> {
    return this.setConnectionType({ kind: 'shuffle' });
  }

  /** Everything to the first downstream subtask. */
  global(): DataStream<T> {
    return this.setConnectionType({ kind: 'global' });
  }

  /** To the subtask the partitioner picks for the record's key: partition(key, numPartitions) in [0, numPartitions). */
  partitionCustom<K>(partitioner: PartitionerFunction<K>, keySelector: KeySelector<T, K>): DataStream<T> {
    const ok =
      typeof partitioner === 'function' ||
      (partitioner !== null && typeof partitioner === 'object' && typeof partitioner.partition === 'function');
    if (!ok) {
      throw new TypeError(
        'partitionCustom expects a function (key, numPartitions) => index or an object with a partition(key, ' +
          `numPartitions) method, got ${describeValue(partitioner)}`,
      );
    }
    return this.setConnectionType({
      kind: 'custom',
      keySelector: toKeyFn(normalizeKeySelector(keySelector)),
      partitioner: partitioner as unknown as PartitionerFunction<unknown>,
    });
  }

  /** Prints every record to stdout, prefixed as Flink does ("2> " per subtask when parallel, "id:2> " with an id). */
  print(sinkIdentifier?: string): DataStreamSink<T> {
    return this.sinkTo(new PrintSink<T>(sinkIdentifier ?? ''), 'Print to Std. Out');
  }

  /** print() to stderr. */
  printToErr(sinkIdentifier?: string): DataStreamSink<T> {
    return this.sinkTo(new PrintSink<T>(sinkIdentifier ?? '', true), 'Print to Std. Err');
  }

  sinkTo<C, S>(sink: Sink<T, C, S>, name = 'Sink'): DataStreamSink<T> {
    if (sink === null || typeof sink !== 'object' || typeof sink.createWriter !== 'function') {
      throw new TypeError(`sinkTo expects a Sink (an object with createWriter(context)), got ${describeValue(sink)}`);
    }
    checkNonEmptyString(name, 'sinkTo(): the sink name', "'bids to kafka'");
    const t = this.environment.addTransformation(
      (id): SinkTransformation => ({
        ...commonSettings(id, name, PARALLELISM_DEFAULT, undefined),
        kind: 'sink',
        input: this.transformation,
        sink: sink as Sink<unknown, unknown, unknown>,
      }),
    );
    return new DataStreamSink<T>(t);
  }

  /**
   * Runs the job and returns its results: as an iterator (close it, or leave `for await` early, to cancel the job),
   * or, given a limit, as an array of at most that many results (the job is cancelled once they arrived).
   */
  executeAndCollect(jobName?: string): CloseableIterator<T>;
  executeAndCollect(limit: number): Promise<T[]>;
  executeAndCollect(jobName: string, limit: number): Promise<T[]>;
  executeAndCollect(nameOrLimit?: string | number, maybeLimit?: number): CloseableIterator<T> | Promise<T[]> {
    const jobName = typeof nameOrLimit === 'string' ? nameOrLimit : undefined;
    const limit = typeof nameOrLimit === 'number' ? nameOrLimit : maybeLimit;
    return executeAndCollect<T>(this.environment, this.transformation, jobName, limit);
  }

  /** Windows over the whole stream (Flink's windowAll): runs in one subtask (parallelism 1), as in Flink. */
  windowAll<W extends Window>(assigner: WindowAssigner<T, W>): AllWindowedStream<T, W> {
    return new AllWindowedStream<T, W>(this, assigner);
  }

  /** Routes the records to the next operator with this partitioner (Flink's setConnectionType). */
  protected setConnectionType(partitioner: PartitionerSpec): DataStream<T> {
    const t = this.environment.addTransformation(
      (id): PartitionTransformation => ({
        ...commonSettings(id, 'Partition', this.transformation.parallelism, this.transformation.outputType),
        kind: 'partition',
        input: this.transformation,
        partitioner,
      }),
    );
    return new DataStream<T>(this.environment, t);
  }

  /** @internal The key operators on this stream are scoped to; undefined unless the stream is keyed. */
  stateKey(): StateKey | undefined {
    return undefined;
  }

  private checkSameEnvironment(other: unknown, method: string): void {
    if (!(other instanceof DataStream) && !(other instanceof BroadcastStream)) {
      throw new TypeError(`${method}() expects a DataStream, got ${describeValue(other)}`);
    }
    if (other.getExecutionEnvironment() !== this.environment) {
      throw new Error(
        `${method}(): both streams must come from the same StreamExecutionEnvironment; build the whole job ` +
          'through one environment',
      );
    }
  }
}

/** A key selector as the transformation stores it (records are opaque there). */
export function toKeyFn<T, K>(selector: (value: T) => K): KeyFn {
  return selector as unknown as KeyFn;
}

/** Builds one operator right away so a bad user function fails at the call that passed it, not in a worker. */
export function checked<OP>(factory: () => OP): () => OP {
  factory();
  return factory;
}
