import type { RichFunction } from '../functions/functions.js';
import {
  closeFunction,
  isThenable,
  normalizeProcessFunction,
  openFunction,
  promiseReturnedError,
} from '../functions/normalize.js';
import type { ProcessFunction } from '../functions/process-functions.js';
import type { Output } from './output.js';
import { ProcessContext } from './process-context.js';
import type { OneInputStreamOperator, StreamOperatorParameters } from './stream-operator.js';
import { NonKeyedTimerService } from './timer-services.js';
import { TimestampedCollector } from './timestamped-collector.js';

/**
 * Runs a ProcessFunction on a non-keyed stream (Flink's ProcessOperator). Outputs and side outputs carry the
 * input record's timestamp; the timer service answers time queries but refuses timers (they need keyBy).
 */
export class ProcessOperator<IN, OUT> implements OneInputStreamOperator<IN, OUT> {
  private readonly fn: ProcessFunction<IN, OUT>;
  /** The user's function object (undefined for a plain function): the runtime forwards CheckpointedFunction and
   * CheckpointListener calls to it. */
  readonly userFunction: unknown;
  private params!: StreamOperatorParameters<OUT>;
  private output!: Output<OUT>;
  private collector!: TimestampedCollector<OUT>;
  private context!: ProcessContext<never>;
  private timers!: NonKeyedTimerService;

  constructor(fn: ProcessFunction<IN, OUT> | ProcessFunction<IN, OUT>['processElement']) {
    this.fn = normalizeProcessFunction<ProcessFunction<IN, OUT>>(fn, 'process');
    this.userFunction = typeof fn === 'function' ? undefined : fn;
  }

  setup(parameters: StreamOperatorParameters<OUT>): void {
    this.params = parameters;
    this.output = parameters.output;
    this.collector = new TimestampedCollector(parameters.output);
    this.timers = new NonKeyedTimerService(parameters.processingTimeService);
    this.context = new ProcessContext(parameters.output as Output<unknown>, this.timers, 'process function', undefined);
  }
  open(): void {
    openFunction(this.fn as RichFunction, this.params.runtimeContext, 'process function');
  }
  processElement(value: IN, timestamp: number): void {
    this.collector.timestamp = timestamp;
    this.context.ts = timestamp;
    const r: unknown = this.fn.processElement(value, this.context, this.collector);
    if (r !== undefined && isThenable(r)) throw promiseReturnedError('processElement of the process function');
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
