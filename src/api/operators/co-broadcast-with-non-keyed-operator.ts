import type { BroadcastProcessFunction } from '../functions/broadcast-process-functions.js';
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
import type { Output } from './output.js';
import type { StreamOperatorParameters, TwoInputStreamOperator } from './stream-operator.js';
import { TimestampedCollector } from './timestamped-collector.js';

/**
 * stream.connect(broadcastStream).process(BroadcastProcessFunction) (Flink's CoBroadcastWithNonKeyedOperator).
 * Input 1 is the non-broadcast stream (read-only broadcast state), input 2 the broadcast stream (writable).
 */
export class CoBroadcastWithNonKeyedOperator<IN1, IN2, OUT> implements TwoInputStreamOperator<IN1, IN2, OUT> {
  private readonly fn: BroadcastProcessFunction<IN1, IN2, OUT>;
  private readonly store: BroadcastStateStore;
  /** The user's function object: the runtime forwards CheckpointedFunction/CheckpointListener calls to it. */
  readonly userFunction: unknown;
  private params!: StreamOperatorParameters<OUT>;
  private output!: Output<OUT>;
  private collector!: TimestampedCollector<OUT>;
  private readContext!: BroadcastOperatorContext<never>;
  private writeContext!: BroadcastOperatorContext<never>;

  constructor(
    fn: BroadcastProcessFunction<IN1, IN2, OUT>,
    descriptors: readonly MapStateDescriptor<unknown, unknown>[],
  ) {
    this.fn = checkFunctionObject(fn, ['processElement', 'processBroadcastElement'], 'connect(broadcast).process');
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
    const out = parameters.output as Output<unknown>;
    const pts = parameters.processingTimeService;
    this.readContext = new BroadcastOperatorContext(out, this.store, false, pts, undefined, undefined);
    this.writeContext = new BroadcastOperatorContext(out, this.store, true, pts, undefined, undefined);
  }
  open(): void {
    openFunction(this.fn as RichFunction, this.params.runtimeContext, 'broadcast process function');
  }
  processElement1(value: IN1, timestamp: number): void {
    this.collector.timestamp = timestamp;
    this.readContext.ts = timestamp;
    const r: unknown = this.fn.processElement(value, this.readContext, this.collector);
    if (r !== undefined && isThenable(r))
      throw promiseReturnedError('processElement of the broadcast process function');
  }
  processElement2(value: IN2, timestamp: number): void {
    this.collector.timestamp = timestamp;
    this.writeContext.ts = timestamp;
    const r: unknown = this.fn.processBroadcastElement(value, this.writeContext, this.collector);
    if (r !== undefined && isThenable(r)) {
      throw promiseReturnedError('processBroadcastElement of the broadcast process function');
    }
  }
  processWatermark(watermark: number): void {
    this.readContext.watermark = watermark;
    this.writeContext.watermark = watermark;
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
