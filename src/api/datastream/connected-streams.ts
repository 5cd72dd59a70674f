import type { TypeInformation } from '../../core/types/type-information.js';
import type { StreamExecutionEnvironment } from '../environment/stream-execution-environment.js';
import type { CoFlatMapFunction, CoMapFunction, KeySelector } from '../functions/functions.js';
import { describeValue } from '../functions/normalize.js';
import { CoProcessFunction, KeyedCoProcessFunction } from '../functions/process-functions.js';
import { CoProcessOperator } from '../operators/co-process-operator.js';
import { CoStreamFlatMap } from '../operators/co-stream-flat-map.js';
import { CoStreamMap } from '../operators/co-stream-map.js';
import { KeyedCoProcessOperator } from '../operators/keyed-co-process-operator.js';
import type { OperatorFactory, TwoInputStreamOperator } from '../operators/stream-operator.js';
import type { TwoInputTransformation } from '../transformations.js';
import { checked, type DataStream, KeyedStream, SingleOutputStreamOperator } from './index.js';
import { checkNonEmptyString, commonSettings, PARALLELISM_DEFAULT } from './transformation-settings.js';

/**
 * Two streams, possibly of different types, processed by one two-input operator (Flink's ConnectedStreams). When
 * both inputs are keyed, keyed state and timers are shared by records of equal keys from either side.
 */
export class ConnectedStreams<T1, T2> {
  /** @internal Use stream.connect(other). */
  constructor(
    private readonly environment: StreamExecutionEnvironment,
    private readonly input1: DataStream<T1>,
    private readonly input2: DataStream<T2>,
  ) {}

  getExecutionEnvironment(): StreamExecutionEnvironment {
    return this.environment;
  }

  getFirstInput(): DataStream<T1> {
    return this.input1;
  }

  getSecondInput(): DataStream<T2> {
    return this.input2;
  }

  getType1(): TypeInformation<T1> | undefined {
    return this.input1.getType();
  }

  getType2(): TypeInformation<T2> | undefined {
    return this.input2.getType();
  }

  /** Keys both inputs; the selectors must produce keys of the same type so equal keys meet. */
  keyBy<K>(
    keySelector1: KeySelector<T1, K>,
    keySelector2: KeySelector<T2, K>,
    keyType?: TypeInformation<K>,
  ): ConnectedStreams<T1, T2> {
    return new ConnectedStreams<T1, T2>(
      this.environment,
      this.input1.keyBy(keySelector1, keyType),
      this.input2.keyBy(keySelector2, keyType),
    );
  }

  map<R>(mapper: CoMapFunction<T1, T2, R>, outputType?: TypeInformation<R>): SingleOutputStreamOperator<R> {
    return this.transform(
      'Co-Map',
      checked(() => new CoStreamMap<T1, T2, R>(mapper)),
      outputType,
    );
  }

  flatMap<R>(flatMapper: CoFlatMapFunction<T1, T2, R>, outputType?: TypeInformation<R>): SingleOutputStreamOperator<R> {
    return this.transform(
      'Co-Flat Map',
      checked(() => new CoStreamFlatMap<T1, T2, R>(flatMapper)),
      outputType,
    );
  }

  /**
   * A CoProcessFunction, or, when both inputs are keyed, a KeyedCoProcessFunction (Flink's "Co-Keyed-Process").
   * Function objects that extend neither class run keyed when both inputs are keyed.
   */
  process<R>(fn: CoProcessFunction<T1, T2, R>, outputType?: TypeInformation<R>): SingleOutputStreamOperator<R>;
  process<K, R>(
    fn: KeyedCoProcessFunction<K, T1, T2, R>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R>;
  process<K, R>(
    fn: CoProcessFunction<T1, T2, R> | KeyedCoProcessFunction<K, T1, T2, R>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    const bothKeyed = this.input1 instanceof KeyedStream && this.input2 instanceof KeyedStream;
    if (fn instanceof KeyedCoProcessFunction && !bothKeyed) {
      throw new Error(
        'KeyedCoProcessFunction can only be used when both input streams are of type KeyedStream. Key both ' +
          'inputs (connect(...).keyBy(sel1, sel2)) or use a CoProcessFunction.',
      );
    }
    if (!bothKeyed) {
      const plain = fn as CoProcessFunction<T1, T2, R>;
      return this.transform(
        'Co-Process',
        checked(() => new CoProcessOperator<T1, T2, R>(plain)),
        outputType,
      );
    }
    // As in Flink, a CoProcessFunction on two keyed inputs keeps the name "Co-Process" (it runs keyed all the same).
    const name = fn instanceof CoProcessFunction ? 'Co-Process' : 'Co-Keyed-Process';
    const keyed = fn as KeyedCoProcessFunction<K, T1, T2, R>;
    return this.transform(
      name,
      checked(() => new KeyedCoProcessOperator<K, T1, T2, R>(keyed)),
      outputType,
    );
  }

  /** Adds a two-input operator; the factory runs once per subtask. Keyed inputs give it their keys. */
  transform<R>(
    operatorName: string,
    operatorFactory: OperatorFactory<TwoInputStreamOperator<T1, T2, R>>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    checkNonEmptyString(operatorName, 'transform(): the operator name', "'Co-Process'");
    if (typeof operatorFactory !== 'function') {
      throw new TypeError(
        `transform(): the operator factory must be a function, got ${describeValue(operatorFactory)}`,
      );
    }
    const key1 = this.input1.stateKey();
    const key2 = this.input2.stateKey();
    const type1 = key1?.type?.describe();
    const type2 = key2?.type?.describe();
    if (type1 !== undefined && type2 !== undefined && type1 !== type2) {
      throw new TypeError(`Key types of input KeyedStreams don't match: ${type1} and ${type2}.`);
    }
    const t = this.environment.addTransformation(
      (id): TwoInputTransformation => ({
        ...commonSettings(id, operatorName, PARALLELISM_DEFAULT, outputType as TypeInformation<unknown> | undefined),
        kind: 'two-input',
        input1: this.input1.getTransformation(),
        input2: this.input2.getTransformation(),
        operatorFactory: operatorFactory as OperatorFactory<TwoInputStreamOperator<unknown, unknown, unknown>>,
        keySelector1: key1?.selector,
        keySelector2: key2?.selector,
        keyType: key1?.type ?? key2?.type,
      }),
    );
    return new SingleOutputStreamOperator<R>(this.environment, t);
  }
}
