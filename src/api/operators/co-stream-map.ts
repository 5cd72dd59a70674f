import type { CoMapFunction } from '../functions/functions.js';
import {
  closeFunction,
  isThenable,
  type NormalizedCoMap,
  normalizeCoMapFunction,
  openFunction,
  promiseReturnedError,
} from '../functions/normalize.js';
import type { Output } from './output.js';
import type { StreamOperatorParameters, TwoInputStreamOperator } from './stream-operator.js';

/** connect(...).map(...): map1 for the first input, map2 for the second; timestamps kept (Flink's CoStreamMap). */
export class CoStreamMap<IN1, IN2, OUT> implements TwoInputStreamOperator<IN1, IN2, OUT> {
  private readonly fn: NormalizedCoMap<IN1, IN2, OUT>;
  /** The user's function object (undefined for a plain function): the runtime forwards CheckpointedFunction and
   * CheckpointListener calls to it. */
  readonly userFunction: unknown;
  private params!: StreamOperatorParameters<OUT>;
  private output!: Output<OUT>;

  constructor(fn: CoMapFunction<IN1, IN2, OUT>) {
    this.fn = normalizeCoMapFunction(fn);
    this.userFunction = fn;
  }

  setup(parameters: StreamOperatorParameters<OUT>): void {
    this.params = parameters;
    this.output = parameters.output;
  }
  open(): void {
    openFunction(this.fn.rich, this.params.runtimeContext, 'co-map function');
  }
  processElement1(value: IN1, timestamp: number): void {
    const result = this.fn.map1(value);
    if (typeof result === 'object' && isThenable(result)) throw promiseReturnedError('map1 of the co-map function');
    this.output.collect(result, timestamp);
  }
  processElement2(value: IN2, timestamp: number): void {
    const result = this.fn.map2(value);
    if (typeof result === 'object' && isThenable(result)) throw promiseReturnedError('map2 of the co-map function');
    this.output.collect(result, timestamp);
  }
  processWatermark(watermark: number): void {
    this.output.emitWatermark(watermark);
  }
  processWatermarkStatus(idle: boolean): void {
    this.output.emitWatermarkStatus(idle);
  }
  endInput(): void {}
  finish(): void {}
  close(): void {
    closeFunction(this.fn.rich);
  }
}
