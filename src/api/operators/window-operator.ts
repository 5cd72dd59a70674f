import type { Collector } from '../functions/functions.js';
import type { OutputTag } from '../output-tag.js';
import type { AggregatingStateDescriptor, ListStateDescriptor, ReducingStateDescriptor } from '../state/descriptors.js';
import { ListStateDescriptor as ListDescriptor } from '../state/descriptors.js';
import type { KeyedStateBackend } from '../state/keyed-state-backend.js';
import type { ListState } from '../state/state.js';
import { isMergingWindowAssigner, type MergingWindowAssigner, type WindowAssigner } from '../windowing/assigners.js';
import { type MergeFunction, MergingWindowSet } from '../windowing/merging-window-set.js';
import { isFire, isPurge, type Trigger } from '../windowing/triggers.js';
import {
  type NamespacedState,
  stateOf,
  WindowProcessContext,
  WindowTriggerContext,
} from '../windowing/window-contexts.js';
import type { InternalWindowFunction } from '../windowing/window-functions.js';
import type { Window } from '../windowing/windows.js';
import type { Output } from './output.js';
import type { OneInputStreamOperator, StreamOperatorParameters } from './stream-operator.js';
import type { InternalTimer, InternalTimerService, Triggerable } from './timers.js';
import { TimestampedCollector } from './timestamped-collector.js';

/** Timer service name, as Flink's (timers are snapshotted under it). */
export const WINDOW_TIMERS = 'window-timers';
export const WINDOW_CONTENTS = 'window-contents';
export const MERGING_WINDOW_SET = 'merging-window-set';

/** How window contents are kept: all elements (list), or folded (reducing/aggregating). */
export type WindowStateDescriptor<IN> =
  | ListStateDescriptor<IN>
  | ReducingStateDescriptor<IN>
  | AggregatingStateDescriptor<IN, unknown, unknown>;

export interface WindowOperatorOptions<IN, C, OUT, K, W extends Window> {
  readonly assigner: WindowAssigner<IN, W>;
  readonly trigger: Trigger<IN, W>;
  readonly stateDescriptor: WindowStateDescriptor<IN> | ListStateDescriptor<unknown>;
  readonly windowFunction: InternalWindowFunction<C, OUT, K, W>;
  /** Milliseconds a window's state is kept after its end for late elements (event time only). */
  readonly allowedLateness: number;
  readonly lateDataOutputTag?: OutputTag<IN>;
  /** The window function object the user passed (undefined for plain functions or none): checkpoint hooks are
   * forwarded to it. The window function is wrapped by then, so the caller names it here. */
  readonly userFunction?: unknown;
}

/**
 * Keyed windows with Flink's WindowOperator semantics. Per record: assign windows; skip windows already past
 * cleanup (maxTimestamp + allowedLateness <= watermark); add to the window's state; ask the trigger; fire/purge;
 * register the cleanup timer. Merging assigners keep their in-flight windows in a MergingWindowSet in keyed
 * state. A record that went into no window and is late goes to the late side output or counts in
 * numLateRecordsDropped. Outputs carry the window's maxTimestamp. The runtime sets the key before each record and
 * timer; everything runs on the task thread.
 */
