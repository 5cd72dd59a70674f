import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MapStateDescriptor } from '../../api/state/descriptors.js';
import { StateTtlConfig, type TtlStateVisibility, type TtlUpdateType } from '../../api/state/state-ttl-config.js';
import { KeyGroupRange } from '../../core/key-group.js';
import { HeapKeyedStateBackend } from './heap-keyed-state-backend.js';

const MAX_P = 128;

function setup(updateType: TtlUpdateType = 'OnCreateAndWrite', visibility: TtlStateVisibility = 'NeverReturnExpired') {
  const clock = { time: 0, now: () => clock.time };
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
  const map = backend.getMapState(new MapStateDescriptor<[string, number], string>('m').enableTimeToLive(config));
  backend.setCurrentKey('k');
  return { clock, backend, map };
}

describe('HeapTtlMapState', () => {
  it('each entry expires on its own; iteration skips and removes expired entries', () => {
    const { clock, map, backend } = setup();
    map.put(['a', 1], 'A');
    clock.time = 60;
    map.putAll([
      [['b', 2], 'B'],
      [['c', 3], 'C'],
    ]);
    clock.time = 100;
    assert.equal(map.get(['a', 1]), undefined);
    assert.equal(map.contains(['b', 2]), true);
    assert.deepEqual(
      [...map.entries()],
      [
        [['b', 2], 'B'],
        [['c', 3], 'C'],
      ],
    );
    map.put(['b', 2], 'B2');
    clock.time = 160;
    assert.deepEqual([...map.keys()], [['b', 2]]);
    assert.deepEqual([...map.values()], ['B2']);
    assert.equal(map.isEmpty(), false);
    clock.time = 200;
    assert.equal(map.isEmpty(), true);
    assert.equal(backend.numEntries('m'), 0, 'a map whose entries all expired is removed');
  });

  const cases: [TtlUpdateType, TtlStateVisibility, (string | undefined)[]][] = [
    // Entry put at 0; get() at 50, 120, 130.
    ['OnCreateAndWrite', 'NeverReturnExpired', ['A', undefined, undefined]],
    ['OnCreateAndWrite', 'ReturnExpiredIfNotCleanedUp', ['A', 'A', undefined]],
    ['OnReadAndWrite', 'NeverReturnExpired', ['A', 'A', 'A']],
    ['OnReadAndWrite', 'ReturnExpiredIfNotCleanedUp', ['A', 'A', 'A']],
  ];
  for (const [updateType, visibility, expected] of cases) {
    it(`${updateType} / ${visibility}`, () => {
      const { clock, map } = setup(updateType, visibility);
      map.put(['a', 1], 'A');
      const reads: (string | undefined)[] = [];
      for (const t of [50, 120, 130]) {
        clock.time = t;
        reads.push(map.get(['a', 1]));
      }
      assert.deepEqual(reads, expected);
    });
  }

  it('ReturnExpiredIfNotCleanedUp: iteration shows expired entries once, then they are gone', () => {
    const { clock, map } = setup('OnCreateAndWrite', 'ReturnExpiredIfNotCleanedUp');
    map.put(['a', 1], 'A');
    clock.time = 150;
    assert.deepEqual([...map.values()], ['A']);
    assert.deepEqual([...map.values()], []);
  });

  it('remove and clear work as without TTL', () => {
    const { map, backend } = setup();
    map.put(['a', 1], 'A');
    map.put(['b', 2], 'B');
    map.remove(['a', 1]);
    assert.deepEqual([...map.keys()], [['b', 2]]);
    map.clear();
    assert.equal(backend.numEntries('m'), 0);
  });
});
