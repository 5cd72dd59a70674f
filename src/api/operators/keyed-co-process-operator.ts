import type { RichFunction } from '../functions/functions.js';
import {
  checkFunctionObject,
  closeFunction,
  isThenable,
  openFunction,
  promiseReturnedError,
} from '../functions/normalize.js';
import type { KeyedCoProcessFunction } from '../functions/process-functions.js';
import { USER_TIMERS } from './keyed-process-operator.js';
import type { Output } from './output.js';
import { fireUserTimer, ProcessContext } from './process-context.js';
import type { StreamOperatorParameters, TwoInputStreamOperator } from './stream-operator.js';
import { SimpleTimerService, type VoidNamespace } from './timer-services.js';
import type { InternalTimer, Triggerable } from './timers.js';
import { TimestampedCollector } from './timestamped-collector.js';

/**
 * Runs a KeyedCoProcessFunction on two streams keyed alike (Flink's KeyedCoProcessOperator): both inputs share
 * keyed state and timers. Timestamps follow KeyedProcessOperator's rules.
 */
export class KeyedCoProcessOperator<K, IN1, IN2, OUT>
  implements TwoInputStreamOperator<IN1, IN2, OUT>, Triggerable<unknown, VoidNamespace>
{
  private readonly fn: KeyedCoProcessFunction<K, IN1, IN2, OUT>;
  /** The user's function object (undefined for a plain function): the runtime forwards CheckpointedFunction and
   * CheckpointListener calls to it. */
  readonly userFunction: unknown;
  private params!: StreamOperatorParameters<OUT>;
  private output!: Output<OUT>;
  private collector!: TimestampedCollector<OUT>;
  private elementContext!: ProcessContext<K>;
  private timerContext!: ProcessContext<K>;

  constructor(fn: KeyedCoProcessFunction<K, IN1, IN2, OUT>) {
    this.fn = checkFunctionObject(fn, ['processElement1', 'processElement2'], 'connect(...).keyBy(...).process');
    this.userFunction = fn;
  }

  setup(parameters: StreamOperatorParameters<OUT>): void {
    this.params = parameters;
    this.output = parameters.output;
    this.collector = new TimestampedCollector(parameters.output);
  }
  open(): void {
    const backend = this.params.keyedStateBackend;
    if (backend === undefined) {
      throw new Error('A KeyedCoProcessFunction needs keyed inputs: call keyBy(...) on both connected streams');
    }
    const timers = new SimpleTimerService(this.params.getInternalTimerService<VoidNamespace>(USER_TIMERS, this));
    const out = this.params.output as Output<unknown>;
    this.elementContext = new ProcessContext<K>(out, timers, 'keyed co-process function', backend);
    this.timerContext = new ProcessContext<K>(out, timers, 'keyed co-process function', backend);
    openFunction(this.fn as RichFunction, this.params.runtimeContext, 'keyed co-process function');
  }
  processElement1(value: IN1, timestamp: number): void {
    this.collector.timestamp = timestamp;
    this.elementContext.ts = timestamp;
    const r: unknown = this.fn.processElement1(value, this.elementContext, this.collector);
    if (r !== undefined && isThenable(r))
      throw promiseReturnedError('processElement1 of the keyed co-process function');
  }
  processElement2(value: IN2, timestamp: number): void {
    this.collector.timestamp = timestamp;
    this.elementContext.ts = timestamp;
    const r: unknown = this.fn.processElement2(value, this.elementContext, this.collector);
    if (r !== undefined && isThenable(r))
      throw promiseReturnedError('processElement2 of the keyed co-process function');
  }
  onEventTime(timer: InternalTimer<unknown, VoidNamespace>): void {
    fireUserTimer(
      this.fn,
      this.timerContext,
      this.collector,
      timer.timestamp,
      'EVENT_TIME',
      'keyed co-process function',
    );
  }
  onProcessingTime(timer: InternalTimer<unknown, VoidNamespace>): void {
    fireUserTimer(
      this.fn,
      this.timerContext,
      this.collector,
      timer.timestamp,
      'PROCESSING_TIME',
      'keyed co-process function',
    );
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
    closeFunction(this.fn as RichFunction);
  }
}
