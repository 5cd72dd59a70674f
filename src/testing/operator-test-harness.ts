import type { TaskInfo } from '../api/functions/runtime-context.js';
import { CheckpointSnapshotContext, StateInitializationContext } from '../api/operators/checkpoint-hooks.js';
import {
  type HarnessServices,
  type HarnessTimerService,
  OneInputOperatorHarness,
  type OutputEvent,
  type Timestamped,
  TwoInputOperatorHarness,
} from '../api/operators/operator-harness.js';
import type {
  OneInputStreamOperator,
  StreamOperator,
  TwoInputStreamOperator,
} from '../api/operators/stream-operator.js';
import type { Triggerable } from '../api/operators/timers.js';
import type { OutputTag } from '../api/output-tag.js';
import type { ListStateDescriptor, MapStateDescriptor, ValueStateDescriptor } from '../api/state/descriptors.js';
import { KeyGroupRange } from '../core/key-group.js';
import { MIN_WATERMARK, NO_TIMESTAMP } from '../core/time.js';
import type { OperatorSubtaskState } from '../runtime/checkpoint/subtask-state.js';
import { HeapKeyedStateBackend } from '../runtime/state/heap-keyed-state-backend.js';
import { OperatorStateBackend } from '../runtime/state/operator-state-backend.js';
import { ManualProcessingTimeService } from '../runtime/state/processing-time-service.js';
import { TimerServiceManager } from '../runtime/state/timer-service-manager.js';
import { KeyedStateView, type PendingTimer } from './keyed-state-view.js';

// Operator test harnesses users import from `weir/testing` (Flink's OneInputStreamOperatorTestHarness and friends):
// one operator, driven by hand on the test's thread, on the real heap state backend and timer services with a manual
// clock. Built on the internal api/operators/operator-harness.ts.

export interface OperatorTestHarnessOptions {
  /** Key groups of the keyed state (default 128). */
  readonly maxParallelism?: number;
  /** The manual clock's start (default 0). */
  readonly startProcessingTime?: number;
  /** What getRuntimeContext().getTaskInfo() reports (default: subtask 0 of 1). */
  readonly taskInfo?: Partial<TaskInfo>;
  /** Call setup() and open() at construction (default false, as in Flink: call open()). */
  readonly open?: boolean;
}

interface BuiltServices {
  readonly services: HarnessServices;
  readonly clock: ManualProcessingTimeService;
  readonly state: KeyedStateView | undefined;
  readonly keyedBackend: HeapKeyedStateBackend | undefined;
  readonly timers: TimerServiceManager | undefined;
  readonly operatorState: OperatorStateBackend;
}

function buildServices(keyed: boolean, options: OperatorTestHarnessOptions, name: string): BuiltServices {
  const clock = new ManualProcessingTimeService(options.startProcessingTime ?? 0);
  const operatorState = new OperatorStateBackend();
  if (!keyed) {
    const services = { processingTime: clock };
    return { services, clock, state: undefined, keyedBackend: undefined, timers: undefined, operatorState };
  }
  const maxParallelism = options.maxParallelism ?? 128;
  const keyGroupRange = new KeyGroupRange(0, maxParallelism - 1);
  const backend = new HeapKeyedStateBackend({ maxParallelism, keyGroupRange });
  const timers = new TimerServiceManager({ processingTimeService: clock, keyGroupRange });
  const services: HarnessServices = {
    processingTime: clock,
    keyedStateBackend: backend,
    createTimerService<N>(timerName: string, triggerable: Triggerable<unknown, N>): HarnessTimerService<N> {
      return timers.getInternalTimerService<unknown, N>(timerName, triggerable, backend);
    },
  };
  const state = new KeyedStateView(name, [{ backend, timers }], () => 0);
  return { services, clock, state, keyedBackend: backend, timers, operatorState };
}

/** What every harness offers: the clock, the recorded output, lifecycle. */
class OperatorTestHarnessBase<OUT> {
  private closed = false;
  protected constructor(
    protected readonly inner: OneInputOperatorHarness<never, OUT> | TwoInputOperatorHarness<never, never, OUT>,
    protected readonly built: BuiltServices,
  ) {}

  get operator(): StreamOperator<OUT> {
    return this.inner.operator;
  }

