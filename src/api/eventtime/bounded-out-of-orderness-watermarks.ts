import { Duration } from '../../core/time.js';
import type { WatermarkGenerator } from './watermark-generator.js';
import type { WatermarkOutput } from './watermark-output.js';

/**
 * Periodic watermarks for events that arrive at most `maxOutOfOrderness` late (Flink's
 * BoundedOutOfOrdernessWatermarks): watermark = highest timestamp seen − outOfOrderness − 1, so a record whose
 * timestamp equals the highest seen minus the bound is still on time. Before any event it emits -Infinity (Flink:
 * Long.MIN_VALUE), which downstream ignores.
 */
export class BoundedOutOfOrdernessWatermarks<T> implements WatermarkGenerator<T> {
  private maxTimestamp = Number.NEGATIVE_INFINITY;
  private readonly outOfOrdernessMillis: number;

  constructor(maxOutOfOrderness: Duration | number) {
    this.outOfOrdernessMillis = Duration.from(maxOutOfOrderness).toMillis();
  }

  onEvent(_event: T, eventTimestamp: number, _output: WatermarkOutput): void {
    if (eventTimestamp > this.maxTimestamp) this.maxTimestamp = eventTimestamp;
  }

  onPeriodicEmit(output: WatermarkOutput): void {
    output.emitWatermark(this.maxTimestamp - this.outOfOrdernessMillis - 1);
  }
}

/** Timestamps that never decrease (Flink's AscendingTimestampsWatermarks): watermark = highest timestamp − 1. */
export class AscendingTimestampsWatermarks<T> extends BoundedOutOfOrdernessWatermarks<T> {
  constructor() {
    super(0);
  }
}
