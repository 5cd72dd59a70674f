// Where watermark generators send their results (Flink's WatermarkOutput). Watermarks are milliseconds since the
// epoch as numbers; -Infinity is "no watermark yet" and +Infinity the end of event time (core/time.ts).

/**
 * The output of a WatermarkGenerator. Called on the task's thread only (record processing or the periodic
 * emission callback), never concurrently.
 */
export interface WatermarkOutput {
  /** Emits a watermark; one not higher than the last emitted is ignored downstream. Also ends idleness. */
  emitWatermark(watermark: number): void;
  /** Marks this output idle: it no longer holds back the watermark downstream until it emits again. */
  markIdle(): void;
  /** Marks this output active again without emitting a watermark. */
  markActive(): void;
}
