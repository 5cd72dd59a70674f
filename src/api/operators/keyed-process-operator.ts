import type { RichFunction } from '../functions/functions.js';
import {
  closeFunction,
  isThenable,
  normalizeProcessFunction,
  openFunction,
  promiseReturnedError,
} from '../functions/normalize.js';
import type { KeyedProcessFunction } from '../functions/process-functions.js';
import type { Output } from './output.js';
import { fireUserTimer, ProcessContext } from './process-context.js';
import type { OneInputStreamOperator, StreamOperatorParameters } from './stream-operator.js';
import { SimpleTimerService, type VoidNamespace } from './timer-services.js';
import type { InternalTimer, Triggerable } from './timers.js';
import { TimestampedCollector } from './timestamped-collector.js';

/** Name of the timer service of process functions, as in Flink (timers are snapshotted under it). */
export const USER_TIMERS = 'user-timers';

/**
 * Runs a KeyedProcessFunction (Flink's KeyedProcessOperator). The runtime sets the current key before each record
 * and before each timer. Outputs of processElement carry the record's timestamp; outputs of an event-time timer
 * carry the timer's timestamp, those of a processing-time timer none (side outputs: the timer's timestamp).
 */
export class KeyedProcessOperator<K, IN, OUT>
  implements OneInputStreamOperator<IN, OUT>, Triggerable<unknown, VoidNamespace>
{
  private readonly fn: KeyedProcessFunction<K, IN, OUT>;
  /** The user's function object (undefined for a plain function): the runtime forwards CheckpointedFunction and
   * CheckpointListener calls to it. */
  readonly userFunction: unknown;
  private params!: StreamOperatorParameters<OUT>;
  private output!: Output<OUT>;
  private collector!: TimestampedCollector<OUT>;
  private elementContext!: ProcessContext<K>;
  private timerContext!: ProcessContext<K>;

  constructor(fn: KeyedProcessFunction<K, IN, OUT> | KeyedProcessFunction<K, IN, OUT>['processElement']) {
    this.fn = normalizeProcessFunction<KeyedProcessFunction<K, IN, OUT>>(fn, 'keyBy(...).process');
    this.userFunction = typeof fn === 'function' ? undefined : fn;
  }

  setup(parameters: StreamOperatorParameters<OUT>): void {
    this.params = parameters;
    this.output = parameters.output;
    this.collector = new TimestampedCollector(parameters.output);
  }
  open(): void {
    const backend = this.params.keyedStateBackend;
    if (backend === undefined) {
      throw new Error('A KeyedProcessFunction needs a keyed stream: call keyBy(...) before process(...)');
    }
    const timers = new SimpleTimerService(this.params.getInternalTimerService<VoidNamespace>(USER_TIMERS, this));
    const out = this.params.output as Output<unknown>;
    this.elementContext = new ProcessContext<K>(out, timers, 'keyed process function', backend);
    this.timerContext = new ProcessContext<K>(out, timers, 'keyed process function', backend);
    openFunction(this.fn as RichFunction, this.params.runtimeContext, 'keyed process function');
  }
  processElement(value: IN, timestamp: number): void {
    this.collector.timestamp = timestamp;
    this.elementContext.ts = timestamp;
    const r: unknown = this.fn.processElement(value, this.elementContext, this.collector);
    if (r !== undefined && isThenable(r)) throw promiseReturnedError('processElement of the keyed process function');
  }
  onEventTime(timer: InternalTimer<unknown, VoidNamespace>): void {
    fireUserTimer(this.fn, this.timerContext, this.collector, timer.timestamp, 'EVENT_TIME', 'keyed process function');
  }
  onProcessingTime(timer: InternalTimer<unknown, VoidNamespace>): void {
    fireUserTimer(
      this.fn,
      this.timerContext,
      this.collector,
      timer.timestamp,
      'PROCESSING_TIME',
      'keyed process function',
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
