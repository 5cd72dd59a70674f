import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ListStateDescriptor } from '../../api/state/descriptors.js';
import type { InternalKvState } from '../../api/state/state.js';
import { StateTtlConfig, type TtlStateVisibility, type TtlUpdateType } from '../../api/state/state-ttl-config.js';
import { KeyGroupRange } from '../../core/key-group.js';
import { HeapKeyedStateBackend } from './heap-keyed-state-backend.js';
import type { InternalMergingState } from './internal-merging-state.js';

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
  const list = backend.getListState(new ListStateDescriptor<string>('l').enableTimeToLive(config));
  backend.setCurrentKey('k');
  return { clock, backend, list };
}

describe('HeapTtlListState', () => {
  it('each element expires on its own', () => {
    const { clock, list, backend } = setup();
    list.add('a');
    clock.time = 40;
    list.addAll(['b', 'c']);
    clock.time = 80;
    list.add('d');
    clock.time = 100;
    assert.deepEqual([...list.get()], ['b', 'c', 'd']);
    clock.time = 140;
    assert.deepEqual([...list.get()], ['d']);
    clock.time = 180;
    assert.deepEqual([...list.get()], []);
    assert.equal(backend.numEntries('l'), 0, 'a list whose elements all expired is removed');
  });

  it('update() restamps every element; nulls are rejected as without TTL', () => {
    const { clock, list } = setup();
    list.add('a');
    clock.time = 90;
    list.update(['x', 'y']);
    clock.time = 150;
    assert.deepEqual([...list.get()], ['x', 'y']);
    assert.throws(() => list.add(null as unknown as string), /ListState 'l': add\(\) got null/);
    list.update([]);
    assert.deepEqual([...list.get()], []);
  });

  const cases: [TtlUpdateType, TtlStateVisibility, string[][]][] = [
    // Elements a@0, b@60; reads at 50, 110, 130.
    ['OnCreateAndWrite', 'NeverReturnExpired', [['a'], ['b'], ['b']]],
    ['OnCreateAndWrite', 'ReturnExpiredIfNotCleanedUp', [['a'], ['a', 'b'], ['b']]],
    ['OnReadAndWrite', 'NeverReturnExpired', [['a'], ['a', 'b'], ['a', 'b']]],
    ['OnReadAndWrite', 'ReturnExpiredIfNotCleanedUp', [['a'], ['a', 'b'], ['a', 'b']]],
  ];
  for (const [updateType, visibility, expected] of cases) {
    it(`${updateType} / ${visibility}`, () => {
      const { clock, list } = setup(updateType, visibility);
      list.add('a');
      const reads: string[][] = [];
      clock.time = 50;
      reads.push([...list.get()]);
      clock.time = 60;
      list.add('b');
      clock.time = 110;
      reads.push([...list.get()]);
      clock.time = 130;
      reads.push([...list.get()]);
      assert.deepEqual(reads, expected);
    });
  }

  it('an array handed out by get() is not changed by a later cleanup', () => {
    const { clock, list } = setup();
    list.add('a');
    clock.time = 50;
    list.add('b');
    const seen = list.get();
    clock.time = 120;
    assert.deepEqual([...list.get()], ['b']);
    assert.deepEqual([...seen], ['a', 'b']);
  });

  it('merging namespaces keeps each element its own timestamp', () => {
    const { clock, list } = setup();
    const ns = list as unknown as InternalKvState<unknown> & InternalMergingState<unknown>;
    ns.setCurrentNamespace('w1');
    list.add('early');
    clock.time = 50;
    ns.setCurrentNamespace('w2');
    list.add('late');
    ns.mergeNamespaces('w', ['w1', 'w2']);
    ns.setCurrentNamespace('w');
    assert.deepEqual([...list.get()], ['early', 'late']);
    clock.time = 120;
    assert.deepEqual([...list.get()], ['late']);
  });
});