  /**
   * setup() and initializeState() (with empty state, unless initializeState(restored) ran), then open(), as the
   * task does before the first record.
   */
  open(): this {
    if (!this.inner.isInitialized) this.initializeState();
    this.inner.open();
    return this;
  }

  /**
   * Restores `restored` (a snapshot() of another harness) into this harness's keyed state, timers and operator
   * state, then runs setup() and initializeState (the operator's, then its user function's), as in Flink's
   * harness. Call before open(); without `restored` the operator starts empty. Same parallelism only: to rescale,
   * redistribute the operator state first (redistributeOperatorState) and use taskInfo for the subtask.
   */
  initializeState(restored?: OperatorSubtaskState, restoredCheckpointId?: number): this {
    if (this.inner.isInitialized) {
      throw new Error('initializeState must run once, before open(): build a new harness to restore a snapshot');
    }
    if (restored !== undefined) this.restore(restored);
    const built = this.built;
    const context = new StateInitializationContext(
      built.operatorState,
      built.keyedBackend,
      restored !== undefined,
      restored === undefined ? undefined : restoredCheckpointId,
    );
    this.inner.initializeState(context);
    return this;
  }

  /**
   * The operator's (then its user function's) snapshotState, then a plain-data copy of its keyed state, timers and
   * operator state (Flink's harness.snapshot). Pending async work stays in flight: the snapshot holds what the
   * operator put into state. `timestamp` defaults to the manual clock.
   */
  snapshot(checkpointId: number, timestamp: number = this.getProcessingTime()): OperatorSubtaskState {
    if (!this.inner.isInitialized) throw new Error('snapshot() needs an open harness: call open() first');
    this.inner.snapshotState(new CheckpointSnapshotContext(checkpointId, timestamp));
    const { keyedBackend, timers, operatorState } = this.built;
    return {
      keyed: keyedBackend?.snapshotKeyGroups(),
      timers: timers?.snapshotTimers(),
      operator: operatorState.snapshot(),
    };
  }

  /** The operator's prepareSnapshotPreBarrier (a sink flushing), awaited; then call snapshot(). */
  async prepareSnapshotPreBarrier(checkpointId: number): Promise<void> {
    await this.inner.prepareSnapshotPreBarrier(checkpointId);
    this.inner.drainMailbox();
  }

  /** Tells the operator, then its user function, that checkpoint `checkpointId` completed. */
  async notifyCheckpointComplete(checkpointId: number): Promise<void> {
    await this.inner.notifyCheckpointComplete(checkpointId);
    this.inner.drainMailbox();
  }

  notifyCheckpointAborted(checkpointId: number): void {
    this.inner.notifyCheckpointAborted(checkpointId);
  }

  /** Operator (non-keyed) state: list, union list and broadcast states. */
  get operatorStateBackend(): OperatorStateBackend {
    return this.built.operatorState;
  }

  private restore(restored: OperatorSubtaskState): void {
    if (restored === null || typeof restored !== 'object') {
      throw new TypeError('initializeState(restored) expects what snapshot() returned (an OperatorSubtaskState)');
    }
    const { keyedBackend, timers, operatorState } = this.built;
    if (restored.keyed !== undefined || restored.timers !== undefined) {
      if (keyedBackend === undefined || timers === undefined) {
        throw new Error(
          'The snapshot holds keyed state or timers, but this harness is not keyed: give it a key selector',
        );
      }
      if (restored.keyed !== undefined) keyedBackend.restoreKeyGroups(restored.keyed);
      if (restored.timers !== undefined) timers.restoreTimers(restored.timers);
    }
    if (restored.operator !== undefined) operatorState.restore(restored.operator);
  }

  /** Moves the manual clock to `time`; due processing-time timers and callbacks run now, in time order. */
  setProcessingTime(time: number): void {
    this.inner.setProcessingTime(time);
    this.inner.drainMailbox();
  }

  getProcessingTime(): number {
    return this.built.clock.getCurrentProcessingTime();
  }

  /** Main-output values, in emission order. */
  extractOutputValues(): OUT[] {
    return this.inner.output.values();
  }

