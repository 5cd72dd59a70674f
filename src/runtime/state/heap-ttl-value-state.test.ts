import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValueStateDescriptor } from '../../api/state/descriptors.js';
import { StateTtlConfig, type TtlStateVisibility, type TtlUpdateType } from '../../api/state/state-ttl-config.js';
import { KeyGroupRange } from '../../core/key-group.js';
import { HeapKeyedStateBackend } from './heap-keyed-state-backend.js';

const MAX_P = 128;

/** A manual processing-time clock for TTL. */
class ManualClock {
  time = 1_000;
  now(): number {
    return this.time;
  }
}

function setup(updateType: TtlUpdateType, visibility: TtlStateVisibility, defaultValue?: number) {
  const clock = new ManualClock();
  const backend = new HeapKeyedStateBackend({
    maxParallelism: MAX_P,
    keyGroupRange: new KeyGroupRange(0, MAX_P - 1),
    clock,
  });
  const config = StateTtlConfig.newBuilder(100)
    .setUpdateType(updateType)
    .setStateVisibility(visibility)
    .disableCleanupInBackground()
    .build();
  const descriptor = new ValueStateDescriptor<number>('v', { defaultValue }).enableTimeToLive(config);
  const state = backend.getState(descriptor);
  backend.setCurrentKey('k');
  return { clock, backend, state };
}

describe('HeapTtlValueState', () => {
  // Write at t=1000 (ttl 100), read at 1050, read again at 1120: expired unless the first read refreshed it.
  const cases: [TtlUpdateType, TtlStateVisibility, (number | undefined)[]][] = [
    ['OnCreateAndWrite', 'NeverReturnExpired', [7, undefined, undefined]],
    ['OnCreateAndWrite', 'ReturnExpiredIfNotCleanedUp', [7, 7, undefined]],
    ['OnReadAndWrite', 'NeverReturnExpired', [7, 7, 7]],
    ['OnReadAndWrite', 'ReturnExpiredIfNotCleanedUp', [7, 7, 7]],
  ];
  for (const [updateType, visibility, expected] of cases) {
    it(`${updateType} / ${visibility}`, () => {
      const { clock, state, backend } = setup(updateType, visibility);
      state.update(7);
      clock.time = 1_050;
      const reads = [state.value()];
      clock.time = 1_120;
      reads.push(state.value());
      reads.push(state.value());
      assert.deepEqual(reads, expected);
      const expiredOnce = expected[2] === undefined;
      assert.equal(backend.numEntries('v'), expiredOnce ? 0 : 1, 'an expired value is removed when read');
    });
  }

  it('expires exactly ttl after the last write, and a write restarts the clock', () => {
    const { clock, state } = setup('OnCreateAndWrite', 'NeverReturnExpired');
    state.update(1);
    clock.time = 1_099;
    assert.equal(state.value(), 1);
    state.update(2);
    clock.time = 1_198;
    assert.equal(state.value(), 2);
    clock.time = 1_199;
    assert.equal(state.value(), undefined, 'expired at write time + ttl');
  });

  it('an expired value reads as the default value; clear and update(undefined) remove', () => {
    const { clock, state, backend } = setup('OnCreateAndWrite', 'NeverReturnExpired', 42);
    assert.equal(state.value(), 42);
    state.update(1);
    clock.time = 2_000;
    assert.equal(state.value(), 42);
    state.update(3);
    state.update(undefined);
    assert.equal(backend.numEntries('v'), 0);
    state.update(4);
    state.clear();
    assert.equal(state.value(), 42);
  });

  it('keys expire independently', () => {
    const { clock, state, backend } = setup('OnCreateAndWrite', 'NeverReturnExpired');
    state.update(1);
    clock.time = 1_060;
    backend.setCurrentKey('other');
    state.update(2);
    clock.time = 1_110;
    assert.equal(state.value(), 2);
    backend.setCurrentKey('k');
    assert.equal(state.value(), undefined);
  });
});
