import type { MetricGroupView } from '../functions/runtime-context.js';
import {
  type AggregatingStateDescriptor,
  type ListStateDescriptor,
  type MapStateDescriptor,
  ReducingStateDescriptor,
  type ValueStateDescriptor,
} from '../state/descriptors.js';
import type { AggregatingState, ListState, MapState, ReducingState, ValueState } from '../state/state.js';
import type { Window } from './windows.js';

/** What a trigger decides for a window (Flink's TriggerResult): fire emits the contents, purge clears them. */
export type TriggerResult = 'CONTINUE' | 'FIRE' | 'PURGE' | 'FIRE_AND_PURGE';
export const TriggerResult = {
  CONTINUE: 'CONTINUE',
  FIRE: 'FIRE',
  PURGE: 'PURGE',
  FIRE_AND_PURGE: 'FIRE_AND_PURGE',
} as const satisfies Record<TriggerResult, TriggerResult>;

export function isFire(result: TriggerResult): boolean {
  return result === 'FIRE' || result === 'FIRE_AND_PURGE';
}
export function isPurge(result: TriggerResult): boolean {
  return result === 'PURGE' || result === 'FIRE_AND_PURGE';
}

/**
 * What a trigger may do for the window it is called for (Flink's Trigger.TriggerContext). Timers and state are
 * scoped to the current key and that window. Valid only during the call it is passed to.
 */
export interface TriggerContext {
  getCurrentProcessingTime(): number;
  getCurrentWatermark(): number;
  getMetricGroup(): MetricGroupView;
  registerProcessingTimeTimer(time: number): void;
  registerEventTimeTimer(time: number): void;
  deleteProcessingTimeTimer(time: number): void;
  deleteEventTimeTimer(time: number): void;
  getPartitionedState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T>;
  getPartitionedState<T>(descriptor: ListStateDescriptor<T>): ListState<T>;
  getPartitionedState<K, V>(descriptor: MapStateDescriptor<K, V>): MapState<K, V>;
  getPartitionedState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T>;
  getPartitionedState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): AggregatingState<IN, OUT>;
}

/** The context of onMerge: the trigger merges its state of the merged windows into the result window. */
export interface OnMergeContext extends TriggerContext {
  mergePartitionedState<T, ACC, OUT>(
    descriptor: ListStateDescriptor<T> | ReducingStateDescriptor<T> | AggregatingStateDescriptor<T, ACC, OUT>,
  ): void;
}

/**
 * Decides when a window fires (Flink's Trigger). Called on the task's thread, with the window's key current.
 * Triggers that keep state must clear it in clear(); triggers of merging windows must implement canMerge/onMerge.
 */
export interface Trigger<T, W extends Window> {
  onElement(element: T, timestamp: number, window: W, ctx: TriggerContext): TriggerResult;
  onEventTime(time: number, window: W, ctx: TriggerContext): TriggerResult;
  onProcessingTime(time: number, window: W, ctx: TriggerContext): TriggerResult;
  /** The window is being removed: delete its timers and state. */
  clear(window: W, ctx: TriggerContext): void;
  canMerge?(): boolean;
  onMerge?(window: W, ctx: OnMergeContext): void;
  toString(): string;
}

/** Fires once the watermark passes the window's end (Flink's EventTimeTrigger); fires at once for late windows. */
export class EventTimeTrigger implements Trigger<unknown, Window> {
  static create(): EventTimeTrigger {
    return new EventTimeTrigger();
  }
  onElement(_e: unknown, _ts: number, window: Window, ctx: TriggerContext): TriggerResult {
    if (window.maxTimestamp() <= ctx.getCurrentWatermark()) return 'FIRE';
    ctx.registerEventTimeTimer(window.maxTimestamp());
    return 'CONTINUE';
  }
  onEventTime(time: number, window: Window): TriggerResult {
    return time === window.maxTimestamp() ? 'FIRE' : 'CONTINUE';
  }
  onProcessingTime(): TriggerResult {
    return 'CONTINUE';
  }
  clear(window: Window, ctx: TriggerContext): void {
    ctx.deleteEventTimeTimer(window.maxTimestamp());
  }
  canMerge(): boolean {
    return true;
  }
  onMerge(window: Window, ctx: OnMergeContext): void {
    // Only re-register when the merged window's end is still ahead: a timer behind the watermark would fire at once.
    const end = window.maxTimestamp();
    if (end > ctx.getCurrentWatermark()) ctx.registerEventTimeTimer(end);
  }
  toString(): string {
    return 'EventTimeTrigger()';
  }
}

