import { NO_TIMESTAMP } from '../../core/time.js';
import { describeValue } from '../functions/normalize.js';

// Extracting event timestamps from records (Flink's TimestampAssigner).

/**
 * Gives a record its event timestamp (milliseconds since the epoch). `recordTimestamp` is the timestamp the record
 * already carries (a source's, or an upstream operator's), or NO_TIMESTAMP (-Infinity) when it has none.
 * Called on the task's thread for every record; keep it cheap and free of side effects.
 */
export interface TimestampAssigner<T> {
  extractTimestamp(element: T, recordTimestamp: number): number;
}

/** The function form accepted by withTimestampAssigner (Flink's SerializableTimestampAssigner). */
export type TimestampAssignerFunction<T> = (element: T, recordTimestamp: number) => number;

/** Keeps the timestamp the record already has (Flink's RecordTimestampAssigner, the default). */
export class RecordTimestampAssigner<T> implements TimestampAssigner<T> {
  extractTimestamp(_element: T, recordTimestamp: number): number {
    return recordTimestamp;
  }
}

/** Wraps the function form; `this` is not bound, as with any callback. */
export class FunctionTimestampAssigner<T> implements TimestampAssigner<T> {
  constructor(private readonly fn: TimestampAssignerFunction<T>) {}
  extractTimestamp(element: T, recordTimestamp: number): number {
    return this.fn(element, recordTimestamp);
  }
}

/**
 * Checks what an assigner returned (called per record: one typeof and one NaN test). A non-number would silently
 * poison every comparison with the watermark, so it fails the task with the record named.
 */
export function checkTimestamp(timestamp: number, element: unknown, where: string): number {
  if (typeof timestamp !== 'number' || Number.isNaN(timestamp)) {
    throw new TypeError(
      `The timestamp assigner of ${where} returned ${describeValue(timestamp)} for the record ` +
        `${describeValue(element)}; it must return a number of milliseconds since the epoch ` +
        `(e.g. (e) => e.dateTime). Records without a timestamp carry ${NO_TIMESTAMP}.`,
    );
  }
  return timestamp;
}
