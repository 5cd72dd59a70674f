import type { ListStateDescriptor, MapStateDescriptor, ValueStateDescriptor } from '../api/state/descriptors.js';
import type { KeyedStateBackend } from '../api/state/keyed-state-backend.js';
import type { TimerEntry } from '../runtime/state/internal-timer-service.js';
import type { TimerServiceManager } from '../runtime/state/timer-service-manager.js';

// Read access to the keyed state and pending timers of one operator, for tests: by key, across the operator's
// subtasks. Contract: called by the test between driver/harness calls (never while a record is being processed);
// reading switches the backend's current key and puts the previous one back.

/** The keyed state and timers of one subtask of an operator. */
export interface KeyedPart {
  readonly backend: KeyedStateBackend;
  readonly timers: TimerServiceManager;
}

/** One pending timer: when it fires, for which key, in which namespace (a window, or 'VOID' for process functions). */
export interface PendingTimer {
  readonly timestamp: number;
  readonly key: unknown;
  readonly namespace: unknown;
}

export class KeyedStateView {
  /**
   * @param parts one per subtask, in subtask order
   * @param locate the subtask that owns a key (the key-group assignment of the operator)
   */
  constructor(
    readonly operatorName: string,
    private readonly parts: readonly KeyedPart[],
    private readonly locate: (key: unknown) => number,
  ) {}

  /** The value of a ValueState under `key`, or undefined when none is set. */
  getState<T>(key: unknown, descriptor: ValueStateDescriptor<T>): T | undefined {
    return this.withKey(key, (backend) => backend.getState(descriptor).value());
  }

  /** The elements of a ListState under `key` (empty when none). */
  getListState<T>(key: unknown, descriptor: ListStateDescriptor<T>): T[] {
    return this.withKey(key, (backend) => [...backend.getListState(descriptor).get()]);
  }

  /** A copy of a MapState under `key` (empty when none). */
  getMapState<K, V>(key: unknown, descriptor: MapStateDescriptor<K, V>): Map<K, V> {
    return this.withKey(key, (backend) => new Map(backend.getMapState(descriptor).entries()));
  }

  /** Every key that has state under `stateName`, over all subtasks. */
  keys(stateName: string): unknown[] {
    const out: unknown[] = [];
    for (const part of this.parts) for (const key of part.backend.getKeys(stateName)) out.push(key);
    return out;
  }

  /** Runs `read` with `key` as the current key of the subtask that owns it; restores the previous key after. */
  withKey<R>(key: unknown, read: (backend: KeyedStateBackend) => R): R {
    const part = this.parts[this.locate(key)];
    if (part === undefined) throw new Error(`internal error: no subtask of '${this.operatorName}' owns key ${key}`);
    const backend = part.backend;
    const previous = backend.getCurrentKey();
    backend.setCurrentKey(key);
    try {
      return read(backend);
    } finally {
      if (previous !== undefined) backend.setCurrentKey(previous);
    }
  }

  numEventTimeTimers(): number {
    let n = 0;
    for (const part of this.parts) n += part.timers.numEventTimeTimers();
    return n;
  }

  numProcessingTimeTimers(): number {
    let n = 0;
    for (const part of this.parts) n += part.timers.numProcessingTimeTimers();
    return n;
  }

  /** Pending event-time timers of every timer service of the operator, in firing order. */
  eventTimeTimers(): PendingTimer[] {
    return this.timers('eventTime');
  }

  /** Pending processing-time timers, in firing order. */
  processingTimeTimers(): PendingTimer[] {
    return this.timers('processingTime');
  }

  private timers(domain: 'eventTime' | 'processingTime'): PendingTimer[] {
    const entries: TimerEntry<unknown, unknown>[] = [];
    for (const part of this.parts) {
      for (const snapshot of part.timers.snapshotTimers().values()) entries.push(...snapshot[domain]);
    }
    entries.sort((a, b) => a[0] - b[0]);
    return entries.map(([timestamp, key, namespace]) => ({ timestamp, key, namespace }));
  }
}
