import { NO_TIMESTAMP } from '../../core/time.js';
import type { MetricGroupView, RuntimeContext, TaskInfo } from '../functions/runtime-context.js';
import { createRuntimeContext } from '../functions/streaming-runtime-context.js';
import type { OutputTag } from '../output-tag.js';
import type { FunctionInitializationContext, FunctionSnapshotContext } from '../state/checkpointing.js';
import type { KeyedStateBackend } from '../state/keyed-state-backend.js';
import {
  initializeOperatorState,
  notifyOperatorCheckpointAborted,
  notifyOperatorCheckpointComplete,
  snapshotOperatorState,
} from './checkpoint-hooks.js';
import type { Output } from './output.js';
import type {
  MailboxExecutor,
  OneInputStreamOperator,
  StreamOperator,
  StreamOperatorParameters,
  TwoInputStreamOperator,
} from './stream-operator.js';
import type { InternalTimerService, ProcessingTimeService, Triggerable } from './timers.js';

// Internal operator test harness (Flink's OneInputStreamOperatorTestHarness): drives one operator by hand, as the
// task would, and records what it emits. api/ may not import runtime/, so keyed state, timers and the manual clock
// are injected (HarnessServices); tests wire the runtime's heap backend, timer services and
// ManualProcessingTimeService (see harness-services.test.ts). The public `weir/testing` will build on this.

/** One emitted element, in emission order. */
export type OutputEvent<T> =
  | { readonly kind: 'record'; readonly value: T; readonly timestamp: number }
  | { readonly kind: 'side'; readonly tag: string; readonly value: unknown; readonly timestamp: number }
  | { readonly kind: 'watermark'; readonly watermark: number }
  | { readonly kind: 'watermark-status'; readonly idle: boolean };

export interface Timestamped<T> {
  readonly value: T;
  readonly timestamp: number;
}

/** An Output that keeps everything (records with timestamps, side outputs by tag id, watermarks). */
export class RecordingOutput<T> implements Output<T> {
  readonly events: OutputEvent<T>[] = [];

  collect(value: T, timestamp: number): void {
    this.events.push({ kind: 'record', value, timestamp });
  }
  collectSide<X>(tag: OutputTag<X>, value: X, timestamp: number): void {
    this.events.push({ kind: 'side', tag: tag.id, value, timestamp });
  }
  emitWatermark(watermark: number): void {
    this.events.push({ kind: 'watermark', watermark });
  }
  emitWatermarkStatus(idle: boolean): void {
    this.events.push({ kind: 'watermark-status', idle });
  }

  /** Main-output records with timestamps. */
  records(): Timestamped<T>[] {
    const out: Timestamped<T>[] = [];
    for (const e of this.events) if (e.kind === 'record') out.push({ value: e.value, timestamp: e.timestamp });
    return out;
  }
  values(): T[] {
    return this.records().map((r) => r.value);
  }
  sideOutput<X>(tag: OutputTag<X>): Timestamped<X>[] {
    const out: Timestamped<X>[] = [];
    for (const e of this.events) {
      if (e.kind === 'side' && e.tag === tag.id) out.push({ value: e.value as X, timestamp: e.timestamp });
    }
    return out;
  }
  watermarks(): number[] {
    const out: number[] = [];
    for (const e of this.events) if (e.kind === 'watermark') out.push(e.watermark);
    return out;
  }
  clear(): void {
    this.events.length = 0;
  }
}

/** A mailbox the test drains by hand; an action that throws fails the "task" (the error reaches the test). */
export class ManualMailbox implements MailboxExecutor {
  private readonly actions: { action: () => void; description: string }[] = [];

  execute(action: () => void, description: string): void {
    this.actions.push({ action, description });
  }
  get size(): number {
    return this.actions.length;
  }
  /** Runs queued actions, and those they queue, until none is left; returns how many ran. */
  drain(): number {
    let ran = 0;
    for (let next = this.actions.shift(); next !== undefined; next = this.actions.shift()) {
      ran++;
      next.action();
    }
    return ran;
  }
}

/** A ProcessingTimeService whose time moves only when the test says (the runtime's ManualProcessingTimeService). */
export interface ManualClock extends ProcessingTimeService {
  advanceTo(time: number): void;
}

/** A keyed timer service the harness can move to a watermark (fires event-time timers up to it). */
export interface HarnessTimerService<N> extends InternalTimerService<N> {
  advanceWatermark(watermark: number): unknown;
}

/** What the harness needs from the runtime; keyed parts only for operators on keyed input. */
export interface HarnessServices {
  readonly processingTime: ManualClock;
  readonly keyedStateBackend?: KeyedStateBackend;
  createTimerService?<N>(name: string, triggerable: Triggerable<unknown, N>): HarnessTimerService<N>;
}

