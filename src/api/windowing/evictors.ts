import { type Duration, NO_TIMESTAMP } from '../../core/time.js';
import type { Window } from './windows.js';

/** An element of an evicting window with its timestamp (Flink's TimestampedValue); NO_TIMESTAMP when it has none. */
export interface TimestampedValue<T> {
  readonly value: T;
  readonly timestamp: number;
}

export interface EvictorContext {
  getCurrentProcessingTime(): number;
  getCurrentWatermark(): number;
}

/**
 * Removes elements from a firing window before and/or after the window function runs (Flink's Evictor).
 * `elements` is the window's contents in arrival order; evictors remove from it in place. What remains after
 * evictAfter is what the window keeps. Called on the task thread.
 */
export interface Evictor<T, W extends Window> {
  evictBefore(elements: TimestampedValue<T>[], size: number, window: W, ctx: EvictorContext): void;
  evictAfter(elements: TimestampedValue<T>[], size: number, window: W, ctx: EvictorContext): void;
  toString(): string;
}

/** Removes, in place and keeping order, the elements for which `drop` is true. */
function removeWhere<T>(elements: TimestampedValue<T>[], drop: (e: TimestampedValue<T>) => boolean): void {
  let kept = 0;
  for (let i = 0; i < elements.length; i++) {
    const e = elements[i] as TimestampedValue<T>;
    if (!drop(e)) elements[kept++] = e;
  }
  elements.length = kept;
}

/** Keeps at most `maxCount` elements: the oldest are evicted (Flink's CountEvictor). */
export class CountEvictor implements Evictor<unknown, Window> {
  private constructor(
    private readonly maxCount: number,
    private readonly doEvictAfter: boolean,
  ) {}
  static of(maxCount: number, doEvictAfter = false): CountEvictor {
    if (!Number.isInteger(maxCount) || maxCount < 0) {
      throw new RangeError(`CountEvictor.of(maxCount): maxCount must be a non-negative integer, got ${maxCount}`);
    }
    return new CountEvictor(maxCount, doEvictAfter);
  }
  evictBefore(elements: TimestampedValue<unknown>[], size: number): void {
    if (!this.doEvictAfter) this.evict(elements, size);
  }
  evictAfter(elements: TimestampedValue<unknown>[], size: number): void {
    if (this.doEvictAfter) this.evict(elements, size);
  }
  private evict(elements: TimestampedValue<unknown>[], size: number): void {
    if (size <= this.maxCount) return;
    elements.splice(0, size - this.maxCount);
  }
  toString(): string {
    return `CountEvictor(${this.maxCount})`;
  }
}

/**
 * Keeps the elements within `windowSize` of the newest element's timestamp: those with timestamp <= max - size
 * are evicted (Flink's TimeEvictor). Does nothing when the elements carry no timestamps.
 */
export class TimeEvictor implements Evictor<unknown, Window> {
  private constructor(
    private readonly windowSize: number,
    private readonly doEvictAfter: boolean,
  ) {}
  static of(windowSize: Duration | number, doEvictAfter = false): TimeEvictor {
    const ms = typeof windowSize === 'number' ? windowSize : windowSize.toMillis();
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`TimeEvictor.of(windowSize): got ${ms} ms`);
    return new TimeEvictor(ms, doEvictAfter);
  }
  evictBefore(elements: TimestampedValue<unknown>[]): void {
    if (!this.doEvictAfter) this.evict(elements);
  }
  evictAfter(elements: TimestampedValue<unknown>[]): void {
    if (this.doEvictAfter) this.evict(elements);
  }
  private evict(elements: TimestampedValue<unknown>[]): void {
    const first = elements[0];
    if (first === undefined || first.timestamp === NO_TIMESTAMP) return;
    let max = Number.NEGATIVE_INFINITY;
    for (const e of elements) if (e.timestamp > max) max = e.timestamp;
    const cutoff = max - this.windowSize;
    removeWhere(elements, (e) => e.timestamp <= cutoff);
  }
  toString(): string {
    return `TimeEvictor(${this.windowSize})`;
  }
}

/** Distance between two elements (Flink's DeltaFunction). */
export type DeltaFunction<T> = (oldDataPoint: T, newDataPoint: T) => number;

/** Evicts the elements whose delta to the last element is >= threshold (Flink's DeltaEvictor). */
export class DeltaEvictor<T> implements Evictor<T, Window> {
  private constructor(
    private readonly threshold: number,
    private readonly delta: DeltaFunction<T>,
    private readonly doEvictAfter: boolean,
  ) {}
  static of<T>(threshold: number, delta: DeltaFunction<T>, doEvictAfter = false): DeltaEvictor<T> {
    if (typeof delta !== 'function') throw new TypeError('DeltaEvictor.of(threshold, delta): delta must be a function');
    return new DeltaEvictor(threshold, delta, doEvictAfter);
  }
  evictBefore(elements: TimestampedValue<T>[]): void {
    if (!this.doEvictAfter) this.evict(elements);
  }
  evictAfter(elements: TimestampedValue<T>[]): void {
    if (this.doEvictAfter) this.evict(elements);
  }
  private evict(elements: TimestampedValue<T>[]): void {
    const last = elements[elements.length - 1];
    if (last === undefined) return;
    removeWhere(elements, (e) => this.delta(e.value, last.value) >= this.threshold);
  }
  toString(): string {
    return `DeltaEvictor(${this.threshold})`;
  }
}
