import type { WatermarkGenerator } from './watermark-generator.js';
import type { WatermarkOutput } from './watermark-output.js';

/**
 * Emits no watermarks (Flink's NoWatermarksGenerator): for processing-time jobs. Event-time timers then fire only
 * at the end of bounded input, when the final +Infinity watermark passes.
 */
export class NoWatermarksGenerator<T> implements WatermarkGenerator<T> {
  onEvent(_event: T, _eventTimestamp: number, _output: WatermarkOutput): void {}
  onPeriodicEmit(_output: WatermarkOutput): void {}
}
