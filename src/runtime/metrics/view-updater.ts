import type { View } from './metric.js';

/**
 * Flink's ViewUpdater: calls update() on every registered View (MeterView, TimerGauge) on a fixed tick, on the
 * thread that owns them. One per metric registry, i.e. one per slot worker and one per main thread.
 */
export class ViewUpdater {
  private readonly views = new Set<View>();
  private timer: ReturnType<typeof setInterval> | undefined;

  add(view: View): void {
    this.views.add(view);
  }

  remove(view: View): void {
    this.views.delete(view);
  }

  get size(): number {
    return this.views.size;
  }

  /**
   * Starts ticking every `intervalMs`. The timer is unref'd: metrics never keep a thread alive on their own.
   * A view that throws is reported through `onError` and does not stop the others.
   */
  start(intervalMs: number, onError: (error: unknown) => void = () => {}): void {
    if (!(intervalMs > 0)) throw new RangeError(`ViewUpdater: intervalMs must be positive, got ${intervalMs}`);
    this.stop();
    this.timer = setInterval(() => this.tick(onError), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Updates every view once; exposed for tests and for owners that drive their own tick. */
  tick(onError: (error: unknown) => void = () => {}): void {
    for (const view of this.views) {
      try {
        view.update();
      } catch (error) {
        onError(error);
      }
    }
  }
}
