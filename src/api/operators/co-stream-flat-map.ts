import type { CoFlatMapFunction } from '../functions/functions.js';
import {
  closeFunction,
  type NormalizedCoFlatMap,
  normalizeCoFlatMapFunction,
  openFunction,
} from '../functions/normalize.js';
import type { Output } from './output.js';
import type { StreamOperatorParameters, TwoInputStreamOperator } from './stream-operator.js';
import { emitReturned, TimestampedCollector } from './timestamped-collector.js';

/**
 * connect(...).flatMap(...) (Flink's CoStreamFlatMap): flatMap1/flatMap2 emit through the collector or return an
 * iterable (not both); results carry the input's timestamp.
 */
export class CoStreamFlatMap<IN1, IN2, OUT> implements TwoInputStreamOperator<IN1, IN2, OUT> {
  private readonly fn: NormalizedCoFlatMap<IN1, IN2, OUT>;
  /** The user's function object (undefined for a plain function): the runtime forwards CheckpointedFunction and
   * CheckpointListener calls to it. */
  readonly userFunction: unknown;
  private params!: StreamOperatorParameters<OUT>;
  private output!: Output<OUT>;
  private collector!: TimestampedCollector<OUT>;

  constructor(fn: CoFlatMapFunction<IN1, IN2, OUT>) {
    this.fn = normalizeCoFlatMapFunction(fn);
    this.userFunction = fn;
  }

  setup(parameters: StreamOperatorParameters<OUT>): void {
    this.params = parameters;
    this.output = parameters.output;
    this.collector = new TimestampedCollector(parameters.output);
  }
  open(): void {
    openFunction(this.fn.rich, this.params.runtimeContext, 'co-flatMap function');
  }
  processElement1(value: IN1, timestamp: number): void {
    const collector = this.collector;
    collector.timestamp = timestamp;
    const before = collector.count;
    const result = this.fn.flatMap1(value, collector);
    if (result !== undefined) emitReturned(result, collector, before, 'flatMap1 of the co-flatMap function');
  }
  processElement2(value: IN2, timestamp: number): void {
    const collector = this.collector;
    collector.timestamp = timestamp;
    const before = collector.count;
    const result = this.fn.flatMap2(value, collector);
    if (result !== undefined) emitReturned(result, collector, before, 'flatMap2 of the co-flatMap function');
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
