import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  baseIntervalMs,
  type CheckpointHistory,
  type CheckpointTiming,
  checkpointDeadlineMs,
  decidePeriodicTrigger,
  decideTrigger,
  expiredCheckpoints,
  initialTriggerDelayMs,
  type TriggerDecision,
  type TriggerRequestKind,
} from './checkpoint-scheduler.js';

const timing = (t: Partial<CheckpointTiming>): CheckpointTiming => ({
  intervalMs: 1000,
  timeoutMs: 600_000,
  minPauseMs: 0,
  maxConcurrentCheckpoints: 1,
  ...t,
});

describe('decidePeriodicTrigger', () => {
  const cases: {
    name: string;
    t: Partial<CheckpointTiming>;
    h: CheckpointHistory;
    now: number;
    expected: TriggerDecision;
  }[] = [
    {
      name: 'first checkpoint',
      t: {},
      h: { pendingCount: 0, lastCompletionMs: undefined },
      now: 0,
      expected: { kind: 'trigger' },
    },
    {
      name: 'one in flight, max 1',
      t: {},
      h: { pendingCount: 1, lastCompletionMs: undefined },
      now: 1000,
      expected: { kind: 'too-many-concurrent', pendingCount: 1 },
    },
    {
      name: 'one in flight, max 2',
      t: { maxConcurrentCheckpoints: 2 },
      h: { pendingCount: 1, lastCompletionMs: 0 },
      now: 1000,
      expected: { kind: 'trigger' },
    },
    {
      name: 'min pause not over: reschedule after the rest of it',
      t: { minPauseMs: 500 },
      h: { pendingCount: 0, lastCompletionMs: 800 },
      now: 1000,
      expected: { kind: 'min-pause', delayMs: 300 },
    },
    {
      name: 'min pause just over',
      t: { minPauseMs: 500 },
      h: { pendingCount: 0, lastCompletionMs: 500 },
      now: 1000,
      expected: { kind: 'trigger' },
    },
    {
      name: 'max concurrent is checked before the min pause',
      t: { minPauseMs: 500 },
      h: { pendingCount: 1, lastCompletionMs: 900 },
      now: 1000,
      expected: { kind: 'too-many-concurrent', pendingCount: 1 },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(decidePeriodicTrigger(timing(c.t), c.h, c.now), c.expected);
    });
  }
});

describe('decideTrigger for other requests', () => {
  const savepoint: TriggerRequestKind = { periodic: false, force: false };
  const forced: TriggerRequestKind = { periodic: false, force: true };
  const cases: {
    name: string;
    t: Partial<CheckpointTiming>;
    h: CheckpointHistory;
    request: TriggerRequestKind;
    expected: TriggerDecision;
  }[] = [
    {
      name: 'another checkpoint is being started',
      t: {},
      h: { pendingCount: 0, lastCompletionMs: undefined, triggering: true },
      request: forced,
      expected: { kind: 'busy', reason: 'triggering' },
    },
    {
      name: 'more checkpoints being cleaned than max concurrent',
      t: { maxConcurrentCheckpoints: 1 },
      h: { pendingCount: 0, lastCompletionMs: undefined, cleaningCount: 2 },
      request: savepoint,
      expected: { kind: 'busy', reason: 'cleaning' },
    },
    {
      name: 'as many being cleaned as max concurrent is fine',
      t: { maxConcurrentCheckpoints: 1 },
      h: { pendingCount: 0, lastCompletionMs: undefined, cleaningCount: 1 },
      request: savepoint,
      expected: { kind: 'trigger' },
    },
    {
      name: 'a forced request ignores max concurrent',
      t: {},
      h: { pendingCount: 1, lastCompletionMs: undefined },
      request: forced,
      expected: { kind: 'trigger' },
    },
    {
      name: 'a savepoint waits for max concurrent',
      t: {},
      h: { pendingCount: 1, lastCompletionMs: undefined },
      request: savepoint,
      expected: { kind: 'too-many-concurrent', pendingCount: 1 },
    },
    {
      name: 'a non-periodic request ignores the min pause',
      t: { minPauseMs: 500 },
      h: { pendingCount: 0, lastCompletionMs: 900 },
      request: savepoint,
      expected: { kind: 'trigger' },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(decideTrigger(timing(c.t), c.h, 1000, c.request), c.expected);
    });
  }
});

describe('baseIntervalMs and initialTriggerDelayMs', () => {
  it('raises the interval to the min pause', () => {
    assert.equal(baseIntervalMs(timing({ intervalMs: 1000, minPauseMs: 3000 })), 3000);
    assert.equal(baseIntervalMs(timing({ intervalMs: 1000, minPauseMs: 300 })), 1000);
  });

  it('refuses to schedule when checkpointing is off, naming the key', () => {
    assert.throws(() => baseIntervalMs(timing({ intervalMs: undefined })), /execution\.checkpointing\.interval/);
  });

  const delays: { random: number; expected: number }[] = [
    { random: 0, expected: 100 },
    { random: 0.5, expected: 550 }, // 100 + floor(0.5 * 901)
    { random: 0.999_999_9, expected: 1000 },
  ];
  for (const d of delays) {
    it(`initial delay over [minPause 100, interval 1000] with random ${d.random} is ${d.expected}`, () => {
      assert.equal(
        initialTriggerDelayMs(timing({ minPauseMs: 100 }), () => d.random),
        d.expected,
      );
    });
  }

  it('the initial delay always lies in [minPause, baseInterval]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (intervalMs, minPauseMs, r) => {
          const t = timing({ intervalMs, minPauseMs });
          const delay = initialTriggerDelayMs(t, () => r);
          return Number.isInteger(delay) && delay >= minPauseMs && delay <= baseIntervalMs(t);
        },
      ),
    );
  });
});

describe('checkpoint timeouts', () => {
  it('a checkpoint expires timeout ms after its trigger', () => {
    assert.equal(checkpointDeadlineMs(timing({ timeoutMs: 600_000 }), 1234), 601_234);
  });

  it('lists the expired checkpoints in order', () => {
    const pending = [
      { checkpointId: 1, triggerMs: 0 },
      { checkpointId: 2, triggerMs: 100 },
      { checkpointId: 3, triggerMs: 200 },
    ];
    const t = timing({ timeoutMs: 1000 });
    assert.deepEqual(expiredCheckpoints(t, pending, 999), []);
    assert.deepEqual(expiredCheckpoints(t, pending, 1000), [1]);
    assert.deepEqual(expiredCheckpoints(t, pending, 1150), [1, 2]);
  });
});