export class WindowOperator<IN, C, OUT, K, W extends Window>
  implements OneInputStreamOperator<IN, OUT>, Triggerable<unknown, W>
{
  protected readonly assigner: WindowAssigner<IN, W>;
  protected readonly trigger: Trigger<IN, W>;
  protected readonly windowFunction: InternalWindowFunction<C, OUT, K, W>;
  protected readonly allowedLateness: number;
  /** See WindowOperatorOptions.userFunction; the runtime forwards CheckpointedFunction/CheckpointListener to it. */
  readonly userFunction: unknown;
  private readonly lateTag: OutputTag<IN> | undefined;
  private readonly merging: MergingWindowAssigner<IN, W> | undefined;
  private readonly eventTime: boolean;
  private readonly stateDescriptor: WindowStateDescriptor<IN> | ListStateDescriptor<unknown>;
  /** List state reads as an empty list when unset; that counts as "no contents", as Flink's null. */
  private readonly listContents: boolean;
  protected params!: StreamOperatorParameters<OUT>;
  protected backend!: KeyedStateBackend;
  protected timers!: InternalTimerService<W>;
  protected windowState!: NamespacedState;
  protected collector!: TimestampedCollector<OUT>;
  protected processContext!: WindowProcessContext<W>;
  private triggerContext!: WindowTriggerContext<W>;
  private mergingSetState!: ListState<[W, W]>;
  private lateDropped!: { inc(n?: number): void; getCount(): number };
  private readonly assignerContext = { getCurrentProcessingTime: (): number => this.timers.currentProcessingTime() };
  /** Created once: merging runs it per merge without allocating a closure per record. */
  private readonly mergeFunction: MergeFunction<W> = (result, merged, stateResult, mergedState) =>
    this.mergeWindows(result, merged, stateResult, mergedState);

  constructor(options: WindowOperatorOptions<IN, C, OUT, K, W>) {
    this.assigner = options.assigner;
    this.trigger = options.trigger;
    this.windowFunction = options.windowFunction;
    this.userFunction = typeof options.userFunction === 'object' ? options.userFunction : undefined;
    if (!Number.isFinite(options.allowedLateness) || options.allowedLateness < 0) {
      throw new RangeError(`allowedLateness must be a non-negative number of ms, got ${options.allowedLateness}`);
    }
    this.allowedLateness = options.allowedLateness;
    this.lateTag = options.lateDataOutputTag;
    this.merging = isMergingWindowAssigner(options.assigner) ? options.assigner : undefined;
    this.eventTime = options.assigner.isEventTime();
    this.stateDescriptor = options.stateDescriptor;
    this.listContents = options.stateDescriptor.kind === 'list';
  }

  setup(parameters: StreamOperatorParameters<OUT>): void {
    this.params = parameters;
    this.collector = new TimestampedCollector(parameters.output);
  }

  open(): void {
    const backend = this.params.keyedStateBackend;
    if (backend === undefined) {
      throw new Error('A window operator needs a keyed stream: call keyBy(...).window(...) or windowAll(...)');
    }
    this.backend = backend;
    this.timers = this.params.getInternalTimerService<W>(WINDOW_TIMERS, this);
    const metrics = this.params.runtimeContext.getMetricGroup();
    this.lateDropped = metrics.counter('numLateRecordsDropped');
    this.windowState = stateOf(backend, this.stateDescriptor as ListStateDescriptor<unknown>);
    if (this.merging !== undefined) {
      if (this.windowState.mergeNamespaces === undefined) {
        throw new Error(
          `Window state '${this.stateDescriptor.name}' cannot merge: session windows need list, reducing or aggregating state`,
        );
      }
      this.mergingSetState = backend.getListState(new ListDescriptor<[W, W]>(MERGING_WINDOW_SET));
    }
    this.triggerContext = new WindowTriggerContext<W>(backend, this.timers, metrics);
    this.processContext = new WindowProcessContext<W>(backend, this.timers, this.params.output as Output<unknown>);
    this.windowFunction.open(this.params.runtimeContext);
  }

  /** Late records dropped so far (also the numLateRecordsDropped counter of the metric group). */
  get numLateRecordsDropped(): number {
    return this.lateDropped.getCount();
  }

  processElement(value: IN, timestamp: number): void {
    const windows = this.assigner.assignWindows(value, timestamp, this.assignerContext);
    const skipped =
      this.merging === undefined
        ? this.addToWindows(value, timestamp, windows)
        : this.addToMerging(value, timestamp, windows);
    if (skipped && this.isElementLate(timestamp)) {
      if (this.lateTag !== undefined) this.params.output.collectSide(this.lateTag, value, timestamp);
      else this.lateDropped.inc();
    }
  }

  /** Returns true when the record went into no window (all were late). */
  private addToWindows(value: IN, timestamp: number, windows: readonly W[]): boolean {
    let skipped = true;
    for (let i = 0; i < windows.length; i++) {
      const window = windows[i] as W;
      if (this.isWindowLate(window)) continue;
      skipped = false;
      this.windowState.setCurrentNamespace(window);
      this.addElement(value, timestamp);
      this.onElementAdded(value, timestamp, window);
    }
    return skipped;
  }

  private addToMerging(value: IN, timestamp: number, windows: readonly W[]): boolean {
    const set = this.mergingWindowSet();
    let skipped = true;
    for (let i = 0; i < windows.length; i++) {
      const actual = set.addWindow(windows[i] as W, this.mergeFunction);
      if (this.isWindowLate(actual)) {
        set.retireWindow(actual);
        continue;
      }
      skipped = false;
      const stateWindow = set.getStateWindow(actual);
      if (stateWindow === undefined) throw new Error(`Window ${String(actual)} has no state window: a Weir bug`);
      this.windowState.setCurrentNamespace(stateWindow);
      this.addElement(value, timestamp);
      this.onElementAdded(value, timestamp, actual);
    }
    set.persist();
    return skipped;
  }

  /** Trigger, fire, purge and cleanup timer after an element was added to `window` (state namespace set). */
  private onElementAdded(value: IN, timestamp: number, window: W): void {
    this.triggerContext.window = window;
    const result = this.trigger.onElement(value, timestamp, window, this.triggerContext);
    if (isFire(result)) {
      const contents = this.readContents();
      if (contents === undefined) return;
      this.emitWindowContents(window, contents);
    }
    if (isPurge(result)) this.windowState.clear();
    this.registerCleanupTimer(window);
  }

  private mergeWindows(result: W, mergedWindows: W[], stateResult: W, mergedStateWindows: W[]): void {
    if (this.eventTime && result.maxTimestamp() + this.allowedLateness <= this.timers.currentWatermark()) {
      throw new Error(
        `The end timestamp of an event-time window cannot become earlier than the current watermark by merging. ` +
          `Current watermark: ${this.timers.currentWatermark()} window: ${String(result)}`,
      );
    }
    if (!this.eventTime && result.maxTimestamp() <= this.timers.currentProcessingTime()) {
      throw new Error(
        `The end timestamp of a processing-time window cannot become earlier than the current processing time by ` +
          `merging. Current processing time: ${this.timers.currentProcessingTime()} window: ${String(result)}`,
      );
    }
    const ctx = this.triggerContext;
    ctx.window = result;
    ctx.mergedWindows = mergedWindows;
    this.trigger.onMerge?.(result, ctx);
    ctx.mergedWindows = [];
    for (const m of mergedWindows) {
      ctx.window = m;
      this.trigger.clear(m, ctx);
      this.deleteCleanupTimer(m);
    }
    this.windowState.mergeNamespaces?.(stateResult, mergedStateWindows);
  }

  onEventTime(timer: InternalTimer<unknown, W>): void {
    this.onTimer(timer, true);
  }

  onProcessingTime(timer: InternalTimer<unknown, W>): void {
    this.onTimer(timer, false);
  }

  private onTimer(timer: InternalTimer<unknown, W>, eventTimer: boolean): void {
    const window = timer.namespace;
    let set: MergingWindowSet<W> | undefined;
    if (this.merging !== undefined) {
      set = this.mergingWindowSet();
      const stateWindow = set.getStateWindow(window);
      // A timer of a window that merged away: nothing to do (its trigger was cleared when it merged).
      if (stateWindow === undefined) return;
      this.windowState.setCurrentNamespace(stateWindow);
    } else {
      this.windowState.setCurrentNamespace(window);
    }
    this.triggerContext.window = window;
    const result = eventTimer
      ? this.trigger.onEventTime(timer.timestamp, window, this.triggerContext)
      : this.trigger.onProcessingTime(timer.timestamp, window, this.triggerContext);
    if (isFire(result)) {
      const contents = this.readContents();
      if (contents !== undefined) this.emitWindowContents(window, contents);
    }
    if (isPurge(result)) this.windowState.clear();
    if (this.eventTime === eventTimer && timer.timestamp === this.cleanupTime(window)) this.clearAllState(window, set);
    set?.persist();
  }

  private clearAllState(window: W, set: MergingWindowSet<W> | undefined): void {
    this.windowState.clear();
    this.triggerContext.window = window;
    this.trigger.clear(window, this.triggerContext);
    this.processContext.window_ = window;
    this.windowFunction.clear(this.processContext);
    if (set !== undefined) {
      set.retireWindow(window);
      set.persist();
    }
  }

  /** Adds one element to the window state (namespace already set); the evicting operator keeps timestamps too. */
  protected addElement(value: IN, _timestamp: number): void {
    (this.windowState as unknown as { add(v: IN): void }).add(value);
  }

  /** The window state's contents, or undefined when the window holds nothing. */
  protected readContents(): C | undefined {
    const contents = (this.windowState as unknown as { get(): C | undefined }).get();
    if (this.listContents && isEmptyIterable(contents)) return undefined;
    return contents;
  }

  protected emitWindowContents(window: W, contents: C): void {
    this.collector.timestamp = window.maxTimestamp();
    this.processContext.window_ = window;
    this.windowFunction.process(
      this.backend.getCurrentKey() as K,
      this.processContext,
      contents,
      this.collector as Collector<OUT>,
    );
  }

  private mergingWindowSet(): MergingWindowSet<W> {
    return new MergingWindowSet<W>(this.merging as MergingWindowAssigner<unknown, W>, this.mergingSetState);
  }

  private isWindowLate(window: W): boolean {
    return this.eventTime && this.cleanupTime(window) <= this.timers.currentWatermark();
  }

  private isElementLate(timestamp: number): boolean {
    return this.eventTime && timestamp + this.allowedLateness <= this.timers.currentWatermark();
  }

  /** When the window's state goes: event time maxTimestamp + allowedLateness; processing time maxTimestamp. */
  private cleanupTime(window: W): number {
    return this.eventTime ? window.maxTimestamp() + this.allowedLateness : window.maxTimestamp();
  }

  private registerCleanupTimer(window: W): void {
    const time = this.cleanupTime(window);
    if (time === Number.POSITIVE_INFINITY) return;
    if (this.eventTime) this.timers.registerEventTimeTimer(window, time);
    else this.timers.registerProcessingTimeTimer(window, time);
  }

  private deleteCleanupTimer(window: W): void {
    const time = this.cleanupTime(window);
    if (time === Number.POSITIVE_INFINITY) return;
    if (this.eventTime) this.timers.deleteEventTimeTimer(window, time);
    else this.timers.deleteProcessingTimeTimer(window, time);
  }

  processWatermark(watermark: number): void {
    this.params.output.emitWatermark(watermark);
  }
  processWatermarkStatus(idle: boolean): void {
    this.params.output.emitWatermarkStatus(idle);
  }
  endInput(): void {}
  finish(): void {}
  close(): void {
    this.windowFunction.close();
  }
}

function isEmptyIterable(value: unknown): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  return (value as Iterable<unknown>)[Symbol.iterator]().next().done === true;
}
