import type { KeyedBroadcastProcessFunction } from '../functions/broadcast-process-functions.js';
import type { RichFunction } from '../functions/functions.js';
import {
  checkFunctionObject,
  closeFunction,
  isThenable,
  openFunction,
  promiseReturnedError,
} from '../functions/normalize.js';
import type { FunctionInitializationContext } from '../state/checkpointing.js';
import type { MapStateDescriptor } from '../state/descriptors.js';
import { BroadcastOperatorContext } from './broadcast-context.js';
import { BroadcastStateStore } from './broadcast-state-store.js';
import { USER_TIMERS } from './keyed-process-operator.js';
import type { Output } from './output.js';
import { fireUserTimer } from './process-context.js';
import type { StreamOperatorParameters, TwoInputStreamOperator } from './stream-operator.js';
import { SimpleTimerService, type VoidNamespace } from './timer-services.js';
import type { InternalTimer, Triggerable } from './timers.js';
import { TimestampedCollector } from './timestamped-collector.js';

/**
 * keyedStream.connect(broadcastStream).process(KeyedBroadcastProcessFunction) (Flink's
 * CoBroadcastWithKeyedOperator). Input 1 is keyed (the runtime sets its key; keyed state and timers work there),
 * input 2 is the broadcast stream: it writes broadcast state and reaches keyed state via applyToKeyedState.
 */
export class CoBroadcastWithKeyedOperator<K, IN1, IN2, OUT>
  implements TwoInputStreamOperator<IN1, IN2, OUT>, Triggerable<unknown, VoidNamespace>
{
  private readonly fn: KeyedBroadcastProcessFunction<K, IN1, IN2, OUT>;
  private readonly store: BroadcastStateStore;
  /** The user's function object: the runtime forwards CheckpointedFunction/CheckpointListener calls to it. */
  readonly userFunction: unknown;
  private params!: StreamOperatorParameters<OUT>;
  private output!: Output<OUT>;
  private collector!: TimestampedCollector<OUT>;
  private readContext!: BroadcastOperatorContext<K>;
  private writeContext!: BroadcastOperatorContext<K>;
  private timerContext!: BroadcastOperatorContext<K>;

  constructor(
    fn: KeyedBroadcastProcessFunction<K, IN1, IN2, OUT>,
    descriptors: readonly MapStateDescriptor<unknown, unknown>[],
  ) {
    const api = 'keyBy(...).connect(broadcast).process';
    this.fn = checkFunctionObject(fn, ['processElement', 'processBroadcastElement'], api);
    this.store = new BroadcastStateStore(descriptors);
    this.userFunction = fn;
  }

  /** Broadcast state lives in the operator state store, so checkpoints keep it (Flink's broadcast mode: on restore
   * every subtask gets the same maps). Without this call (no checkpointing) the operator keeps local maps. */
  initializeState(context: FunctionInitializationContext): void {
    this.store.bind(context.getOperatorStateStore());
  }
  setup(parameters: StreamOperatorParameters<OUT>): void {
    this.params = parameters;
    this.output = parameters.output;
    this.collector = new TimestampedCollector(parameters.output);
  }
  open(): void {
    const backend = this.params.keyedStateBackend;
    if (backend === undefined) {
      throw new Error(
        'A KeyedBroadcastProcessFunction needs a keyed stream: call keyBy(...) before connect(broadcast)',
      );
    }
    const timers = new SimpleTimerService(this.params.getInternalTimerService<VoidNamespace>(USER_TIMERS, this));
    const out = this.params.output as Output<unknown>;
    const pts = this.params.processingTimeService;
    this.readContext = new BroadcastOperatorContext<K>(out, this.store, false, pts, timers, backend);
    this.writeContext = new BroadcastOperatorContext<K>(out, this.store, true, pts, timers, backend);
    this.timerContext = new BroadcastOperatorContext<K>(out, this.store, false, pts, timers, backend);
    openFunction(this.fn as RichFunction, this.params.runtimeContext, 'keyed broadcast process function');
  }
  processElement1(value: IN1, timestamp: number): void {
    this.collector.timestamp = timestamp;
    this.readContext.ts = timestamp;
    const r: unknown = this.fn.processElement(value, this.readContext, this.collector);
    if (r !== undefined && isThenable(r)) {
      throw promiseReturnedError('processElement of the keyed broadcast process function');
    }
  }
  processElement2(value: IN2, timestamp: number): void {
    this.collector.timestamp = timestamp;
    this.writeContext.ts = timestamp;
    const r: unknown = this.fn.processBroadcastElement(value, this.writeContext, this.collector);
    if (r !== undefined && isThenable(r)) {
      throw promiseReturnedError('processBroadcastElement of the keyed broadcast process function');
    }
  }
  onEventTime(timer: InternalTimer<unknown, VoidNamespace>): void {
    fireUserTimer(
      this.fn,
      this.timerContext,
      this.collector,
      timer.timestamp,
      'EVENT_TIME',
      'keyed broadcast process function',
    );
  }
  onProcessingTime(timer: InternalTimer<unknown, VoidNamespace>): void {
    fireUserTimer(
      this.fn,
      this.timerContext,
      this.collector,
      timer.timestamp,
      'PROCESSING_TIME',
      'keyed broadcast process function',
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
