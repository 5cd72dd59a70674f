// Whether and after how long a failed job (or region) restarts, as Flink's RestartBackoffTimeStrategy. The
// JobMaster thread calls notifyFailure(cause) once per failure, then canRestart() and, when it may, waits
// getBackoffTime() ms before restarting. Clocks and randomness are injected so tests are exact.

/** Milliseconds from some fixed origin (Flink's Clock.absoluteTimeMillis); Date.now in production. */
export type Clock = () => number;
/** A number in [0, 1), as Math.random returns. */
export type RandomSource = () => number;

export const systemClock: Clock = () => Date.now();

export interface RestartBackoffTimeStrategy {
  /** Whether the job may restart after the failures notified so far. */
  canRestart(): boolean;
  /** How long to wait before restarting (ms). */
  getBackoffTime(): number;
  /**
   * Records a failure. Returns whether it counts as a new restart attempt: false when it is merged into an attempt
   * already scheduled (exponential delay merges failures that arrive before the pending restart).
   */
  notifyFailure(cause: unknown): boolean;
}

/** restart-strategy.type: disable (none, off). */
export class NoRestartBackoffTimeStrategy implements RestartBackoffTimeStrategy {
  canRestart(): boolean {
    return false;
  }
  getBackoffTime(): number {
    return 0;
  }
  notifyFailure(_cause: unknown): boolean {
    return true;
  }
  toString(): string {
    return 'NoRestartBackoffTimeStrategy';
  }
}

/** restart-strategy.type: fixed-delay. Restarts `maxAttempts` times, each after `delayMs`. */
export class FixedDelayRestartBackoffTimeStrategy implements RestartBackoffTimeStrategy {
  private attempt = 0;

  constructor(
    readonly maxAttempts: number,
    readonly delayMs: number,
  ) {
    checkArgument(
      Number.isSafeInteger(maxAttempts) && maxAttempts >= 0,
      'restart-strategy.fixed-delay.attempts',
      'an integer of at least 0',
      maxAttempts,
    );
    checkArgument(delayMs >= 0, 'restart-strategy.fixed-delay.delay', 'a duration of at least 0 ms', delayMs);
  }

  canRestart(): boolean {
    return this.attempt <= this.maxAttempts;
  }
  getBackoffTime(): number {
    return this.delayMs;
  }
  notifyFailure(_cause: unknown): boolean {
    this.attempt++;
    return true;
  }
  toString(): string {
    return `FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=${this.maxAttempts}, backoffTimeMS=${this.delayMs})`;
  }
}

/**
 * restart-strategy.type: failure-rate. Restarts after `delayMs` unless more than `maxFailuresPerInterval` failures
 * fell within `intervalMs`: it keeps the last maxFailuresPerInterval + 1 failure times and refuses when the
 * oldest of them is no more than intervalMs ago.
 */
export class FailureRateRestartBackoffTimeStrategy implements RestartBackoffTimeStrategy {
  /** Failure times, oldest first; at most maxFailuresPerInterval + 1. */
  private readonly failures: number[] = [];

  constructor(
    readonly maxFailuresPerInterval: number,
    readonly intervalMs: number,
    readonly delayMs: number,
    private readonly clock: Clock = systemClock,
  ) {
    checkArgument(
      Number.isSafeInteger(maxFailuresPerInterval) && maxFailuresPerInterval > 0,
      'restart-strategy.failure-rate.max-failures-per-interval',
      'an integer of at least 1',
      maxFailuresPerInterval,
    );
    checkArgument(
      intervalMs > 0,
      'restart-strategy.failure-rate.failure-rate-interval',
      'a duration of at least 1 ms',
      intervalMs,
    );
    checkArgument(delayMs >= 0, 'restart-strategy.failure-rate.delay', 'a duration of at least 0 ms', delayMs);
  }

  canRestart(): boolean {
    if (!this.isFull()) return true;
    return this.clock() - (this.failures[0] as number) > this.intervalMs;
  }
  getBackoffTime(): number {
    return this.delayMs;
  }
  notifyFailure(_cause: unknown): boolean {
    if (this.isFull()) this.failures.shift();
    this.failures.push(this.clock());
    return true;
  }
  toString(): string {
    return (
      `FailureRateRestartBackoffTimeStrategy(failuresIntervalMS=${this.intervalMs}, backoffTimeMS=${this.delayMs}, ` +
      `maxFailuresPerInterval=${this.maxFailuresPerInterval})`
    );
  }

  private isFull(): boolean {
    return this.failures.length > this.maxFailuresPerInterval;
  }
}

/** Throws a RangeError naming the option when a strategy parameter is out of range. */
export function checkArgument(ok: boolean, key: string, expected: string, value: number): void {
  if (!ok) throw new RangeError(`Restart strategy option '${key}' must be ${expected}, got ${String(value)}`);
}
