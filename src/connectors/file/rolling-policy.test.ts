import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  DEFAULT_INACTIVITY_INTERVAL_MS,
  DEFAULT_MAX_PART_SIZE,
  DEFAULT_ROLLOVER_INTERVAL_MS,
  DefaultRollingPolicy,
  OnCheckpointRollingPolicy,
  type PartFileInfo,
} from './rolling-policy.js';

function part(size: number, creationTime = 0, lastUpdateTime = creationTime): PartFileInfo {
  return { bucketId: 'b', size, creationTime, lastUpdateTime };
}

describe('DefaultRollingPolicy', () => {
  it("has Flink's defaults: 128 MiB, 60 s rollover, 60 s inactivity", () => {
    const policy = DefaultRollingPolicy.builder().build();
    assert.equal(policy.maxPartSize, 128 * 1024 * 1024);
    assert.equal(policy.maxPartSize, DEFAULT_MAX_PART_SIZE);
    assert.equal(policy.rolloverInterval, DEFAULT_ROLLOVER_INTERVAL_MS);
    assert.equal(policy.inactivityInterval, DEFAULT_INACTIVITY_INTERVAL_MS);
    assert.equal(DEFAULT_ROLLOVER_INTERVAL_MS, 60_000);
  });

  const policy = DefaultRollingPolicy.builder()
    .withMaxPartSize(100)
    .withRolloverInterval(1000)
    .withInactivityInterval(300)
    .build();

  const cases: [string, PartFileInfo, number, { event: boolean; checkpoint: boolean; time: boolean }][] = [
    ['small and fresh', part(10, 0, 0), 100, { event: false, checkpoint: false, time: false }],
    ['exactly at max size does not roll', part(100, 0, 0), 100, { event: false, checkpoint: false, time: false }],
    [
      'past max size rolls on event and checkpoint',
      part(101, 0, 0),
      100,
      { event: true, checkpoint: true, time: false },
    ],
    ['open for the rollover interval', part(1, 0, 900), 1000, { event: false, checkpoint: false, time: true }],
    ['inactive for the inactivity interval', part(1, 500, 500), 800, { event: false, checkpoint: false, time: true }],
    ['just under both intervals', part(1, 1, 501), 800, { event: false, checkpoint: false, time: false }],
  ];
  for (const [name, info, now, expected] of cases) {
    it(name, () => {
      assert.equal(policy.shouldRollOnEvent(info, 'x'), expected.event);
      assert.equal(policy.shouldRollOnCheckpoint(info), expected.checkpoint);
      assert.equal(policy.shouldRollOnProcessingTime(info, now), expected.time);
    });
  }

  it('rolls on processing time exactly when an interval has passed (property)', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(10_000), fc.nat(10_000), (created, sinceCreate, idle) => {
        const updated = created + Math.max(0, sinceCreate - idle);
        const now = created + sinceCreate;
        const expected = now - created >= 1000 || now - updated >= 300;
        assert.equal(policy.shouldRollOnProcessingTime(part(1, created, updated), now), expected);
      }),
    );
  });

  it('the builder is immutable', () => {
    const base = DefaultRollingPolicy.builder();
    base.withMaxPartSize(5);
    assert.equal(base.build().maxPartSize, DEFAULT_MAX_PART_SIZE);
  });

  const bad: [string, () => unknown, RegExp][] = [
    [
      'zero size',
      () => DefaultRollingPolicy.builder().withMaxPartSize(0),
      /withMaxPartSize.*positive number of bytes.*0/,
    ],
    ['negative rollover', () => DefaultRollingPolicy.builder().withRolloverInterval(-1), /withRolloverInterval.*-1/],
    [
      'NaN inactivity',
      () => DefaultRollingPolicy.builder().withInactivityInterval(Number.NaN),
      /withInactivityInterval.*NaN/,
    ],
    ['infinite size', () => DefaultRollingPolicy.builder().withMaxPartSize(Number.POSITIVE_INFINITY), /Infinity/],
    ['string size', () => DefaultRollingPolicy.builder().withMaxPartSize('10' as unknown as number), /withMaxPartSize/],
  ];
  for (const [name, call, message] of bad) {
    it(`refuses ${name}`, () => assert.throws(call, { name: 'RangeError', message }));
  }
});

describe('OnCheckpointRollingPolicy', () => {
  it('rolls at checkpoints only', () => {
    const policy = OnCheckpointRollingPolicy.build();
    assert.equal(policy.shouldRollOnCheckpoint(part(0)), true);
    assert.equal(policy.shouldRollOnEvent(part(1e12), 'x'), false);
    assert.equal(policy.shouldRollOnProcessingTime(part(1, 0, 0), 1e12), false);
  });
});
