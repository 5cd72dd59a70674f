import type { ProcessingTimeService } from '../../api/operators/timers.js';

// Wall-clock callbacks for one task. Registrations wait in one small queue ordered by time (few entries: each
// internal timer service registers only its earliest timer), and at most ONE OS timer is pending per task, for the
// queue's head (PITFALLS.md: never one setTimeout per user timer).

/** The OS clock and timer, injectable so tests can count setTimeout calls and drive time. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Node clamps longer delays to 1 ms (with a warning); longer waits re-arm when the timer fires early. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** The handle of a registration that will never fire (after quiesce). */
const NEVER = { cancel(): void {} };

/** A pending callback; cancel() removes it from its queue (its handle is the registration itself). */
class Registration {
  constructor(
    readonly time: number,
    readonly sequence: number,
    readonly callback: (time: number) => void,
    private readonly queue: CallbackQueue,
  ) {}

  cancel(): void {
    this.queue.remove(this);
  }
}

/** Registrations sorted by (time, registration order); a sorted array beats a heap for the few entries here. */
class CallbackQueue {
  private readonly entries: Registration[] = [];
  private nextSequence = 0;

  constructor(private readonly onHeadChange: () => void) {}

  get size(): number {
    return this.entries.length;
  }

  peek(): Registration | undefined {
    return this.entries[0];
  }

  shift(): Registration | undefined {
    return this.entries.shift();
  }

  add(time: number, callback: (time: number) => void): Registration {
    if (typeof time !== 'number' || Number.isNaN(time)) {
      throw new TypeError(`ProcessingTimeService.registerTimer: time must be a number of epoch ms, got ${time}`);
    }
    const registration = new Registration(time, this.nextSequence++, callback, this);
    const entries = this.entries;
    let at = entries.length;
    while (at > 0 && entries[at - 1].time > time) at--;
    entries.splice(at, 0, registration);
    if (at === 0) this.onHeadChange();
    return registration;
  }

  remove(registration: Registration): void {
    const at = this.entries.indexOf(registration);
    if (at >= 0) this.entries.splice(at, 1);
  }

  clear(): void {
    this.entries.length = 0;
  }
}

export interface SystemProcessingTimeServiceOptions {
  /**
   * Puts a due callback run onto the task's mailbox. Called from the OS timer; the run must happen later on the
   * task thread, never re-entrantly inside record processing.
   */
  readonly schedule: (run: () => void) => void;
  readonly clock?: Clock;
}

/**
 * The real-clock ProcessingTimeService of a task. As in Flink, a callback registered for time T runs once the clock
 * is past T (at T + 1 ms or later) and receives T. Contract: registerTimer/cancel/shutdown run on the task thread;
 * callbacks run through `schedule`, on the task thread, in time order.
 */
export class SystemProcessingTimeService implements ProcessingTimeService {
  private readonly schedule: (run: () => void) => void;
  private readonly clock: Clock;
  private readonly queue = new CallbackQueue(() => this.arm());
  /** The one pending OS timer, and the time it was armed for. */
  private osTimer: unknown = undefined;
  private armedFor = Number.NaN;
  private quiesced = false;
  private shutDown = false;
  /** While due callbacks run, arming waits until they are done (they often register the next head). */
  private firing = false;
  private readonly onOsTimer = (): void => {
    this.osTimer = undefined;
    this.armedFor = Number.NaN;
    if (!this.quiesced) this.schedule(this.runDue);
  };
  private readonly runDue = (): void => this.fireDue();

  constructor(options: SystemProcessingTimeServiceOptions) {
    this.schedule = options.schedule;
    this.clock = options.clock ?? SYSTEM_CLOCK;
  }

  getCurrentProcessingTime(): number {
    return this.clock.now();
  }

  registerTimer(time: number, callback: (time: number) => void): { cancel(): void } {
    if (this.quiesced) {
      if (this.shutDown) throw new Error('ProcessingTimeService is shut down: the task has ended');
      return NEVER;
    }
    return this.queue.add(time, callback);
  }

  /** Number of registered callbacks (for tests and metrics). */
  numRegistered(): number {
    return this.queue.size;
  }

  /**
   * Drops all callbacks and the OS timer; later registrations are accepted but never fire (as Flink's quiesce:
   * operators closing down may still register timers without failing).
   */
  quiesce(): void {
    this.quiesced = true;
    this.queue.clear();
    this.disarm();
  }

  /** Quiesces, and registerTimer throws afterwards. */
  shutdown(): void {
    this.quiesce();
    this.shutDown = true;
  }

  /** Runs every callback whose time has passed, in order (also ones registered while doing so), then re-arms. */
  private fireDue(): void {
    if (this.quiesced) return;
    const now = this.clock.now();
    this.firing = true;
    try {
      for (let head = this.queue.peek(); head !== undefined && head.time < now; head = this.queue.peek()) {
        this.queue.shift();
        head.callback(head.time);
      }
    } finally {
      this.firing = false;
      this.arm();
    }
  }

  /** Keeps exactly one OS timer, for the queue head (re-armed only when the head's time changed). */
  private arm(): void {
    if (this.quiesced || this.firing) return;
    const head = this.queue.peek();
    if (head === undefined) {
      this.disarm();
      return;
    }
    if (this.osTimer !== undefined && this.armedFor === head.time) return;
    this.disarm();
    const now = this.clock.now();
    const delay = head.time >= now ? head.time - now + 1 : 0;
    this.armedFor = head.time;
    this.osTimer = this.clock.setTimeout(this.onOsTimer, Math.min(delay, MAX_TIMEOUT_MS));
  }

  private disarm(): void {
    if (this.osTimer !== undefined) this.clock.clearTimeout(this.osTimer);
    this.osTimer = undefined;
    this.armedFor = Number.NaN;
  }
}

/**
 * A ProcessingTimeService whose clock moves only when told (tests, and Nexmark q12 comparisons). advanceTo(t)
 * sets the time and runs, synchronously and in time order, every callback registered for a time <= t, including
 * ones registered by those callbacks. Contract: single-threaded; callbacks may register further callbacks.
 */
export class ManualProcessingTimeService implements ProcessingTimeService {
  private now: number;
  private readonly queue = new CallbackQueue(() => {});

  constructor(startTime = 0) {
    this.now = startTime;
  }

  getCurrentProcessingTime(): number {
    return this.now;
  }

  registerTimer(time: number, callback: (time: number) => void): { cancel(): void } {
    return this.queue.add(time, callback);
  }

  advanceTo(time: number): void {
    if (!(time >= this.now)) {
      throw new RangeError(`ManualProcessingTimeService.advanceTo(${time}): time cannot go back from ${this.now}`);
    }
    this.now = time;
    for (let head = this.queue.peek(); head !== undefined && head.time <= time; head = this.queue.peek()) {
      this.queue.shift();
      head.callback(head.time);
    }
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.now + ms);
  }

  numRegistered(): number {
    return this.queue.size;
  }
}
