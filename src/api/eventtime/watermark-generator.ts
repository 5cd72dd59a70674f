import type { WatermarkOutput } from './watermark-output.js';

// The contract between event-time logic and the runtime (Flink's WatermarkGenerator and its supplier context).

/**
 * Generates watermarks from the events it sees (Flink's WatermarkGenerator). Both methods run on the task's thread:
 * onEvent for every record, after its timestamp was assigned; onPeriodicEmit every `pipeline.auto-watermark-interval`
 * (200 ms by default) on the processing-time clock. Punctuated generators emit in onEvent, periodic ones in
 * onPeriodicEmit.
 */
export interface WatermarkGenerator<T> {
  onEvent(event: T, eventTimestamp: number, output: WatermarkOutput): void;
  onPeriodicEmit(output: WatermarkOutput): void;
}

/** A clock that only measures elapsed time, in milliseconds (Flink's RelativeClock, there in nanoseconds). */
export interface RelativeClock {
  relativeTimeMillis(): number;
}

/** What a generator gets when it is created: the clock idleness detection measures input activity with. */
export interface WatermarkGeneratorContext {
  getInputActivityClock(): RelativeClock;
}

/** Creates one generator per subtask, or per source split (Flink's WatermarkGeneratorSupplier). */
export type WatermarkGeneratorSupplier<T> = (context: WatermarkGeneratorContext) => WatermarkGenerator<T>;
