import type { TypeInformation } from '../../core/types/type-information.js';
import type { ReduceFunction } from '../functions/functions.js';
import { KeyedProcessFunction, ProcessFunction } from '../functions/process-functions.js';
import { type AggregationKind, aggregationFunction } from '../operators/aggregations.js';
import { KeyedProcessOperator } from '../operators/keyed-process-operator.js';
import { StreamGroupedReduce } from '../operators/stream-grouped-reduce.js';
import type { PartitionTransformation } from '../transformations.js';
import type { WindowAssigner } from '../windowing/assigners.js';
import { WindowedStream } from '../windowing/windowed-stream.js';
import type { Window } from '../windowing/windows.js';
import { checked, DataStream, IntervalJoin, type SingleOutputStreamOperator, type StateKey, toKeyFn } from './index.js';
import { commonSettings } from './transformation-settings.js';

/**
 * A field for sum/min/max/minBy/maxBy: a property name or dotted path on objects, a position on tuples (arrays,
 * also 'f0'-style), and 0 or '*' for records that are plain values.
 */
export type AggregationField<T> = T extends readonly unknown[]
  ? number | `${number}` | `f${number}`
  : T extends object
    ? (keyof T & string) | `${keyof T & string}.${string}` | '*'
    : 0 | '*';

/**
 * A stream partitioned by key (Flink's KeyedStream): operators on it see one key at a time, with keyed state and
 * timers scoped to that key. Its partitioning is fixed; rebalance() and the like fail, as in Flink.
 */
export class KeyedStream<T, K> extends DataStream<T> {
  // Stored erased (as the transformation holds it): a field typed (value: T) => K would make DataStream<T>
  // invariant in T, so a DataStream<number> could not be passed where a DataStream<unknown> is expected.
  private readonly key: StateKey;

  /** @internal Use stream.keyBy(selector). */
  constructor(input: DataStream<T>, keySelector: (value: T) => K, keyType?: TypeInformation<K>) {
    const environment = input.getExecutionEnvironment();
    const upstream = input.getTransformation();
    super(
      environment,
      environment.addTransformation(
        (id): PartitionTransformation => ({
          ...commonSettings(id, 'Partition', upstream.parallelism, upstream.outputType),
          kind: 'partition',
          input: upstream,
          partitioner: {
            kind: 'hash',
            keySelector: toKeyFn(keySelector),
            keyType: keyType as TypeInformation<unknown> | undefined,
          },
        }),
      ),
    );
    this.key = { selector: toKeyFn(keySelector), type: keyType as TypeInformation<unknown> | undefined };
  }

  /** The key selector, in Flink's KeySelector shape (a method keeps KeyedStream<T, K> covariant in T). */
  getKeySelector(): { getKey(value: T): K } {
    return { getKey: this.key.selector as unknown as (value: T) => K };
  }

  getKeyType(): TypeInformation<K> | undefined {
    return this.key.type as TypeInformation<K> | undefined;
  }

  override stateKey(): StateKey {
    return this.key;
  }

  protected override setConnectionType(): never {
    throw new Error(
      'Cannot override partitioning for KeyedStream. A keyed stream is partitioned by its key; repartition the ' +
        'stream before keyBy(), or key it differently.',
    );
  }

  /**
   * Runs a KeyedProcessFunction (or a plain processElement function) per record, with keyed state and timers of the
   * record's key. A ProcessFunction is accepted too, as in Flink (named "Process" then).
   */
  override process<R>(
    fn: KeyedProcessFunction<K, T, R> | ProcessFunction<T, R> | KeyedProcessFunction<K, T, R>['processElement'],
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    const name = fn instanceof ProcessFunction && !(fn instanceof KeyedProcessFunction) ? 'Process' : 'KeyedProcess';
    const keyed = fn as KeyedProcessFunction<K, T, R>;
    return this.transform(
      name,
      checked(() => new KeyedProcessOperator<K, T, R>(keyed)),
      outputType,
    );
  }

  /**
   * Joins with another keyed stream on equal keys and timestamps within an interval (Flink's intervalJoin, event
   * time only): .between(lower, upper)[.lowerBoundExclusive()][.upperBoundExclusive()].process(fn).
   */
  intervalJoin<T2>(other: KeyedStream<T2, K>): IntervalJoin<T, T2, K> {
    if (!(other instanceof KeyedStream)) {
      throw new TypeError(
        'intervalJoin expects a KeyedStream: key the other stream too, e.g. left.keyBy(k).intervalJoin(right.keyBy(k))',
      );
    }
    return new IntervalJoin<T, T2, K>(this, other);
  }

  /** Cuts each key's records into windows (Flink's KeyedStream.window); give the window function next. */
  window<W extends Window>(assigner: WindowAssigner<T, W>): WindowedStream<T, K, W> {
    return new WindowedStream<T, K, W>(this, assigner);
  }

  /** Folds each key's records into a running value and emits it after every record (Flink's rolling reduce). */
  reduce(reducer: ReduceFunction<T>): SingleOutputStreamOperator<T> {
    return this.transform(
      'Keyed Reduce',
      checked(() => new StreamGroupedReduce<T>(reducer)),
      this.getType(),
    );
  }

  /** Running sum of a field; the other fields come from the key's first record. */
  sum(field: AggregationField<T>): SingleOutputStreamOperator<T> {
    return this.aggregate('sum', field, true);
  }

  /** Running minimum of a field; only that field changes in the key's first record (use minBy for whole records). */
  min(field: AggregationField<T>): SingleOutputStreamOperator<T> {
    return this.aggregate('min', field, true);
  }

  max(field: AggregationField<T>): SingleOutputStreamOperator<T> {
    return this.aggregate('max', field, true);
  }

  /** The record with the smallest field value so far; on ties the first one (or the last, with first = false). */
  minBy(field: AggregationField<T>, first = true): SingleOutputStreamOperator<T> {
    return this.aggregate('minBy', field, first);
  }

  maxBy(field: AggregationField<T>, first = true): SingleOutputStreamOperator<T> {
    return this.aggregate('maxBy', field, first);
  }

  private aggregate(kind: AggregationKind, field: string | number, first: boolean): SingleOutputStreamOperator<T> {
    const fn = aggregationFunction<T>(kind, field, first);
    const what = `${kind}(${JSON.stringify(field)})`;
    return this.transform(
      'Keyed Aggregation',
      checked(() => new StreamGroupedReduce<T>(fn, what)),
      this.getType(),
    );
  }
}
