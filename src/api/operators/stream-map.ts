import type { MapFunction, RichFunction } from '../functions/functions.js';
import {
  closeFunction,
  isThenable,
  normalizeMapFunction,
  openFunction,
  promiseReturnedError,
} from '../functions/normalize.js';
import type { Output } from './output.js';
import type { OneInputStreamOperator, StreamOperatorParameters } from './stream-operator.js';

/** Applies a MapFunction to each record; the result keeps the input's timestamp (Flink's StreamMap). */
export class StreamMap<IN, OUT> implements OneInputStreamOperator<IN, OUT> {
  private readonly map: (value: IN) => OUT;
  private readonly rich: RichFunction | undefined;
  /** The user's function object (undefined for a plain function): the runtime forwards CheckpointedFunction and
   * CheckpointListener calls to it. */
  readonly userFunction: unknown;
  private params!: StreamOperatorParameters<OUT>;
  private output!: Output<OUT>;

  constructor(fn: MapFunction<IN, OUT>) {
    const normalized = normalizeMapFunction(fn);
    this.map = normalized.call;
    this.rich = normalized.rich;
    this.userFunction = normalized.rich;
  }

  setup(parameters: StreamOperatorParameters<OUT>): void {
    this.params = parameters;
    this.output = parameters.output;
  }
  open(): void {
    openFunction(this.rich, this.params.runtimeContext, 'map function');
  }
  processElement(value: IN, timestamp: number): void {
    const result = this.map(value);
    if (typeof result === 'object' && isThenable(result)) throw promiseReturnedError('map function');
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
    closeFunction(this.rich);
  }
}