/** Fires when the wall clock passes the window's end (Flink's ProcessingTimeTrigger). */
export class ProcessingTimeTrigger implements Trigger<unknown, Window> {
  static create(): ProcessingTimeTrigger {
    return new ProcessingTimeTrigger();
  }
  onElement(_e: unknown, _ts: number, window: Window, ctx: TriggerContext): TriggerResult {
    ctx.registerProcessingTimeTimer(window.maxTimestamp());
    return 'CONTINUE';
  }
  onEventTime(): TriggerResult {
    return 'CONTINUE';
  }
  onProcessingTime(): TriggerResult {
    return 'FIRE';
  }
  clear(window: Window, ctx: TriggerContext): void {
    ctx.deleteProcessingTimeTimer(window.maxTimestamp());
  }
  canMerge(): boolean {
    return true;
  }
  onMerge(window: Window, ctx: OnMergeContext): void {
    const end = window.maxTimestamp();
    if (end > ctx.getCurrentProcessingTime()) ctx.registerProcessingTimeTimer(end);
  }
  toString(): string {
    return 'ProcessingTimeTrigger()';
  }
}

const sum = (a: number, b: number): number => a + b;
const min = (a: number, b: number): number => Math.min(a, b);

/** Fires every `maxCount` elements of a window, counting in per-window state (Flink's CountTrigger). */
export class CountTrigger implements Trigger<unknown, Window> {
  private readonly stateDesc = new ReducingStateDescriptor<number>('count', sum);
  private constructor(private readonly maxCount: number) {}
  static of(maxCount: number): CountTrigger {
    if (!Number.isInteger(maxCount) || maxCount < 1) {
      throw new RangeError(`CountTrigger.of(maxCount): maxCount must be a positive integer, got ${maxCount}`);
    }
    return new CountTrigger(maxCount);
  }
  onElement(_e: unknown, _ts: number, _w: Window, ctx: TriggerContext): TriggerResult {
    const count = ctx.getPartitionedState(this.stateDesc);
    count.add(1);
    if ((count.get() ?? 0) >= this.maxCount) {
      count.clear();
      return 'FIRE';
    }
    return 'CONTINUE';
  }
  onEventTime(): TriggerResult {
    return 'CONTINUE';
  }
  onProcessingTime(): TriggerResult {
    return 'CONTINUE';
  }
  clear(_w: Window, ctx: TriggerContext): void {
    ctx.getPartitionedState(this.stateDesc).clear();
  }
  canMerge(): boolean {
    return true;
  }
  onMerge(_w: Window, ctx: OnMergeContext): void {
    ctx.mergePartitionedState(this.stateDesc);
  }
  toString(): string {
    return `CountTrigger(${this.maxCount})`;
  }
}

/**
 * Fires every `interval` of event time (aligned to the epoch) and at the window's end (Flink's
 * ContinuousEventTimeTrigger). The next fire time is kept in per-window state.
 */
