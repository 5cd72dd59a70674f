import type { InternalTimerService, ProcessingTimeService, Triggerable } from '../../api/operators/timers.js';
import { MIN_WATERMARK } from '../../core/time.js';
import type { InternalKeyContext } from './internal-key-context.js';
import { normalizeKey, normalizeNamespace } from './key-normalizer.js';
import { type HeapTimer, TimerHeap } from './timer-heap.js';

/** One timer as plain data: [timestamp, key, namespace, key group]. */
export type TimerEntry<K, N> = readonly [number, K, N, number];

/** The timers of one timer service, each list in firing order. */
export interface TimerServiceSnapshot<K, N> {
  readonly eventTime: readonly TimerEntry<K, N>[];
  readonly processingTime: readonly TimerEntry<K, N>[];
}

function checkTime(time: number, method: string): void {
  if (typeof time !== 'number' || Number.isNaN(time)) {
    throw new TypeError(`${method}: the timer time must be a number of epoch milliseconds, got ${String(time)}`);
  }
}

function toEntries<K, N>(heap: TimerHeap<K, N>, inRange: (keyGroup: number) => boolean): TimerEntry<K, N>[] {
  const entries: TimerEntry<K, N>[] = [];
  for (const t of heap.sorted()) if (inRange(t.keyGroup)) entries.push([t.timestamp, t.key, t.namespace, t.keyGroup]);
  return entries;
}

/**
 * Keyed timers of one operator under one name (Flink's InternalTimerServiceImpl): event-time and processing-time
 * timers in two heaps, deduplicated by (key, namespace, timestamp). Only the earliest processing-time timer is
 * registered with the task's ProcessingTimeService, re-registered as the head changes. Before calling the
 * Triggerable it sets the timer's key on the key context. Contract: all methods run on the task thread; register
 * and delete use the key context's current key.
 */
export class InternalTimerServiceImpl<K, N> implements InternalTimerService<N> {
  private readonly eventTimers = new TimerHeap<K, N>();
  private readonly processingTimers = new TimerHeap<K, N>();
  private watermark = MIN_WATERMARK;
  /** The ProcessingTimeService registration for the head of processingTimers, if any. */
  private nextTimer: { cancel(): void } | undefined = undefined;
  private readonly onProcessingTimeCallback = (time: number): void => this.onProcessingTime(time);
  /** Timers fired so far (Flink's numFiredTimers); also lets the manager share a firing budget. */
  numFiredTimers = 0;

  constructor(
    readonly name: string,
    private readonly keyContext: InternalKeyContext,
    private readonly processingTimeService: ProcessingTimeService,
    private triggerable: Triggerable<K, N>,
  ) {}

  get triggerTarget(): Triggerable<K, N> {
    return this.triggerable;
  }

  currentProcessingTime(): number {
    return this.processingTimeService.getCurrentProcessingTime();
  }

  currentWatermark(): number {
    return this.watermark;
  }

  registerProcessingTimeTimer(namespace: N, time: number): void {
    checkTime(time, 'registerProcessingTimeTimer');
    const oldHead = this.processingTimers.peek();
    if (this.addTimer(this.processingTimers, namespace, time)) {
      const nextTriggerTime = oldHead === undefined ? Number.POSITIVE_INFINITY : oldHead.timestamp;
      if (time < nextTriggerTime) this.scheduleProcessingTime(time);
    }
  }

  /** Deleting the head leaves its registration in place: the callback then finds nothing due and re-registers. */
  deleteProcessingTimeTimer(namespace: N, time: number): void {
    const context = this.keyContext;
    this.processingTimers.remove(context.getCurrentNormalizedKey(), normalizeNamespace(namespace), time);
  }

  registerEventTimeTimer(namespace: N, time: number): void {
    checkTime(time, 'registerEventTimeTimer');
    this.addTimer(this.eventTimers, namespace, time);
  }

  deleteEventTimeTimer(namespace: N, time: number): void {
    const context = this.keyContext;
    this.eventTimers.remove(context.getCurrentNormalizedKey(), normalizeNamespace(namespace), time);
  }

  numProcessingTimeTimers(): number {
    return this.processingTimers.size;
  }

