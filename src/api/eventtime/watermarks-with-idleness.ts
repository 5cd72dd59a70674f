import { Duration } from '../../core/time.js';
import type { RelativeClock, WatermarkGenerator } from './watermark-generator.js';
import type { WatermarkOutput } from './watermark-output.js';

/**
 * Adds idleness detection to another generator (Flink's WatermarksWithIdleness). Idleness is decided only in
 * onPeriodicEmit: the countdown starts at the first periodic emission that saw no event since the previous one, and
 * the output is marked idle (once) at the first periodic emission more than `idleTimeout` after that. While idle,
 * the wrapped generator's periodic watermarks are not emitted; the next event ends idleness (its watermark marks
 * the output active again).
 */
export class WatermarksWithIdleness<T> implements WatermarkGenerator<T> {
  private readonly timer: IdlenessTimer;
  private idleNow = false;

  constructor(
    private readonly watermarks: WatermarkGenerator<T>,
    idleTimeout: Duration | number,
    clock: RelativeClock,
  ) {
    const millis = Duration.from(idleTimeout).toMillis();
    if (millis <= 0) {
      throw new RangeError(`withIdleness(): the idle timeout must be greater than zero, got ${millis} ms`);
    }
    this.timer = new IdlenessTimer(clock, millis);
  }

  onEvent(event: T, eventTimestamp: number, output: WatermarkOutput): void {
    this.watermarks.onEvent(event, eventTimestamp, output);
    this.timer.activity();
    this.idleNow = false;
  }

  onPeriodicEmit(output: WatermarkOutput): void {
    if (this.timer.checkIfIdle()) {
      if (!this.idleNow) {
        output.markIdle();
        this.idleNow = true;
      }
    } else {
      this.watermarks.onPeriodicEmit(output);
    }
  }
}

const NO_COUNTDOWN = Number.NaN;

/** Counts activity between checks and measures inactivity on a relative clock (Flink's IdlenessTimer). */
export class IdlenessTimer {
  private counter = 0;
  private lastCounter = 0;
  /** When a check first found no activity since the previous check; NaN while counting down is off. */
  private startOfInactivity = NO_COUNTDOWN;

  constructor(
    private readonly clock: RelativeClock,
    private readonly maxIdleTimeMillis: number,
  ) {}

  activity(): void {
    this.counter++;
  }

  checkIfIdle(): boolean {
    if (this.counter !== this.lastCounter) {
      this.lastCounter = this.counter;
      this.startOfInactivity = NO_COUNTDOWN;
      return false;
    }
    if (Number.isNaN(this.startOfInactivity)) {
      this.startOfInactivity = this.clock.relativeTimeMillis();
      return false;
    }
    return this.clock.relativeTimeMillis() - this.startOfInactivity > this.maxIdleTimeMillis;
  }
}
