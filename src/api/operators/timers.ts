// Timer contracts between operators and the runtime. Timers are per (key, namespace, timestamp): registering the
// same one twice keeps one. The runtime keeps them in one heap per task with one OS timer for the earliest
// processing-time timer; event-time timers fire when the operator's watermark passes them.

export interface InternalTimer<K, N> {
  readonly timestamp: number;
  readonly key: K;
  readonly namespace: N;
}

/** What an operator implements to be called back; the runtime sets the timer's key as current key first. */
export interface Triggerable<K, N> {
  onEventTime(timer: InternalTimer<K, N>): void;
  onProcessingTime(timer: InternalTimer<K, N>): void;
}

/** Keyed timers of one operator, scoped to the current key. */
export interface InternalTimerService<N> {
  currentProcessingTime(): number;
  currentWatermark(): number;
  registerProcessingTimeTimer(namespace: N, time: number): void;
  deleteProcessingTimeTimer(namespace: N, time: number): void;
  registerEventTimeTimer(namespace: N, time: number): void;
  deleteEventTimeTimer(namespace: N, time: number): void;
  /** Pending timers (for tests and the watermark debugger). */
  numProcessingTimeTimers(): number;
  numEventTimeTimers(): number;
}

/** The user-facing TimerService of process functions (Flink's TimerService). */
export interface TimerService {
  currentProcessingTime(): number;
  currentWatermark(): number;
  registerProcessingTimeTimer(time: number): void;
  registerEventTimeTimer(time: number): void;
  deleteProcessingTimeTimer(time: number): void;
  deleteEventTimeTimer(time: number): void;
}

/**
 * Wall-clock callbacks for a task (Flink's ProcessingTimeService). Callbacks run on the task's mailbox, never
 * concurrently with record processing. A manual implementation drives tests.
 */
export interface ProcessingTimeService {
  getCurrentProcessingTime(): number;
  /** Calls back at (or after) `time`; returns a handle to cancel. */
  registerTimer(time: number, callback: (time: number) => void): { cancel(): void };
}
