import type { OutputTag } from '../output-tag.js';

/**
 * Where an operator emits. Called synchronously on the task's thread; the runtime either calls the next chained
 * operator directly or serializes into a network buffer. `value` objects are handed over without copying: treat
 * records as immutable once emitted.
 */
export interface Output<T> {
  collect(value: T, timestamp: number): void;
  collectSide<X>(tag: OutputTag<X>, value: X, timestamp: number): void;
  emitWatermark(watermark: number): void;
  /** Idle (true) or active (false) again; idle outputs do not hold back downstream watermarks. */
  emitWatermarkStatus(idle: boolean): void;
  /**
   * Emits an iterator's values as the runtime has room for them (a generator that fans one input out to millions
   * of records): the runtime pulls values between availability checks and processes no further input until the
   * iterator is done, so the values keep their place in the stream. Optional: without it operators iterate eagerly.
   */
  collectLazily?(values: Iterator<T>, timestamp: number): void;
}