export interface HarnessOptions {
  readonly services: HarnessServices;
  readonly taskInfo?: Partial<TaskInfo>;
  readonly jobId?: string;
}

/** Counters and gauges in a map, for tests that check metrics. */
export class RecordingMetricGroup implements MetricGroupView {
  readonly counters = new Map<string, number>();
  readonly gauges = new Map<string, () => unknown>();
  counter(name: string): { inc(n?: number): void; getCount(): number } {
    const counters = this.counters;
    if (!counters.has(name)) counters.set(name, 0);
    return {
      inc: (n = 1) => counters.set(name, (counters.get(name) ?? 0) + n),
      getCount: () => counters.get(name) ?? 0,
    };
  }
  gauge<T>(name: string, read: () => T): void {
    this.gauges.set(name, read);
  }
}

function taskInfoOf(partial: Partial<TaskInfo> | undefined): TaskInfo {
  const taskName = partial?.taskName ?? 'test-operator';
  const index = partial?.indexOfThisSubtask ?? 0;
  const parallelism = partial?.numberOfParallelSubtasks ?? 1;
  const attempt = partial?.attemptNumber ?? 0;
  return {
    taskName,
    taskNameWithSubtasks: partial?.taskNameWithSubtasks ?? `${taskName} (${index + 1}/${parallelism})#${attempt}`,
    indexOfThisSubtask: index,
    numberOfParallelSubtasks: parallelism,
    maxNumberOfParallelSubtasks: partial?.maxNumberOfParallelSubtasks ?? 128,
    attemptNumber: attempt,
  };
}

/** The StreamOperatorParameters a harness hands its operator, plus the task's side of timers and keys. */
class HarnessParameters<OUT> implements StreamOperatorParameters<OUT> {
  readonly output = new RecordingOutput<OUT>();
  readonly mailboxExecutor = new ManualMailbox();
  readonly metrics = new RecordingMetricGroup();
  readonly runtimeContext: RuntimeContext;
  readonly keyedStateBackend: KeyedStateBackend | undefined;
  readonly processingTimeService: ManualClock;
  readonly timerServices = new Map<string, HarnessTimerService<unknown>>();

  constructor(private readonly options: HarnessOptions) {
    const { services } = options;
    this.keyedStateBackend = services.keyedStateBackend;
    this.processingTimeService = services.processingTime;
    const info = taskInfoOf(options.taskInfo);
    this.runtimeContext = createRuntimeContext(info, this.keyedStateBackend, this.metrics, options.jobId ?? 'test-job');
  }

  getInternalTimerService<N>(name: string, triggerable: Triggerable<unknown, N>): InternalTimerService<N> {
    const create = this.options.services.createTimerService;
    if (this.keyedStateBackend === undefined || create === undefined) {
      throw new Error(`Timer service '${name}' needs keyed input: give the harness keyed services and a key selector`);
    }
    const existing = this.timerServices.get(name);
    if (existing !== undefined) return existing as InternalTimerService<N>;
    const created = create.call(this.options.services, name, triggerable);
    this.timerServices.set(name, created as HarnessTimerService<unknown>);
    return created;
  }

  setKey(value: unknown, selector: ((value: never) => unknown) | undefined): void {
    if (selector === undefined) return;
    const backend = this.keyedStateBackend;
    if (backend === undefined) throw new Error('A key selector needs a keyed state backend in the harness services');
    backend.setCurrentKey((selector as (v: unknown) => unknown)(value));
  }

  /** As the task does: timers fire up to the watermark, then the operator sees it. */
  advanceWatermark(watermark: number): void {
    for (const service of this.timerServices.values()) service.advanceWatermark(watermark);
  }
}