  /** Main-output values with their timestamps (NO_TIMESTAMP when a record has none). */
  extractOutputRecords(): Timestamped<OUT>[] {
    return this.inner.output.records();
  }

  /** Values emitted to the side output `tag`, in emission order. */
  getSideOutput<X>(tag: OutputTag<X>): X[] {
    return this.inner.output.sideOutput(tag).map((r) => r.value);
  }

  getSideOutputRecords<X>(tag: OutputTag<X>): Timestamped<X>[] {
    return this.inner.output.sideOutput(tag);
  }

  /** Watermarks the operator emitted. */
  extractWatermarks(): number[] {
    return this.inner.output.watermarks();
  }

  /** Everything emitted (records, side outputs, watermarks), interleaved as it happened. */
  getOutput(): readonly OutputEvent<OUT>[] {
    return this.inner.output.events;
  }

  /** Forgets what was emitted so far (state and timers stay). */
  clearOutput(): void {
    this.inner.output.clear();
  }

  /** Lets settled promises (async I/O) reach the operator, then runs what they queued. */
  settle(): Promise<void> {
    return this.inner.settle();
  }

  /** finish() then close(), as at the end of a bounded job; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.inner.finish();
    await this.inner.close();
  }

  /** Keyed state and timers of a keyed harness; throws on a non-keyed one. */
  protected keyed(): KeyedStateView {
    const state = this.built.state;
    if (state === undefined) {
      throw new Error('This harness has no keyed state: use a Keyed*TestHarness (give it a key selector)');
    }
    return state;
  }
}

/** One input; keyed when built with a key selector. */
class OneInputTestHarnessCore<IN, OUT> extends OperatorTestHarnessBase<OUT> {
  protected readonly one: OneInputOperatorHarness<IN, OUT>;

  protected constructor(
    operator: OneInputStreamOperator<IN, OUT>,
    keySelector: ((value: IN) => unknown) | undefined,
    options: OperatorTestHarnessOptions,
  ) {
    const ok = operator !== null && typeof operator === 'object' && 'processElement' in operator;
    if (!ok) throw new TypeError('The harness needs a one-input stream operator (with processElement)');
    const built = buildServices(keySelector !== undefined, options, 'operator');
    const one = new OneInputOperatorHarness<IN, OUT>(operator, {
      services: built.services,
      taskInfo: options.taskInfo,
      keySelector,
    });
    super(one as unknown as OneInputOperatorHarness<never, OUT>, built);
    this.one = one;
    if (options.open === true) this.open();
  }

  /** One record; `timestamp` defaults to none. */
  processElement(value: IN, timestamp: number = NO_TIMESTAMP): void {
    this.one.processElement(value, timestamp);
    this.inner.drainMailbox();
  }

  /** Event-time timers up to `watermark` fire, then the operator sees the watermark. */
  processWatermark(watermark: number): void {
    this.one.processWatermark(watermark);
    this.inner.drainMailbox();
  }

  processWatermarkStatus(idle: boolean): void {
    this.one.processWatermarkStatus(idle);
  }

  /** The end of input (before close()). */
  endInput(): void {
    this.one.endInput();
  }
}

/** One non-keyed input (Flink's OneInputStreamOperatorTestHarness). */
export class OneInputOperatorTestHarness<IN, OUT> extends OneInputTestHarnessCore<IN, OUT> {
  constructor(operator: OneInputStreamOperator<IN, OUT>, options: OperatorTestHarnessOptions = {}) {
    super(operator, undefined, options);
  }
}

/** One keyed input (Flink's KeyedOneInputStreamOperatorTestHarness): state and timers are per key. */
export class KeyedOneInputOperatorTestHarness<K, IN, OUT> extends OneInputTestHarnessCore<IN, OUT> {
  constructor(
    operator: OneInputStreamOperator<IN, OUT>,
    keySelector: (value: IN) => K,
    options: OperatorTestHarnessOptions = {},
  ) {
    if (typeof keySelector !== 'function') {
      throw new TypeError('KeyedOneInputOperatorTestHarness needs a key selector function, e.g. (e) => e.userId');
    }
    super(operator, keySelector, options);
  }

