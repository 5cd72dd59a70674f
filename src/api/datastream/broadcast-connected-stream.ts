import type { TypeInformation } from '../../core/types/type-information.js';
import type { StreamExecutionEnvironment } from '../environment/stream-execution-environment.js';
import { BroadcastProcessFunction, KeyedBroadcastProcessFunction } from '../functions/broadcast-process-functions.js';
import { CoBroadcastWithKeyedOperator } from '../operators/co-broadcast-with-keyed-operator.js';
import { CoBroadcastWithNonKeyedOperator } from '../operators/co-broadcast-with-non-keyed-operator.js';
import type { OperatorFactory, TwoInputStreamOperator } from '../operators/stream-operator.js';
import type { TwoInputTransformation } from '../transformations.js';
import { type BroadcastStream, checked, type DataStream, KeyedStream, SingleOutputStreamOperator } from './index.js';
import { commonSettings, PARALLELISM_DEFAULT } from './transformation-settings.js';

/**
 * A stream connected with a broadcast stream (Flink's BroadcastConnectedStream). process() takes a
 * KeyedBroadcastProcessFunction when the first stream is keyed, a BroadcastProcessFunction otherwise.
 */
export class BroadcastConnectedStream<I1, I2> {
  /** @internal Use stream.connect(broadcastStream). */
  constructor(
    private readonly environment: StreamExecutionEnvironment,
    private readonly nonBroadcast: DataStream<I1>,
    private readonly broadcast: BroadcastStream<I2>,
  ) {}

  getExecutionEnvironment(): StreamExecutionEnvironment {
    return this.environment;
  }

  getFirstInput(): DataStream<I1> {
    return this.nonBroadcast;
  }

  getSecondInput(): BroadcastStream<I2> {
    return this.broadcast;
  }

  getType1(): TypeInformation<I1> | undefined {
    return this.nonBroadcast.getType();
  }

  process<K, R>(
    fn: KeyedBroadcastProcessFunction<K, I1, I2, R>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R>;
  process<R>(fn: BroadcastProcessFunction<I1, I2, R>, outputType?: TypeInformation<R>): SingleOutputStreamOperator<R>;
  process<K, R>(
    fn: BroadcastProcessFunction<I1, I2, R> | KeyedBroadcastProcessFunction<K, I1, I2, R>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    const descriptors = this.broadcast.getBroadcastStateDescriptors();
    if (this.nonBroadcast instanceof KeyedStream) {
      if (fn instanceof BroadcastProcessFunction) {
        throw new Error(
          'A BroadcastProcessFunction can only be used on a non-keyed stream. On a keyed stream extend ' +
            'KeyedBroadcastProcessFunction.',
        );
      }
      const keyed = fn as KeyedBroadcastProcessFunction<K, I1, I2, R>;
      const factory = checked(() => new CoBroadcastWithKeyedOperator<K, I1, I2, R>(keyed, descriptors));
      return this.transform('Co-Process-Broadcast-Keyed', factory, outputType);
    }
    if (fn instanceof KeyedBroadcastProcessFunction) {
      throw new Error(
        'A KeyedBroadcastProcessFunction can only be used on a keyed stream. Call keyBy(...) before connect(), or ' +
          'extend BroadcastProcessFunction.',
      );
    }
    const plain = fn as BroadcastProcessFunction<I1, I2, R>;
    const factory = checked(() => new CoBroadcastWithNonKeyedOperator<I1, I2, R>(plain, descriptors));
    return this.transform('Co-Process-Broadcast', factory, outputType);
  }

  private transform<R>(
    operatorName: string,
    operatorFactory: OperatorFactory<TwoInputStreamOperator<I1, I2, R>>,
    outputType: TypeInformation<R> | undefined,
  ): SingleOutputStreamOperator<R> {
    const key = this.nonBroadcast.stateKey();
    const t = this.environment.addTransformation(
      (id): TwoInputTransformation => ({
        ...commonSettings(id, operatorName, PARALLELISM_DEFAULT, outputType as TypeInformation<unknown> | undefined),
        kind: 'two-input',
        input1: this.nonBroadcast.getTransformation(),
        input2: this.broadcast.getTransformation(),
        operatorFactory: operatorFactory as OperatorFactory<TwoInputStreamOperator<unknown, unknown, unknown>>,
        keySelector1: key?.selector,
        keySelector2: undefined,
        keyType: key?.type,
      }),
    );
    return new SingleOutputStreamOperator<R>(this.environment, t);
  }
}