export class ContinuousEventTimeTrigger implements Trigger<unknown, Window> {
  private readonly stateDesc = new ReducingStateDescriptor<number>('fire-time', min);
  private constructor(private readonly interval: number) {}
  static of(interval: { toMillis(): number } | number): ContinuousEventTimeTrigger {
    const ms = typeof interval === 'number' ? interval : interval.toMillis();
    if (!Number.isFinite(ms) || ms <= 0) {
      throw new RangeError(`ContinuousEventTimeTrigger.of(interval): interval must be positive, got ${ms} ms`);
    }
    return new ContinuousEventTimeTrigger(ms);
  }
  onElement(_e: unknown, timestamp: number, window: Window, ctx: TriggerContext): TriggerResult {
    if (window.maxTimestamp() <= ctx.getCurrentWatermark()) return 'FIRE';
    ctx.registerEventTimeTimer(window.maxTimestamp());
    const fireTime = ctx.getPartitionedState(this.stateDesc);
    if (fireTime.get() === undefined) this.registerNext(timestamp - (timestamp % this.interval), window, ctx);
    return 'CONTINUE';
  }
  onEventTime(time: number, window: Window, ctx: TriggerContext): TriggerResult {
    if (time === window.maxTimestamp()) return 'FIRE';
    const fireTime = ctx.getPartitionedState(this.stateDesc);
    if (fireTime.get() === time) {
      fireTime.clear();
      this.registerNext(time, window, ctx);
      return 'FIRE';
    }
    return 'CONTINUE';
  }
  onProcessingTime(): TriggerResult {
    return 'CONTINUE';
  }
  clear(_w: Window, ctx: TriggerContext): void {
    const fireTime = ctx.getPartitionedState(this.stateDesc);
    const time = fireTime.get();
    if (time !== undefined) {
      ctx.deleteEventTimeTimer(time);
      fireTime.clear();
    }
  }
  canMerge(): boolean {
    return true;
  }
  onMerge(_w: Window, ctx: OnMergeContext): void {
    ctx.mergePartitionedState(this.stateDesc);
    const next = ctx.getPartitionedState(this.stateDesc).get();
    if (next !== undefined) ctx.registerEventTimeTimer(next);
  }
  toString(): string {
    return `ContinuousEventTimeTrigger(${this.interval})`;
  }
  private registerNext(time: number, window: Window, ctx: TriggerContext): void {
    const next = Math.min(time + this.interval, window.maxTimestamp());
    ctx.getPartitionedState(this.stateDesc).add(next);
    ctx.registerEventTimeTimer(next);
  }
}

/** Turns every FIRE of the wrapped trigger into FIRE_AND_PURGE (Flink's PurgingTrigger). */
export class PurgingTrigger<T, W extends Window> implements Trigger<T, W> {
  private constructor(private readonly nested: Trigger<T, W>) {}
  static of<T, W extends Window>(nested: Trigger<T, W>): PurgingTrigger<T, W> {
    return new PurgingTrigger(nested);
  }
  onElement(element: T, timestamp: number, window: W, ctx: TriggerContext): TriggerResult {
    return purging(this.nested.onElement(element, timestamp, window, ctx));
  }
  onEventTime(time: number, window: W, ctx: TriggerContext): TriggerResult {
    return purging(this.nested.onEventTime(time, window, ctx));
  }
  onProcessingTime(time: number, window: W, ctx: TriggerContext): TriggerResult {
    return purging(this.nested.onProcessingTime(time, window, ctx));
  }
  clear(window: W, ctx: TriggerContext): void {
    this.nested.clear(window, ctx);
  }
  canMerge(): boolean {
    return this.nested.canMerge?.() ?? false;
  }
  onMerge(window: W, ctx: OnMergeContext): void {
    this.nested.onMerge?.(window, ctx);
  }
  getNestedTrigger(): Trigger<T, W> {
    return this.nested;
  }
  toString(): string {
    return `PurgingTrigger(${String(this.nested)})`;
  }
}

function purging(result: TriggerResult): TriggerResult {
  return isFire(result) ? 'FIRE_AND_PURGE' : result;
}

/** Never fires: the default trigger of GlobalWindows (give it a CountTrigger or a custom one). */
export class NeverTrigger implements Trigger<unknown, Window> {
  onElement(): TriggerResult {
    return 'CONTINUE';
  }
  onEventTime(): TriggerResult {
    return 'CONTINUE';
  }
  onProcessingTime(): TriggerResult {
    return 'CONTINUE';
  }
  clear(): void {}
  canMerge(): boolean {
    return true;
  }
  onMerge(): void {}
  toString(): string {
    return 'NeverTrigger()';
  }
}

/** Fires once at the end of bounded input (the +∞ watermark): Flink 2.x's GlobalWindows end-of-stream trigger. */
export class EndOfStreamTrigger implements Trigger<unknown, Window> {
  onElement(_e: unknown, _ts: number, window: Window, ctx: TriggerContext): TriggerResult {
    ctx.registerEventTimeTimer(window.maxTimestamp());
    return 'CONTINUE';
  }
  onEventTime(time: number, window: Window): TriggerResult {
    return time === window.maxTimestamp() ? 'FIRE' : 'CONTINUE';
  }
  onProcessingTime(): TriggerResult {
    return 'CONTINUE';
  }
  clear(): void {}
  toString(): string {
    return 'EndOfStreamTrigger()';
  }
}
