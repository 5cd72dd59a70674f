import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Duration } from '../../core/time.js';
import { ListStateDescriptor, MapStateDescriptor, ValueStateDescriptor } from './descriptors.js';
import { DEFAULT_INCREMENTAL_CLEANUP, StateTtlConfig } from './state-ttl-config.js';

describe('StateTtlConfig', () => {
  it("has Flink's defaults: OnCreateAndWrite, NeverReturnExpired, incremental background cleanup", () => {
    const config = StateTtlConfig.newBuilder(Duration.ofSeconds(10)).build();
    assert.equal(config.getTtl().toMillis(), 10_000);
    assert.equal(config.getUpdateType(), 'OnCreateAndWrite');
    assert.equal(config.getStateVisibility(), 'NeverReturnExpired');
    assert.equal(config.ttlTimeCharacteristic, 'ProcessingTime');
    assert.equal(config.cleanupFullSnapshot, false);
    assert.equal(config.isCleanupInBackground(), true);
    assert.deepEqual(config.getIncrementalCleanupStrategy(), DEFAULT_INCREMENTAL_CLEANUP);
    assert.ok(Object.isFrozen(config));
  });

  it('builds every option; millisecond numbers work as durations', () => {
    const config = StateTtlConfig.newBuilder(500)
      .setUpdateType('OnReadAndWrite')
      .setStateVisibility('ReturnExpiredIfNotCleanedUp')
      .cleanupFullSnapshot()
      .cleanupIncrementally(7, true)
      .disableCleanupInBackground()
      .build();
    assert.equal(config.getTtl().toMillis(), 500);
    assert.equal(config.getUpdateType(), 'OnReadAndWrite');
    assert.equal(config.getStateVisibility(), 'ReturnExpiredIfNotCleanedUp');
    assert.equal(config.cleanupFullSnapshot, true);
    assert.deepEqual(config.getIncrementalCleanupStrategy(), { cleanupSize: 7, runCleanupForEveryRecord: true });
  });

  it('disabling background cleanup turns off the default incremental cleanup only', () => {
    const config = StateTtlConfig.newBuilder(1).disableCleanupInBackground().build();
    assert.equal(config.getIncrementalCleanupStrategy(), undefined);
  });

  it('a builder can be reused: built configs do not change', () => {
    const builder = StateTtlConfig.newBuilder(1000);
    const first = builder.build();
    builder.setUpdateType('OnReadAndWrite');
    assert.equal(first.getUpdateType(), 'OnCreateAndWrite');
    assert.equal(builder.build().getUpdateType(), 'OnReadAndWrite');
  });

  const invalid: [string, () => unknown, RegExp][] = [
    ['zero ttl', () => StateTtlConfig.newBuilder(0), /time-to-live must be positive/],
    ['negative ttl', () => StateTtlConfig.newBuilder(-5), /non-negative/],
    ['bad update type', () => StateTtlConfig.newBuilder(1).setUpdateType('Never' as 'OnReadAndWrite'), /update type/],
    [
      'bad visibility',
      () => StateTtlConfig.newBuilder(1).setStateVisibility('Sometimes' as 'NeverReturnExpired'),
      /state visibility/,
    ],
    ['zero cleanup size', () => StateTtlConfig.newBuilder(1).cleanupIncrementally(0, false), /cleanupSize/],
    ['fractional cleanup size', () => StateTtlConfig.newBuilder(1).cleanupIncrementally(1.5, false), /cleanupSize/],
  ];
  for (const [name, build, error] of invalid) {
    it(`rejects ${name}`, () => assert.throws(build, error));
  }

  it('descriptors take a config through enableTimeToLive and reject anything else', () => {
    const config = StateTtlConfig.newBuilder(1000).build();
    const value = new ValueStateDescriptor<number>('v').enableTimeToLive(config);
    assert.equal(value.ttlConfig, config);
    assert.equal(new ListStateDescriptor<number>('l').ttlConfig, undefined);
    assert.equal(new MapStateDescriptor<string, number>('m').enableTimeToLive(config).ttlConfig, config);
    assert.throws(
      () => new ValueStateDescriptor<number>('v').enableTimeToLive({ ttl: 5 } as unknown as StateTtlConfig),
      /State 'v': enableTimeToLive needs a StateTtlConfig/,
    );
  });
});
