import type { FlatMapFunction, RichFunction } from '../functions/functions.js';
import { closeFunction, type FlatMapCall, normalizeFlatMapFunction, openFunction } from '../functions/normalize.js';
import type { Output } from './output.js';
import type { OneInputStreamOperator, StreamOperatorParameters } from './stream-operator.js';
import { emitReturned, TimestampedCollector } from './timestamped-collector.js';

/**
 * Applies a FlatMapFunction; every result carries the input's timestamp (Flink's StreamFlatMap). The function
 * emits through the collector or returns an iterable, not both.
 */
export class StreamFlatMap<IN, OUT> implements OneInputStreamOperator<IN, OUT> {
  private readonly flatMap: FlatMapCall<IN, OUT>;
  private readonly rich: RichFunction | undefined;
  /** The user's function object (undefined for a plain function): the runtime forwards CheckpointedFunction and
   * CheckpointListener calls to it. */
  readonly userFunction: unknown;
  private params!: StreamOperatorParameters<OUT>;
  private output!: Output<OUT>;
  private collector!: TimestampedCollector<OUT>;

  constructor(fn: FlatMapFunction<IN, OUT>) {
    const normalized = normalizeFlatMapFunction(fn);
    this.flatMap = normalized.call;
    this.rich = normalized.rich;
    this.userFunction = normalized.rich;
  }

  setup(parameters: StreamOperatorParameters<OUT>): void {
    this.params = parameters;
    this.output = parameters.output;
    this.collector = new TimestampedCollector(parameters.output);
  }
  open(): void {
    openFunction(this.rich, this.params.runtimeContext, 'flatMap function');
  }
  processElement(value: IN, timestamp: number): void {
    const collector = this.collector;
    collector.timestamp = timestamp;
    const before = collector.count;
    const result = this.flatMap(value, collector);
    if (result !== undefined) emitReturned(result, collector, before, 'flatMap function');
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
