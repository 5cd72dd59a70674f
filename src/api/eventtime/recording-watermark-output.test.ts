// A WatermarkOutput that records calls, shared by the event-time tests (no tests of its own).
import type { WatermarkOutput } from './watermark-output.js';

export type WatermarkEvent = number | 'idle' | 'active';

export class RecordingWatermarkOutput implements WatermarkOutput {
  readonly events: WatermarkEvent[] = [];
  emitWatermark(watermark: number): void {
    this.events.push(watermark);
  }
  markIdle(): void {
    this.events.push('idle');
  }
  markActive(): void {
    this.events.push('active');
  }
  take(): WatermarkEvent[] {
    return this.events.splice(0);
  }
}

/** A relative clock the test moves. */
export class ManualRelativeClock {
  now = 0;
  relativeTimeMillis(): number {
    return this.now;
  }
}
