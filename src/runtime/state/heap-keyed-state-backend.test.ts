import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { AggregateFunction } from '../../api/functions/functions.js';
import {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../../api/state/descriptors.js';
import type { InternalKvState } from '../../api/state/state.js';
import { StateTtlConfig } from '../../api/state/state-ttl-config.js';
import { assignToKeyGroup, KeyGroupRange } from '../../core/key-group.js';
import { HeapKeyedStateBackend } from './heap-keyed-state-backend.js';
import type { InternalMergingState } from './internal-merging-state.js';

const MAX_P = 128;

function backend(range = new KeyGroupRange(0, MAX_P - 1)): HeapKeyedStateBackend {
  return new HeapKeyedStateBackend({ maxParallelism: MAX_P, keyGroupRange: range });
}

function ns(state: unknown): InternalKvState<unknown> {
  return state as InternalKvState<unknown>;
}

const average: AggregateFunction<number, { sum: number; count: number }, number> = {
  createAccumulator: () => ({ sum: 0, count: 0 }),
  add: (value, acc) => ({ sum: acc.sum + value, count: acc.count + 1 }),
  getResult: (acc) => acc.sum / acc.count,
  merge: (a, b) => ({ sum: a.sum + b.sum, count: a.count + b.count }),
};

describe('HeapKeyedStateBackend', () => {
  it('scopes state to the current key, comparing composite keys by value', () => {
    const b = backend();
    const count = b.getState(new ValueStateDescriptor<number>('count', { defaultValue: 0 }));
    const keys: unknown[] = [[1, 'a'], [1, 'a'], { user: 'x' }, [1, 'a'], 'k', { user: 'x' }, 1, '1', 1n];
    for (const key of keys) {
      b.setCurrentKey(key);
      count.update((count.value() ?? 0) + 1);
    }
    const expected: [unknown, number][] = [
      [[1, 'a'], 3],
      [{ user: 'x' }, 2],
      ['k', 1],
      [1, 1],
      ['1', 1],
      [1n, 1],
    ];
    for (const [key, n] of expected) {
      b.setCurrentKey(structuredClone(key));
      assert.equal(count.value(), n, `key ${String(key)}`);
    }
    b.setCurrentKey([1, 'a']);
    assert.deepEqual(b.getCurrentKey(), [1, 'a']);
    assert.equal(b.getCurrentKeyGroupIndex(), assignToKeyGroup([1, 'a'], MAX_P));
    assert.equal(new Set(b.getKeys('count')).size, 6);
    assert.deepEqual(
      [...b.getKeys('count')].find((k) => Array.isArray(k)),
      [1, 'a'],
    );
  });

  it('ValueState: default values, clones of mutable defaults, update(undefined) clears', () => {
    const b = backend();
    const plain = b.getState(new ValueStateDescriptor<number>('plain'));
    const withDefault = b.getState(new ValueStateDescriptor<{ n: number }>('obj', { defaultValue: { n: 0 } }));
    b.setCurrentKey('a');
    assert.equal(plain.value(), undefined);
    const fresh = withDefault.value();
    assert.deepEqual(fresh, { n: 0 });
    if (fresh) fresh.n = 42;
    assert.deepEqual(withDefault.value(), { n: 0 }, 'mutating a returned default does not change the default');
    plain.update(5);
    assert.equal(plain.value(), 5);
    plain.update(undefined);
    assert.equal(plain.value(), undefined);
    plain.update(6);
    plain.clear();
    assert.equal(plain.value(), undefined);
    assert.equal(b.numEntries('plain'), 0);
  });

  it('ListState: add, addAll, update, empty lists and rejected nulls', () => {
    const b = backend();
    const list = b.getListState(new ListStateDescriptor<number>('list'));
    b.setCurrentKey('a');
    assert.deepEqual([...list.get()], []);
    list.add(1);
    list.addAll([2, 3]);
    assert.deepEqual([...list.get()], [1, 2, 3]);
    list.addAll([]);
    list.update([9]);
    assert.deepEqual([...list.get()], [9]);
    list.update([]);
    assert.equal(b.numEntries('list'), 0);
    assert.throws(() => list.add(null as unknown as number), /ListState 'list': add\(\) got null/);
    assert.throws(() => list.addAll([1, undefined as unknown as number]), /addAll\(\)/);
    b.setCurrentKey('b');
    assert.deepEqual([...list.get()], []);
  });

  it('MapState: user keys compare by value and iterate back equal', () => {
    const b = backend();
    const map = b.getMapState(new MapStateDescriptor<[string, number], string>('map'));
    b.setCurrentKey('a');
    assert.equal(map.isEmpty(), true);
    map.put(['x', 1], 'one');
    map.put(['x', 1], 'uno');
    map.putAll([[['y', 2], 'two']]);
    assert.equal(map.get(['x', 1]), 'uno');
    assert.equal(map.contains(['y', 2]), true);
    assert.equal(map.contains(['y', 3]), false);
    assert.deepEqual(
      [...map.entries()],
      [
        [['x', 1], 'uno'],
        [['y', 2], 'two'],
      ],
    );
    assert.deepEqual(
      [...map.keys()],
      [
        ['x', 1],
        ['y', 2],
      ],
    );
    assert.deepEqual([...map.values()], ['uno', 'two']);
    map.remove(['x', 1]);
    map.remove(['y', 2]);
    assert.equal(map.isEmpty(), true);
    assert.equal(b.numEntries('map'), 0, 'removing the last entry removes the state');
  });

  it('ReducingState and AggregatingState fold values; add(undefined) clears as in Flink', () => {
    const b = backend();
    const sum = b.getReducingState(new ReducingStateDescriptor<number>('sum', (x, y) => x + y));
    const max = b.getReducingState(new ReducingStateDescriptor<number>('max', { reduce: (x, y) => Math.max(x, y) }));
    const avg = b.getAggregatingState(new AggregatingStateDescriptor('avg', average));
    b.setCurrentKey('a');
    assert.equal(sum.get(), undefined);
    assert.equal(avg.get(), undefined);
    for (const v of [3, 1, 4, 1, 5]) {
      sum.add(v);
      max.add(v);
      avg.add(v);
    }
    assert.equal(sum.get(), 14);
    assert.equal(max.get(), 5);
    assert.equal(avg.get(), 14 / 5);
    sum.add(undefined as unknown as number);
    assert.equal(sum.get(), undefined);
    b.setCurrentKey('b');
    assert.equal(max.get(), undefined);
  });

  it('property: reducing state equals a fold per key', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer()), { maxLength: 200 }), (records) => {
        const b = backend();
        const sum = b.getReducingState(new ReducingStateDescriptor<number>('sum', (x, y) => x + y));
        const expected = new Map<number, number>();
        for (const [k, v] of records) {
          b.setCurrentKey([k, 'tuple']);
          sum.add(v);
          expected.set(k, (expected.get(k) ?? 0) + v);
        }
        for (const [k, v] of expected) {
          b.setCurrentKey([k, 'tuple']);
          assert.equal(sum.get(), v);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('namespaces isolate state and merge for merging windows', () => {
    const b = backend();
    const list = b.getListState(new ListStateDescriptor<string>('list'));
    const sum = b.getReducingState(new ReducingStateDescriptor<number>('sum', (x, y) => x + y));
    b.setCurrentKey('k');
    const windows = [
      { start: 0, end: 10 },
      { start: 5, end: 15 },
    ];
    for (const [i, w] of windows.entries()) {
      ns(list).setCurrentNamespace(w);
      ns(sum).setCurrentNamespace(w);
      list.add(`in-${i}`);
      sum.add(i + 1);
    }
    ns(list).setCurrentNamespace({ start: 0, end: 10 });
    assert.deepEqual([...list.get()], ['in-0']);
    ns(list).setCurrentNamespace('VOID');
    assert.deepEqual([...list.get()], []);
    const target = { start: 0, end: 15 };
    (list as unknown as InternalMergingState<unknown>).mergeNamespaces(target, windows);
    (sum as unknown as InternalMergingState<unknown>).mergeNamespaces(target, windows);
    ns(list).setCurrentNamespace(target);
    ns(sum).setCurrentNamespace(target);
    assert.deepEqual([...list.get()], ['in-0', 'in-1']);
    assert.equal(sum.get(), 3);
    assert.equal(b.numEntries('list'), 1, 'merged sources are gone');
    assert.deepEqual([...b.getKeys('sum', target)], ['k']);
    assert.deepEqual([...b.getKeys('sum', windows[0])], []);
  });

  it('rejects a name reused with another kind, a missing key, and keys outside the range', () => {
    const b = backend(new KeyGroupRange(0, 63));
    const value = b.getState(new ValueStateDescriptor<number>('s'));
    assert.equal(b.getState(new ValueStateDescriptor<number>('s')), value, 'same name, same kind: same state');
    assert.throws(() => b.getListState(new ListStateDescriptor<number>('s')), /'s' is already registered as value/);
    assert.throws(() => value.value(), /no current key/);
    assert.throws(() => value.update(1), /no current key/);
    let outside = 0;
    while (assignToKeyGroup(outside, MAX_P) < 64) outside++;
    assert.throws(() => b.setCurrentKey(outside), /outside this subtask's key groups \[0, 63\]/);
    assert.throws(() => b.setCurrentKey(null), /Unsupported key: null/);
  });

  it('tracks dirty key groups since the last mark, including reads handed out by reference', () => {
    const b = backend();
    const value = b.getState(new ValueStateDescriptor<number>('v'));
    const list = b.getListState(new ListStateDescriptor<number>('l'));
    b.setCurrentKey('a');
    value.update(1);
    b.setCurrentKey('b');
    list.add(1);
    const kgA = assignToKeyGroup('a', MAX_P);
    const kgB = assignToKeyGroup('b', MAX_P);
    assert.deepEqual(
      b.dirtyKeyGroups(),
      [...new Set([kgA, kgB])].sort((x, y) => x - y),
    );
    b.markClean();
    assert.deepEqual(b.dirtyKeyGroups(), []);
    b.setCurrentKey('a');
    assert.equal(value.value(), 1);
    assert.deepEqual(b.dirtyKeyGroups(), [], 'reading a primitive does not dirty');
    b.setCurrentKey('b');
    list.get();
    assert.deepEqual(b.dirtyKeyGroups(), [kgB], 'a list handed out by reference may change');
  });
});

describe('HeapKeyedStateBackend snapshots', () => {
  function filled(range: KeyGroupRange, keys: number): HeapKeyedStateBackend {
    const b = backend(range);
    const value = b.getState(new ValueStateDescriptor<number>('v'));
    const list = b.getListState(new ListStateDescriptor<number>('l'));
    const map = b.getMapState(new MapStateDescriptor<string, number>('m'));
    for (let k = 0; k < keys; k++) {
      const key = [k, `user-${k}`];
      if (!range.contains(assignToKeyGroup(key, MAX_P))) continue;
      b.setCurrentKey(key);
      value.update(k);
      list.addAll([k, k + 1]);
      map.put(`x${k}`, k);
    }
    return b;
  }

  function contents(b: HeapKeyedStateBackend): Map<string, unknown> {
    const out = new Map<string, unknown>();
    const value = b.getState(new ValueStateDescriptor<number>('v'));
    const list = b.getListState(new ListStateDescriptor<number>('l'));
    const map = b.getMapState(new MapStateDescriptor<string, number>('m'));
    for (const key of b.getKeys('v')) {
      b.setCurrentKey(key);
      out.set(JSON.stringify(key), [value.value(), [...list.get()], [...map.entries()]]);
    }
    return out;
  }

  it('round-trips through snapshot and restore', () => {
    const source = filled(new KeyGroupRange(0, MAX_P - 1), 300);
    const snapshot = source.snapshotKeyGroups();
    const target = backend();
    target.restoreKeyGroups(snapshot);
    assert.deepEqual(contents(target), contents(source));
    assert.equal(contents(target).size, 300);
  });

  it('snapshots are not changed by later writes to lists and maps', () => {
    const source = filled(new KeyGroupRange(0, MAX_P - 1), 10);
    const snapshot = source.snapshotKeyGroups();
    const list = source.getListState(new ListStateDescriptor<number>('l'));
    for (const key of [...source.getKeys('l')]) {
      source.setCurrentKey(key);
      list.add(99);
    }
    const target = backend();
    target.restoreKeyGroups(snapshot);
    const restored = target.getListState(new ListStateDescriptor<number>('l'));
    for (const key of target.getKeys('l')) {
      target.setCurrentKey(key);
      assert.equal([...restored.get()].includes(99), false);
    }
  });

  it('rescales: two old subtasks restore into three new ones, each keeping only its key groups', () => {
    const old = [filled(new KeyGroupRange(0, 63), 400), filled(new KeyGroupRange(64, 127), 400)];
    const full = contents(filled(new KeyGroupRange(0, MAX_P - 1), 400));
    const newRanges = [new KeyGroupRange(0, 42), new KeyGroupRange(43, 85), new KeyGroupRange(86, 127)];
    const merged = new Map<string, unknown>();
    for (const range of newRanges) {
      const target = backend(range);
      for (const b of old) target.restoreKeyGroups(b.snapshotKeyGroups());
      for (const key of target.getKeys('v')) assert.ok(range.contains(assignToKeyGroup(key, MAX_P)));
      for (const [k, v] of contents(target)) merged.set(k, v);
    }
    assert.deepEqual(merged, full);
  });

  it('restores state registered later and refuses another max parallelism or kind', () => {
    const source = filled(new KeyGroupRange(0, MAX_P - 1), 5);
    const snapshot = source.snapshotKeyGroups(new KeyGroupRange(0, 63));
    const target = backend();
    target.restoreKeyGroups(snapshot);
    assert.throws(() => target.getState(new ValueStateDescriptor<number>('l')), /already registered as list/);
    const other = new HeapKeyedStateBackend({ maxParallelism: 256, keyGroupRange: new KeyGroupRange(0, 255) });
    assert.throws(() => other.restoreKeyGroups(snapshot), /maxParallelism 128 into a backend with maxParallelism 256/);
  });
});

describe('HeapKeyedStateBackend state TTL', () => {
  const ttl = (build?: (b: ReturnType<typeof StateTtlConfig.newBuilder>) => unknown) => {
    const builder = StateTtlConfig.newBuilder(100).disableCleanupInBackground();
    build?.(builder);
    return builder.build();
  };

  function ttlBackend(clock: { now(): number }, config = ttl()) {
    const b = new HeapKeyedStateBackend({
      maxParallelism: MAX_P,
      keyGroupRange: new KeyGroupRange(0, MAX_P - 1),
      clock,
    });
    const value = b.getState(new ValueStateDescriptor<number>('v').enableTimeToLive(config));
    const list = b.getListState(new ListStateDescriptor<number>('l').enableTimeToLive(config));
    const map = b.getMapState(new MapStateDescriptor<string, number>('m').enableTimeToLive(config));
    return { b, value, list, map };
  }

  it('snapshots carry TTL timestamps: restored state keeps expiring from the original time', () => {
    const clock = { time: 0, now: () => clock.time };
    const source = ttlBackend(clock);
    source.b.setCurrentKey('k');
    source.value.update(1);
    source.list.add(1);
    source.map.put('a', 1);
    clock.time = 50;
    source.list.add(2);
    source.map.put('b', 2);
    const snapshot = source.b.snapshotKeyGroups();
    const entry = snapshot.states.get('l')?.keyGroups[0];
    assert.deepEqual(entry?.ttlTimestamps, [[0, 50]]);

    // Restore into a fresh backend before the states are registered (as a task does), then register them.
    clock.time = 90;
    const target = new HeapKeyedStateBackend({
      maxParallelism: MAX_P,
      keyGroupRange: new KeyGroupRange(0, MAX_P - 1),
      clock,
    });
    target.restoreKeyGroups(snapshot);
    const restored = ttlBackend(clock);
    restored.b.restoreKeyGroups(snapshot);
    restored.b.setCurrentKey('k');
    assert.equal(restored.value.value(), 1);
    clock.time = 120;
    assert.equal(restored.value.value(), undefined, 'expired 100 ms after the original write, not after the restore');
    assert.deepEqual([...restored.list.get()], [2]);
    assert.deepEqual([...restored.map.entries()], [['b', 2]]);
    const late = target.getState(new ValueStateDescriptor<number>('v').enableTimeToLive(ttl()));
    target.setCurrentKey('k');
    assert.equal(late.value(), undefined, 'restored before registration: timestamps kept too');
  });

  it('full-snapshot cleanup leaves expired values out of snapshots but not out of local state', () => {
    const clock = { time: 0, now: () => clock.time };
    const { b, value, list } = ttlBackend(
      clock,
      ttl((builder) => builder.cleanupFullSnapshot()),
    );
    b.setCurrentKey('old');
    value.update(1);
    list.add(1);
    clock.time = 60;
    b.setCurrentKey('new');
    value.update(2);
    list.add(2);
    b.setCurrentKey('old');
    list.add(3);
    clock.time = 120;
    const snapshot = b.snapshotKeyGroups();
    const target = ttlBackend(clock);
    target.b.restoreKeyGroups(snapshot);
    assert.deepEqual([...target.b.getKeys('v')], ['new']);
    target.b.setCurrentKey('old');
    assert.deepEqual([...target.list.get()], [3], 'expired list elements are dropped, live ones kept');
    assert.equal(b.numEntries('v'), 2, 'local state still holds the expired value');
    const noCleanup = ttlBackend(clock);
    noCleanup.b.setCurrentKey('x');
    noCleanup.value.update(1);
    clock.time = 500;
    assert.equal(noCleanup.b.snapshotKeyGroups().states.get('v')?.keyGroups.length, 1);
  });

  it('incremental cleanup removes expired entries on state access and per record, marking key groups dirty', () => {
    const clock = { time: 0, now: () => clock.time };
    const perAccess = ttlBackend(
      clock,
      ttl((builder) => builder.cleanupIncrementally(10, false)),
    );
    const perRecord = ttlBackend(
      clock,
      ttl((builder) => builder.cleanupIncrementally(10, true)),
    );
    for (const { b, value } of [perAccess, perRecord]) {
      for (let k = 0; k < 30; k++) {
        b.setCurrentKey(k);
        value.update(k);
      }
    }
    clock.time = 200;
    perAccess.b.markClean();
    perAccess.b.setCurrentKey('fresh');
    assert.equal(perAccess.b.numEntries('v'), 30, 'selecting a key does not clean without runCleanupForEveryRecord');
    perAccess.value.update(1);
    assert.equal(perAccess.b.numEntries('v'), 21, 'one access checked 10 entries');
    assert.ok(perAccess.b.dirtyKeyGroups().length > 1, 'removals mark their key groups dirty');
    for (let i = 0; i < 5; i++) perRecord.b.setCurrentKey(`r${i}`);
    assert.equal(perRecord.b.numEntries('v'), 0, 'per-record cleanup ran on every key selection');
  });

  it('TTL can be enabled or disabled on restored state', () => {
    const clock = { time: 0, now: () => clock.time };
    const plain = backend();
    plain.setCurrentKey('k');
    plain.getListState(new ListStateDescriptor<number>('l')).addAll([0, 1]);
    const enabled = ttlBackend(clock);
    clock.time = 1_000;
    enabled.b.restoreKeyGroups(plain.snapshotKeyGroups());
    enabled.b.setCurrentKey('k');
    assert.deepEqual([...enabled.list.get()], [0, 1]);
    clock.time = 1_100;
    assert.deepEqual([...enabled.list.get()], [], 'stamped with the restore time');

    const withTtl = ttlBackend(clock);
    withTtl.b.setCurrentKey('k');
    withTtl.map.put('a', 1);
    const disabled = backend();
    disabled.restoreKeyGroups(withTtl.b.snapshotKeyGroups());
    const map = disabled.getMapState(new MapStateDescriptor<string, number>('m'));
    disabled.setCurrentKey('k');
    assert.deepEqual([...map.entries()], [['a', 1]]);
    assert.equal(disabled.snapshotKeyGroups().states.get('m')?.keyGroups[0].ttlTimestamps, undefined);
  });
});
