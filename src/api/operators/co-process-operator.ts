import type { RichFunction } from '../functions/functions.js';
import {
  checkFunctionObject,
  closeFunction,
  isThenable,
  openFunction,
  promiseReturnedError,
} from '../functions/normalize.js';
import type { CoProcessFunction } from '../functions/process-functions.js';
import type { Output } from './output.js';
import { ProcessContext } from './process-context.js';
import type { StreamOperatorParameters, TwoInputStreamOperator } from './stream-operator.js';
import { NonKeyedTimerService } from './timer-services.js';
import { TimestampedCollector } from './timestamped-collector.js';

/** Runs a CoProcessFunction on two connected, non-keyed streams (Flink's CoProcessOperator); no timers. */
export class CoProcessOperator<IN1, IN2, OUT> implements TwoInputStreamOperator<IN1, IN2, OUT> {
  private readonly fn: CoProcessFunction<IN1, IN2, OUT>;
  /** The user's function object (undefined for a plain function): the runtime forwards CheckpointedFunction and
   * CheckpointListener calls to it. */
  readonly userFunction: unknown;
  private params!: StreamOperatorParameters<OUT>;
  private output!: Output<OUT>;
  private collector!: TimestampedCollector<OUT>;
  private context!: ProcessContext<never>;
  private timers!: NonKeyedTimerService;

  constructor(fn: CoProcessFunction<IN1, IN2, OUT>) {
    this.fn = checkFunctionObject(fn, ['processElement1', 'processElement2'], 'connect(...).process');
    this.userFunction = fn;
  }

  setup(parameters: StreamOperatorParameters<OUT>): void {
    this.params = parameters;
    this.output = parameters.output;
    this.collector = new TimestampedCollector(parameters.output);
    this.timers = new NonKeyedTimerService(parameters.processingTimeService);
    this.context = new ProcessContext(
      parameters.output as Output<unknown>,
      this.timers,
      'co-process function',
      undefined,
    );
  }
  open(): void {
    openFunction(this.fn as RichFunction, this.params.runtimeContext, 'co-process function');
  }
  processElement1(value: IN1, timestamp: number): void {
    this.collector.timestamp = timestamp;
    this.context.ts = timestamp;
    const r: unknown = this.fn.processElement1(value, this.context, this.collector);
    if (r !== undefined && isThenable(r)) throw promiseReturnedError('processElement1 of the co-process function');
  }
  processElement2(value: IN2, timestamp: number): void {
    this.collector.timestamp = timestamp;
    this.context.ts = timestamp;
    const r: unknown = this.fn.processElement2(value, this.context, this.collector);
    if (r !== undefined && isThenable(r)) throw promiseReturnedError('processElement2 of the co-process function');
  }
  processWatermark(watermark: number): void {
    this.timers.watermark = watermark;
    this.output.emitWatermark(watermark);
  }
  processWatermarkStatus(idle: boolean): void {
    this.output.emitWatermarkStatus(idle);
  }
  endInput(): void {}
  finish(): void {}
  close(): void {
    closeFunction(this.fn as RichFunction);
  }
}
