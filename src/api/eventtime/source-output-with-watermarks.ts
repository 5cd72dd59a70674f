import { NO_TIMESTAMP } from '../../core/time.js';
import type { SourceOutput } from '../source/source.js';
import { checkTimestamp, type TimestampAssigner } from './timestamp-assigner.js';
import type { WatermarkGenerator } from './watermark-generator.js';
import type { WatermarkOutput } from './watermark-output.js';

// Source-side event time, per output (Flink's SourceOutputWithWatermarks and WatermarkToDataOutput). Called on the
// source task's thread: collect() from the reader's pollNext, emitPeriodicWatermark() from the periodic callback.

/** Where a source's records and its combined watermark go (the source operator's chain output). */
export interface EventTimeDataOutput<T> {
  collect(record: T, timestamp: number): void;
  emitWatermark(watermark: number): void;
  emitWatermarkStatus(idle: boolean): void;
}

/**
 * A SourceOutput that assigns each record its timestamp, emits it, and then shows it to its own watermark
 * generator. Watermarks from onEvent (and the reader's own emitWatermark) go to `onEventOutput`, those from
 * onPeriodicEmit to `periodicOutput` (a split's deferred output, combined once per periodic round).
 */
export class SourceOutputWithWatermarks<T> implements SourceOutput<T> {
  constructor(
    private readonly records: EventTimeDataOutput<T>,
    private readonly onEventOutput: WatermarkOutput,
    private readonly periodicOutput: WatermarkOutput,
    private readonly assigner: TimestampAssigner<T>,
    private readonly generator: WatermarkGenerator<T>,
    private readonly where: string,
  ) {}

  collect(record: T, timestamp?: number): void {
    const ts = checkTimestamp(this.assigner.extractTimestamp(record, timestamp ?? NO_TIMESTAMP), record, this.where);
    this.records.collect(record, ts);
    this.generator.onEvent(record, ts, this.onEventOutput);
  }
  emitWatermark(watermark: number): void {
    this.onEventOutput.emitWatermark(watermark);
  }
  markIdle(): void {
    this.onEventOutput.markIdle();
  }
  markActive(): void {
    this.onEventOutput.markActive();
  }
  emitPeriodicWatermark(): void {
    this.generator.onPeriodicEmit(this.periodicOutput);
  }
}

/**
 * The last step to the chain output (Flink's WatermarkToDataOutput): forwards only increasing watermarks, marks
 * the output active again before a watermark, and sends each idle/active change once.
 */
export class WatermarkToDataOutput implements WatermarkOutput {
  private maxWatermarkSoFar = Number.NEGATIVE_INFINITY;
  private idle = false;

  constructor(private readonly output: EventTimeDataOutput<unknown>) {}

  get currentWatermark(): number {
    return this.maxWatermarkSoFar;
  }

  emitWatermark(watermark: number): void {
    if (watermark <= this.maxWatermarkSoFar) return;
    this.maxWatermarkSoFar = watermark;
    this.markActive();
    this.output.emitWatermark(watermark);
  }
  markIdle(): void {
    if (this.idle) return;
    this.idle = true;
    this.output.emitWatermarkStatus(true);
  }
  markActive(): void {
    if (!this.idle) return;
    this.idle = false;
    this.output.emitWatermarkStatus(false);
  }
}
