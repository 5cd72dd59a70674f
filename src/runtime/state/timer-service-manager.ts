import type { ProcessingTimeService, Triggerable } from '../../api/operators/timers.js';
import type { KeyGroupRange } from '../../core/key-group.js';
import type { InternalKeyContext } from './internal-key-context.js';
import { InternalTimerServiceImpl, type TimerEntry, type TimerServiceSnapshot } from './internal-timer-service.js';

/** Timers of all timer services of an owner, by service name, as plain data. */
export type TimersSnapshot = ReadonlyMap<string, TimerServiceSnapshot<unknown, unknown>>;

export interface TimerServiceManagerOptions {
  /** The task's wall clock; shared by every timer service (one OS timer per task). */
  readonly processingTimeService: ProcessingTimeService;
  /** The key groups this subtask owns: restores keep only timers of these. */
  readonly keyGroupRange: KeyGroupRange;
}

type AnyTimerService = InternalTimerServiceImpl<unknown, unknown>;

function merged<K, N>(a: TimerServiceSnapshot<K, N>, b: TimerServiceSnapshot<K, N>): TimerServiceSnapshot<K, N> {
  const byTime = (x: TimerEntry<K, N>, y: TimerEntry<K, N>) => x[0] - y[0];
  return {
    eventTime: [...a.eventTime, ...b.eventTime].sort(byTime),
    processingTime: [...a.processingTime, ...b.processingTime].sort(byTime),
  };
}

/**
 * Owns the named timer services (Flink's InternalTimeServiceManager). Watermarks move operator by operator along a
 * chain (an operator fires its timers, then forwards the watermark), so the runtime keeps one manager per keyed
 * operator, all sharing the task's ProcessingTimeService. Restored timers wait here until the operator asks for
 * their service. Contract: task thread only.
 */
export class TimerServiceManager {
  private readonly services = new Map<string, AnyTimerService>();
  private readonly pendingRestore = new Map<string, TimerServiceSnapshot<unknown, unknown>>();
  private readonly processingTimeService: ProcessingTimeService;
  private readonly keyGroupRange: KeyGroupRange;
  private readonly inRange = (keyGroup: number): boolean => this.keyGroupRange.contains(keyGroup);

  constructor(options: TimerServiceManagerOptions) {
    this.processingTimeService = options.processingTimeService;
    this.keyGroupRange = options.keyGroupRange;
  }

  /**
   * The timer service `name`, created on first use (with its restored timers); asking again returns the same one,
   * now calling `triggerable`.
   */
  getInternalTimerService<K, N>(
    name: string,
    triggerable: Triggerable<K, N>,
    keyContext: InternalKeyContext,
  ): InternalTimerServiceImpl<K, N> {
    const existing = this.services.get(name) as InternalTimerServiceImpl<K, N> | undefined;
    if (existing !== undefined) {
      existing.setTriggerable(triggerable);
      return existing;
    }
    const service = new InternalTimerServiceImpl<K, N>(name, keyContext, this.processingTimeService, triggerable);
    this.services.set(name, service as unknown as AnyTimerService);
    const restored = this.pendingRestore.get(name) as TimerServiceSnapshot<K, N> | undefined;
    if (restored !== undefined) {
      this.pendingRestore.delete(name);
      service.restore(restored, this.inRange);
    }
    return service;
  }

  /**
   * Advances every timer service to `watermark`, firing at most `budget` event-time timers in all. Returns true
   * when all timers <= watermark fired; on false the runtime yields (mailbox) and calls again with the same
   * watermark, forwarding the watermark downstream only after true.
   */
  advanceWatermark(watermark: number, budget = Number.POSITIVE_INFINITY): boolean {
    if (!(budget >= 1)) throw new RangeError(`advanceWatermark: budget must be at least 1, got ${budget}`);
    let remaining = budget;
    for (const service of this.services.values()) {
      const firedBefore = service.numFiredTimers;
      const done = service.advanceWatermark(watermark, remaining);
      if (!done) return false;
      remaining -= service.numFiredTimers - firedBefore;
    }
    return true;
  }

  numEventTimeTimers(): number {
    let count = 0;
    for (const service of this.services.values()) count += service.numEventTimeTimers();
    return count;
  }

  numProcessingTimeTimers(): number {
    let count = 0;
    for (const service of this.services.values()) count += service.numProcessingTimeTimers();
    return count;
  }

  /** Timers of the key groups in `range` (default: this subtask's), including restored ones not yet claimed. */
  snapshotTimers(range: KeyGroupRange = this.keyGroupRange): TimersSnapshot {
    const inRange = (keyGroup: number) => range.contains(keyGroup);
    const out = new Map<string, TimerServiceSnapshot<unknown, unknown>>();
    for (const [name, service] of this.services) out.set(name, service.snapshot(inRange));
    for (const [name, pending] of this.pendingRestore) {
      out.set(name, {
        eventTime: pending.eventTime.filter((entry) => inRange(entry[3])),
        processingTime: pending.processingTime.filter((entry) => inRange(entry[3])),
      });
    }
    return out;
  }

  /**
   * Adds the timers of `snapshot` that belong to this subtask's key groups; may be called once per old subtask
   * after rescaling. Keys and namespaces must be the restored user objects (they are normalized again).
   */
  restoreTimers(snapshot: TimersSnapshot): void {
    for (const [name, timers] of snapshot) {
      const service = this.services.get(name);
      if (service !== undefined) {
        service.restore(timers, this.inRange);
        continue;
      }
      const pending = this.pendingRestore.get(name);
      this.pendingRestore.set(name, pending === undefined ? timers : merged(pending, timers));
    }
  }

  /** Cancels all wall-clock callbacks (task closing); pending timers remain for a final snapshot. */
  close(): void {
    for (const service of this.services.values()) service.cancelProcessingTimeCallback();
  }
}
