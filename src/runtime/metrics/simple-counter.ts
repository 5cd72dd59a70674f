import type { Counter } from './metric.js';

/**
 * Flink's SimpleCounter: a plain number behind inc/dec. Not thread-safe and need not be: a counter lives on the
 * thread (slot worker) that increments it; other threads see it only through a posted MetricSnapshot.
 */
export class SimpleCounter implements Counter {
  readonly kind = 'counter' as const;
  private count = 0;

  inc(n = 1): void {
    this.count += n;
  }

  dec(n = 1): void {
    this.count -= n;
  }

  getCount(): number {
    return this.count;
  }
}
