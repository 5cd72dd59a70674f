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
}