  numEventTimeTimers(): number {
    return this.eventTimers.size;
  }

  /**
   * Moves the watermark to `watermark` and fires, in timestamp order, event-time timers with timestamp <=
   * watermark, at most `budget` of them. Returns true when none are left to fire (timers registered while firing
   * for a time <= watermark fire in the same advance, as in Flink); false when the budget ran out, and the caller
   * calls again (with the same watermark) later and forwards the watermark only after true.
   */
  advanceWatermark(watermark: number, budget = Number.POSITIVE_INFINITY): boolean {
    this.watermark = watermark;
    const heap = this.eventTimers;
    let fired = 0;
    for (let timer = heap.peek(); timer !== undefined && timer.timestamp <= watermark; timer = heap.peek()) {
      if (fired >= budget) return false;
      heap.poll();
      this.keyContext.setCurrentKeyWithGroup(timer.key, timer.normalizedKey, timer.keyGroup);
      fired++;
      this.numFiredTimers++;
      this.triggerable.onEventTime(timer);
    }
    return true;
  }

  /** The ProcessingTimeService callback: fires processing-time timers <= time, then registers the next head. */
  onProcessingTime(time: number): void {
    this.nextTimer = undefined;
    const heap = this.processingTimers;
    let timer: HeapTimer<K, N> | undefined;
    try {
      for (timer = heap.peek(); timer !== undefined && timer.timestamp <= time; timer = heap.peek()) {
        heap.poll();
        this.keyContext.setCurrentKeyWithGroup(timer.key, timer.normalizedKey, timer.keyGroup);
        this.numFiredTimers++;
        this.triggerable.onProcessingTime(timer);
      }
    } finally {
      const head = heap.peek();
      if (head !== undefined && this.nextTimer === undefined) this.scheduleProcessingTime(head.timestamp);
    }
  }

  /** Used by the manager when an operator asks for an existing service again. */
  setTriggerable(triggerable: Triggerable<K, N>): void {
    this.triggerable = triggerable;
  }

  snapshot(inRange: (keyGroup: number) => boolean): TimerServiceSnapshot<K, N> {
    return {
      eventTime: toEntries(this.eventTimers, inRange),
      processingTime: toEntries(this.processingTimers, inRange),
    };
  }

  /** Adds restored timers of the key groups in range (keys and namespaces are normalized again). */
  restore(snapshot: TimerServiceSnapshot<K, N>, inRange: (keyGroup: number) => boolean): void {
    for (const [time, key, namespace, keyGroup] of snapshot.eventTime) {
      if (inRange(keyGroup)) {
        this.eventTimers.add(time, key, namespace, normalizeKey(key), normalizeNamespace(namespace), keyGroup);
      }
    }
    for (const [time, key, namespace, keyGroup] of snapshot.processingTime) {
      if (inRange(keyGroup)) {
        this.processingTimers.add(time, key, namespace, normalizeKey(key), normalizeNamespace(namespace), keyGroup);
      }
    }
    const head = this.processingTimers.peek();
    if (head !== undefined) this.scheduleProcessingTime(head.timestamp);
  }

  /** Cancels the ProcessingTimeService registration (the task is closing); pending timers stay for snapshots. */
  cancelProcessingTimeCallback(): void {
    this.nextTimer?.cancel();
    this.nextTimer = undefined;
  }

  private addTimer(heap: TimerHeap<K, N>, namespace: N, time: number): boolean {
    const context = this.keyContext;
    const keyGroup = context.getCurrentKeyGroupIndex();
    if (keyGroup < 0) {
      throw new Error(
        `Timer service '${this.name}': a timer was registered with no current key. Timers are per key: register ` +
          'them while a keyed record or timer is processed (on a keyed stream, after keyBy).',
      );
    }
    const normalizedNamespace = normalizeNamespace(namespace);
    const key = context.getCurrentKey() as K;
    return heap.add(time, key, namespace, context.getCurrentNormalizedKey(), normalizedNamespace, keyGroup);
  }

  private scheduleProcessingTime(time: number): void {
    this.nextTimer?.cancel();
    this.nextTimer = this.processingTimeService.registerTimer(time, this.onProcessingTimeCallback);
  }
}
