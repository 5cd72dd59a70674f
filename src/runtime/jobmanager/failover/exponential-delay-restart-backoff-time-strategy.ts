// restart-strategy.type: exponential-delay, with Flink 1.19+/2.x semantics: the n-th attempt since the last reset
// waits initial * multiplier^n (whole ms), plus a jitter of ±(that * jitterFactor), clamped to
// [initial, max]. Failures that arrive while a restart is still scheduled merge into that attempt. A failure more
// than reset-backoff-threshold after the scheduled restart resets the attempt count, and so the backoff. The job
// fails once more than attempts-before-reset-backoff attempts were made without a reset.
import {
  type Clock,
  checkArgument,
  type RandomSource,
  type RestartBackoffTimeStrategy,
  systemClock,
} from './restart-backoff-time-strategy.js';

export interface ExponentialDelayOptions {
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  readonly backoffMultiplier: number;
  readonly resetBackoffThresholdMs: number;
  readonly jitterFactor: number;
  readonly attemptsBeforeResetBackoff: number;
}

/** Flink 2.x's defaults: 1 s, 1 min, 1.5, 1 h, 0.1, unbounded (Integer.MAX_VALUE). */
export const EXPONENTIAL_DELAY_DEFAULTS: ExponentialDelayOptions = {
  initialBackoffMs: 1000,
  maxBackoffMs: 60_000,
  backoffMultiplier: 1.5,
  resetBackoffThresholdMs: 3_600_000,
  jitterFactor: 0.1,
  attemptsBeforeResetBackoff: 2_147_483_647,
};

/** No failure yet: any failure starts a new attempt (Flink: Integer.MIN_VALUE). */
const NO_RESTART_SCHEDULED = -2_147_483_648;

export class ExponentialDelayRestartBackoffTimeStrategy implements RestartBackoffTimeStrategy {
  private attempt = 0;
  private nextRestartMs = NO_RESTART_SCHEDULED;

  constructor(
    readonly options: ExponentialDelayOptions,
    private readonly clock: Clock = systemClock,
    private readonly random: RandomSource = Math.random,
  ) {
    const p = 'restart-strategy.exponential-delay.';
    const o = options;
    checkArgument(o.initialBackoffMs >= 1, `${p}initial-backoff`, 'a duration of at least 1 ms', o.initialBackoffMs);
    checkArgument(o.maxBackoffMs >= 1, `${p}max-backoff`, 'a duration of at least 1 ms', o.maxBackoffMs);
    checkArgument(
      o.initialBackoffMs <= o.maxBackoffMs,
      `${p}initial-backoff`,
      `at most ${p}max-backoff (${o.maxBackoffMs} ms)`,
      o.initialBackoffMs,
    );
    checkArgument(o.backoffMultiplier > 1, `${p}backoff-multiplier`, 'a number greater than 1', o.backoffMultiplier);
    checkArgument(
      o.resetBackoffThresholdMs >= 1,
      `${p}reset-backoff-threshold`,
      'a duration of at least 1 ms',
      o.resetBackoffThresholdMs,
    );
    checkArgument(
      o.jitterFactor >= 0 && o.jitterFactor <= 1,
      `${p}jitter-factor`,
      'a number in [0, 1]',
      o.jitterFactor,
    );
    checkArgument(
      Number.isSafeInteger(o.attemptsBeforeResetBackoff) && o.attemptsBeforeResetBackoff >= 1,
      `${p}attempts-before-reset-backoff`,
      'an integer of at least 1',
      o.attemptsBeforeResetBackoff,
    );
  }

  canRestart(): boolean {
    return this.attempt <= this.options.attemptsBeforeResetBackoff;
  }

  /** Time left until the scheduled restart. Only meaningful after a failure was notified. */
  getBackoffTime(): number {
    if (this.nextRestartMs === NO_RESTART_SCHEDULED) {
      throw new Error('ExponentialDelayRestartBackoffTimeStrategy.getBackoffTime: call notifyFailure first');
    }
    return Math.max(0, this.nextRestartMs - this.clock());
  }

  notifyFailure(_cause: unknown): boolean {
    const now = this.clock();
    if (now <= this.nextRestartMs) return false;
    if (now - this.nextRestartMs >= this.options.resetBackoffThresholdMs) this.attempt = 0;
    this.nextRestartMs = now + this.actualBackoffMs();
    this.attempt++;
    return true;
  }

  toString(): string {
    const o = this.options;
    return (
      `ExponentialDelayRestartBackoffTimeStrategy(initialBackoffMS=${o.initialBackoffMs}, maxBackoffMS=${o.maxBackoffMs}, ` +
      `backoffMultiplier=${o.backoffMultiplier}, resetBackoffThresholdMS=${o.resetBackoffThresholdMs}, ` +
      `jitterFactor=${o.jitterFactor}, attemptsBeforeResetBackoff=${o.attemptsBeforeResetBackoff}, ` +
      `currentRestartAttempt=${this.attempt}, nextRestartTimestamp=${this.nextRestartMs})`
    );
  }

  private actualBackoffMs(): number {
    const o = this.options;
    // Java's (long) cast truncates; a huge power saturates at the max backoff either way.
    const current = Math.trunc(o.initialBackoffMs * o.backoffMultiplier ** this.attempt);
    return Math.max(o.initialBackoffMs, Math.min(current + this.jitterMs(current), o.maxBackoffMs));
  }

  /** A uniform whole number in [-offset, offset], offset = trunc(current * jitterFactor). */
  private jitterMs(current: number): number {
    if (this.options.jitterFactor === 0) return 0;
    const offset = Math.trunc(current * this.options.jitterFactor);
    if (!Number.isSafeInteger(offset)) return 0;
    return -offset + Math.min(2 * offset, Math.floor(this.random() * (2 * offset + 1)));
  }
}
