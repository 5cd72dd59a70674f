import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  EXPONENTIAL_DELAY_DEFAULTS,
  type ExponentialDelayOptions,
  ExponentialDelayRestartBackoffTimeStrategy,
} from './exponential-delay-restart-backoff-time-strategy.js';
import {
  FailureRateRestartBackoffTimeStrategy,
  FixedDelayRestartBackoffTimeStrategy,
  NoRestartBackoffTimeStrategy,
} from './restart-backoff-time-strategy.js';

/** A clock the test moves by hand. */
function manualClock(start = 0): { now: number; read: () => number } {
  const c = { now: start, read: () => c.now };
  return c;
}

const failure = new Error('boom');

describe('NoRestartBackoffTimeStrategy', () => {
  it('never restarts', () => {
    const s = new NoRestartBackoffTimeStrategy();
    assert.equal(s.notifyFailure(failure), true);
    assert.equal(s.canRestart(), false);
    assert.equal(s.getBackoffTime(), 0);
  });
});

describe('FixedDelayRestartBackoffTimeStrategy', () => {
  it('restarts maxAttempts times with the fixed delay', () => {
    const s = new FixedDelayRestartBackoffTimeStrategy(2, 1000);
    const seen: [boolean, number][] = [];
    for (let i = 0; i < 3; i++) {
      s.notifyFailure(failure);
      seen.push([s.canRestart(), s.getBackoffTime()]);
    }
    assert.deepEqual(seen, [
      [true, 1000],
      [true, 1000],
      [false, 1000],
    ]);
  });

  it('rejects a negative attempt count naming the option', () => {
    assert.throws(() => new FixedDelayRestartBackoffTimeStrategy(-1, 0), /restart-strategy\.fixed-delay\.attempts/);
  });
});

describe('FailureRateRestartBackoffTimeStrategy', () => {
  // max 2 failures per 1000 ms: a third failure within 1000 ms of the first refuses.
  const cases: { name: string; failures: number[]; checkAt: number; canRestart: boolean }[] = [
    { name: 'one failure', failures: [0], checkAt: 0, canRestart: true },
    { name: 'two failures in the interval', failures: [0, 100], checkAt: 100, canRestart: true },
    { name: 'three failures within 1000 ms', failures: [0, 100, 200], checkAt: 200, canRestart: false },
    {
      name: 'third failure exactly 1000 ms after the first',
      failures: [0, 100, 1000],
      checkAt: 1000,
      canRestart: false,
    },
    { name: 'third failure 1001 ms after the first', failures: [0, 100, 1001], checkAt: 1001, canRestart: true },
    { name: 'the oldest of the window is dropped', failures: [0, 100, 1001, 1050], checkAt: 1050, canRestart: false },
    { name: 'refusal ends as time passes', failures: [0, 100, 200], checkAt: 1001, canRestart: true },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const clock = manualClock();
      const s = new FailureRateRestartBackoffTimeStrategy(2, 1000, 500, clock.read);
      for (const t of c.failures) {
        clock.now = t;
        assert.equal(s.notifyFailure(failure), true);
      }
      clock.now = c.checkAt;
      assert.equal(s.canRestart(), c.canRestart);
      assert.equal(s.getBackoffTime(), 500);
    });
  }

  it('rejects a zero interval naming the option', () => {
    assert.throws(
      () => new FailureRateRestartBackoffTimeStrategy(1, 0, 0),
      /restart-strategy\.failure-rate\.failure-rate-interval/,
    );
  });
});