  /** State and pending timers by key. */
  get state(): KeyedStateView {
    return this.keyed();
  }
  /** The ValueState `descriptor` of `key` (undefined when unset). */
  getState<T>(key: K, descriptor: ValueStateDescriptor<T>): T | undefined {
    return this.keyed().getState(key, descriptor);
  }
  getListState<T>(key: K, descriptor: ListStateDescriptor<T>): T[] {
    return this.keyed().getListState(key, descriptor);
  }
  getMapState<MK, MV>(key: K, descriptor: MapStateDescriptor<MK, MV>): Map<MK, MV> {
    return this.keyed().getMapState(key, descriptor);
  }
  numEventTimeTimers(): number {
    return this.keyed().numEventTimeTimers();
  }
  numProcessingTimeTimers(): number {
    return this.keyed().numProcessingTimeTimers();
  }
  /** Pending timers (event time and processing time), each list in firing order. */
  eventTimeTimers(): PendingTimer[] {
    return this.keyed().eventTimeTimers();
  }
  processingTimeTimers(): PendingTimer[] {
    return this.keyed().processingTimeTimers();
  }
}

/** Two inputs (Flink's TwoInputStreamOperatorTestHarness); keyed when both key selectors are given. */
export class TwoInputOperatorTestHarness<IN1, IN2, OUT> extends OperatorTestHarnessBase<OUT> {
  private readonly two: TwoInputOperatorHarness<IN1, IN2, OUT>;
  private watermark1 = MIN_WATERMARK;
  private watermark2 = MIN_WATERMARK;
  private combined = MIN_WATERMARK;

  constructor(
    operator: TwoInputStreamOperator<IN1, IN2, OUT>,
    options: OperatorTestHarnessOptions & {
      readonly keySelector1?: (value: IN1) => unknown;
      readonly keySelector2?: (value: IN2) => unknown;
    } = {},
  ) {
    const ok = operator !== null && typeof operator === 'object' && 'processElement1' in operator;
    if (!ok) throw new TypeError('TwoInputOperatorTestHarness needs a two-input operator (processElement1/2)');
    const keyed = options.keySelector1 !== undefined || options.keySelector2 !== undefined;
    if (keyed && (options.keySelector1 === undefined || options.keySelector2 === undefined)) {
      throw new TypeError('A keyed two-input harness needs both keySelector1 and keySelector2');
    }
    const built = buildServices(keyed, options, 'operator');
    const two = new TwoInputOperatorHarness<IN1, IN2, OUT>(operator, {
      services: built.services,
      taskInfo: options.taskInfo,
      keySelector1: options.keySelector1,
      keySelector2: options.keySelector2,
    });
    super(two as unknown as TwoInputOperatorHarness<never, never, OUT>, built);
    this.two = two;
    if (options.open === true) this.open();
  }

  processElement1(value: IN1, timestamp: number = NO_TIMESTAMP): void {
    this.two.processElement1(value, timestamp);
    this.inner.drainMailbox();
  }

  processElement2(value: IN2, timestamp: number = NO_TIMESTAMP): void {
    this.two.processElement2(value, timestamp);
    this.inner.drainMailbox();
  }

  /** The watermark of input 1; the operator's watermark is the minimum of both inputs, as in the task. */
  processWatermark1(watermark: number): void {
    this.watermark1 = Math.max(this.watermark1, watermark);
    this.advance();
  }

  processWatermark2(watermark: number): void {
    this.watermark2 = Math.max(this.watermark2, watermark);
    this.advance();
  }

  /** Both inputs at once. */
  processBothWatermarks(watermark: number): void {
    this.watermark1 = Math.max(this.watermark1, watermark);
    this.watermark2 = Math.max(this.watermark2, watermark);
    this.advance();
  }

  endInput1(): void {
    this.two.endInput(1);
  }

  endInput2(): void {
    this.two.endInput(2);
  }

  get state(): KeyedStateView {
    return this.keyed();
  }
  numEventTimeTimers(): number {
    return this.keyed().numEventTimeTimers();
  }
  numProcessingTimeTimers(): number {
    return this.keyed().numProcessingTimeTimers();
  }

  private advance(): void {
    const combined = Math.min(this.watermark1, this.watermark2);
    if (combined <= this.combined) return;
    this.combined = combined;
    this.two.processWatermark(combined);
    this.inner.drainMailbox();
  }
}