/** Lifecycle and inspection shared by the one- and two-input harnesses. */
class HarnessBase<OUT, OP extends StreamOperator<OUT>> {
  protected readonly params: HarnessParameters<OUT>;
  constructor(
    readonly operator: OP,
    options: HarnessOptions,
  ) {
    this.params = new HarnessParameters<OUT>(options);
  }
  get output(): RecordingOutput<OUT> {
    return this.params.output;
  }
  get mailbox(): ManualMailbox {
    return this.params.mailboxExecutor;
  }
  get runtimeContext(): RuntimeContext {
    return this.params.runtimeContext;
  }
  get metrics(): RecordingMetricGroup {
    return this.params.metrics;
  }
  get processingTime(): ManualClock {
    return this.params.processingTimeService;
  }
  private isSetUp = false;
  private initialized = false;
  /** setup() once (open() and initializeState() call it). */
  setup(): void {
    if (this.isSetUp) return;
    this.isSetUp = true;
    this.operator.setup(this.params);
  }
  get isInitialized(): boolean {
    return this.initialized;
  }
  /** setup(), then the operator's and its user function's initializeState, as the task does before open(). */
  initializeState(context: FunctionInitializationContext): void {
    if (this.initialized) throw new Error('initializeState was already called on this harness: build a new one');
    this.setup();
    this.initialized = true;
    initializeOperatorState(this.operator as StreamOperator<unknown>, context);
  }
  /** setup() (if not done) then open(), as the task does before the first record. */
  open(): this {
    this.setup();
    this.operator.open();
    return this;
  }
  /** The operator's then the user function's snapshotState (the barrier's synchronous part). */
  snapshotState(context: FunctionSnapshotContext): void {
    snapshotOperatorState(this.operator as StreamOperator<unknown>, context);
  }
  prepareSnapshotPreBarrier(checkpointId: number): void | Promise<void> {
    return this.operator.prepareSnapshotPreBarrier?.(checkpointId);
  }
  notifyCheckpointComplete(checkpointId: number): Promise<void> | undefined {
    return notifyOperatorCheckpointComplete(this.operator as StreamOperator<unknown>, checkpointId);
  }
  notifyCheckpointAborted(checkpointId: number): void {
    notifyOperatorCheckpointAborted(this.operator as StreamOperator<unknown>, checkpointId);
  }
  /** Moves the manual clock; due processing-time callbacks (timers, async timeouts, retries) run now. */
  setProcessingTime(time: number): void {
    this.params.processingTimeService.advanceTo(time);
  }
  drainMailbox(): number {
    return this.params.mailboxExecutor.drain();
  }
  /** Lets settled promises reach the mailbox (one macrotask turn), then drains it; repeats while work appears. */
  async settle(): Promise<void> {
    for (let round = 0; round < 100; round++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.params.mailboxExecutor.drain() === 0) return;
    }
  }
  inputBlocked(): Promise<void> | undefined {
    return this.operator.inputBlocked?.();
  }
  finish(): void | Promise<void> {
    return this.operator.finish();
  }
  close(): void | Promise<void> {
    return this.operator.close();
  }
  /** Main-output values; `records()` on `output` keeps the timestamps. */
  values(): OUT[] {
    return this.params.output.values();
  }
}

export interface OneInputHarnessOptions<IN> extends HarnessOptions {
  /** Present for keyed input: the harness sets the current key from it before each record (as the runtime does). */
  readonly keySelector?: (value: IN) => unknown;
}

export class OneInputOperatorHarness<IN, OUT> extends HarnessBase<OUT, OneInputStreamOperator<IN, OUT>> {
  private readonly keySelector: ((value: IN) => unknown) | undefined;
  constructor(operator: OneInputStreamOperator<IN, OUT>, options: OneInputHarnessOptions<IN>) {
    super(operator, options);
    this.keySelector = options.keySelector;
  }
  processElement(value: IN, timestamp: number = NO_TIMESTAMP): void {
    this.params.setKey(value, this.keySelector);
    this.operator.processElement(value, timestamp);
  }
  processWatermark(watermark: number): void {
    this.params.advanceWatermark(watermark);
    this.operator.processWatermark(watermark);
  }
  processWatermarkStatus(idle: boolean): void {
    this.operator.processWatermarkStatus(idle);
  }
  endInput(): void {
    this.operator.endInput();
  }
}

export interface TwoInputHarnessOptions<IN1, IN2> extends HarnessOptions {
  readonly keySelector1?: (value: IN1) => unknown;
  readonly keySelector2?: (value: IN2) => unknown;
}

export class TwoInputOperatorHarness<IN1, IN2, OUT> extends HarnessBase<OUT, TwoInputStreamOperator<IN1, IN2, OUT>> {
  private readonly keySelector1: ((value: IN1) => unknown) | undefined;
  private readonly keySelector2: ((value: IN2) => unknown) | undefined;
  constructor(operator: TwoInputStreamOperator<IN1, IN2, OUT>, options: TwoInputHarnessOptions<IN1, IN2>) {
    super(operator, options);
    this.keySelector1 = options.keySelector1;
    this.keySelector2 = options.keySelector2;
  }
  processElement1(value: IN1, timestamp: number = NO_TIMESTAMP): void {
    this.params.setKey(value, this.keySelector1);
    this.operator.processElement1(value, timestamp);
  }
  processElement2(value: IN2, timestamp: number = NO_TIMESTAMP): void {
    this.params.setKey(value, this.keySelector2);
    this.operator.processElement2(value, timestamp);
  }
  /** The combined watermark of both inputs (the task computes the min). */
  processWatermark(watermark: number): void {
    this.params.advanceWatermark(watermark);
    this.operator.processWatermark(watermark);
  }
  processWatermarkStatus(idle: boolean): void {
    this.operator.processWatermarkStatus(idle);
  }
  endInput(inputIndex: 1 | 2): void {
    this.operator.endInput(inputIndex);
  }
}