describe('ExponentialDelayRestartBackoffTimeStrategy', () => {
  const noJitter: ExponentialDelayOptions = {
    initialBackoffMs: 10,
    maxBackoffMs: 100,
    backoffMultiplier: 2,
    resetBackoffThresholdMs: 1000,
    jitterFactor: 0,
    attemptsBeforeResetBackoff: 100,
  };

  it('grows by the multiplier, merges failures during the backoff, caps at max and resets after the threshold', () => {
    const clock = manualClock();
    const s = new ExponentialDelayRestartBackoffTimeStrategy(noJitter, clock.read);
    // [time of failure, counted as a new attempt, backoff time read right after]
    const steps: [number, boolean, number][] = [
      [0, true, 10], // 10 * 2^0, restart at 10
      [5, false, 5], // before the restart at 10: merged, 5 ms left
      [10, false, 0], // at the restart time itself: still merged
      [11, true, 20], // 10 * 2^1, restart at 31
      [32, true, 40], // restart at 72
      [73, true, 80], // restart at 153
      [154, true, 100], // 160 capped at 100, restart at 254
      [355, true, 100], // 320 capped, restart at 455
      [1455, true, 10], // 1000 ms after the restart at 455: reset to the initial backoff
    ];
    for (const [t, isNew, backoff] of steps) {
      clock.now = t;
      assert.equal(s.notifyFailure(failure), isNew, `notifyFailure at ${t}`);
      assert.equal(s.getBackoffTime(), backoff, `getBackoffTime at ${t}`);
      assert.equal(s.canRestart(), true);
    }
  });

  it('fails the job after attempts-before-reset-backoff attempts without a reset', () => {
    const clock = manualClock();
    const s = new ExponentialDelayRestartBackoffTimeStrategy(
      { ...noJitter, attemptsBeforeResetBackoff: 2 },
      clock.read,
    );
    const allowed: boolean[] = [];
    for (const t of [0, 100, 200]) {
      clock.now = t;
      s.notifyFailure(failure);
      allowed.push(s.canRestart());
    }
    assert.deepEqual(allowed, [true, true, false]);
  });

  it('a reset gives the attempts back', () => {
    const clock = manualClock();
    const s = new ExponentialDelayRestartBackoffTimeStrategy(
      { ...noJitter, attemptsBeforeResetBackoff: 1 },
      clock.read,
    );
    s.notifyFailure(failure); // restart at 10
    clock.now = 1010;
    s.notifyFailure(failure);
    assert.equal(s.canRestart(), true);
  });

  // Flink's defaults (1 s, x1.5, jitter 0.1): jitter is a whole number in [-offset, offset], offset = backoff * 0.1.
  const jitterCases: { name: string; failures: number; random: number; backoff: number }[] = [
    { name: 'first attempt, lowest jitter clamps to the initial backoff', failures: 1, random: 0, backoff: 1000 },
    { name: 'first attempt, highest jitter', failures: 1, random: 0.999_999, backoff: 1100 },
    { name: 'first attempt, middle jitter', failures: 1, random: 0.5, backoff: 1000 },
    { name: 'second attempt, lowest jitter', failures: 2, random: 0, backoff: 1350 },
    { name: 'second attempt, middle jitter', failures: 2, random: 0.5, backoff: 1500 },
    { name: 'second attempt, highest jitter', failures: 2, random: 0.999_999, backoff: 1650 },
    { name: 'third attempt (2250), lowest jitter', failures: 3, random: 0, backoff: 2025 },
  ];
  for (const c of jitterCases) {
    it(c.name, () => {
      const clock = manualClock();
      const s = new ExponentialDelayRestartBackoffTimeStrategy(EXPONENTIAL_DELAY_DEFAULTS, clock.read, () => c.random);
      for (let i = 0; i < c.failures; i++) {
        clock.now += 10_000; // after the previous restart, well within the reset threshold
        s.notifyFailure(failure);
      }
      assert.equal(s.getBackoffTime(), c.backoff);
    });
  }

  it('getBackoffTime before any failure is an error', () => {
    const s = new ExponentialDelayRestartBackoffTimeStrategy(noJitter, () => 0);
    assert.throws(() => s.getBackoffTime(), /notifyFailure first/);
  });

  it('rejects an initial backoff above the max, naming both options', () => {
    assert.throws(
      () => new ExponentialDelayRestartBackoffTimeStrategy({ ...noJitter, initialBackoffMs: 200 }),
      /initial-backoff.*max-backoff/,
    );
  });

  it('rejects a multiplier of 1 (Flink: must be greater than 1)', () => {
    assert.throws(
      () => new ExponentialDelayRestartBackoffTimeStrategy({ ...noJitter, backoffMultiplier: 1 }),
      /backoff-multiplier' must be a number greater than 1, got 1/,
    );
  });

  it('rejects a jitter factor outside [0, 1]', () => {
    assert.throws(
      () => new ExponentialDelayRestartBackoffTimeStrategy({ ...noJitter, jitterFactor: 1.5 }),
      /jitter-factor/,
    );
  });
});
