import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { StateTtlConfig } from '../../api/state/state-ttl-config.js';
import {
  purgeExpired,
  restoreStored,
  snapshotStored,
  TtlList,
  TtlPolicy,
  TtlValue,
  unwrapStored,
  wrapStored,
} from './ttl-value.js';

const policy = new TtlPolicy(StateTtlConfig.newBuilder(100).build(), { now: () => 0 });
const timestamp = fc.integer({ min: 0, max: 1_000 });

describe('ttl-value', () => {
  it('property: snapshot then restore gives back the stored list, and full-snapshot cleanup drops the expired', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer(), timestamp), { minLength: 1, maxLength: 30 }),
        timestamp,
        (items, now) => {
          const stored = new TtlList(
            items.map(([v]) => v),
            items.map(([, t]) => t),
          );
          const snapshot = snapshotStored('list', stored, undefined, now);
          assert.ok(snapshot);
          assert.deepEqual(restoreStored('list', snapshot[0], snapshot[1], 'test'), stored);
          const cleaned = snapshotStored('list', stored, policy, now);
          const live = items.filter(([, t]) => t + 100 > now);
          if (live.length === 0) assert.equal(cleaned, undefined);
          else assert.deepEqual(cleaned, [live.map(([v]) => v), live.map(([, t]) => t)]);
        },
      ),
    );
  });

  it('property: map entries survive snapshot and restore with their timestamps', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.tuple(fc.integer(), timestamp)), (dict) => {
        const stored = new Map(Object.entries(dict).map(([k, [v, t]]) => [k, new TtlValue(v, t)]));
        if (stored.size === 0) return;
        const snapshot = snapshotStored('map', stored, undefined, 0);
        assert.ok(snapshot);
        assert.deepEqual(restoreStored('map', snapshot[0], snapshot[1], 'test'), stored);
      }),
    );
  });

  it('wraps and unwraps plain values for every kind', () => {
    const cases: [Parameters<typeof wrapStored>[0], unknown, unknown][] = [
      ['value', 5, 42],
      ['reducing', { sum: 1 }, 42],
      ['aggregating', [1, 2], 42],
      ['list', [1, 2, 3], [42, 42, 42]],
      ['map', new Map([['a', 1]]), [42]],
    ];
    for (const [kind, plain, timestamps] of cases) {
      const wrapped = wrapStored(kind, plain, 42);
      assert.deepEqual(unwrapStored(kind, wrapped), plain, kind);
      assert.deepEqual(snapshotStored(kind, wrapped, policy, 141)?.[1], timestamps, kind);
      assert.equal(snapshotStored(kind, wrapped, policy, 142), undefined, `${kind} expires at 42 + ttl`);
    }
  });

  it('purgeExpired trims lists into new arrays and maps in place', () => {
    const list = new TtlList(['a', 'b'], [0, 50]);
    const before = list.values;
    assert.equal(purgeExpired('list', list, policy, 120), false);
    assert.deepEqual(list.values, ['b']);
    assert.deepEqual(before, ['a', 'b']);
    assert.equal(purgeExpired('list', list, policy, 150), true);
    const map = new Map([['k', new TtlValue(1, 0)]]);
    assert.equal(purgeExpired('map', map, policy, 99), false);
    assert.equal(purgeExpired('map', map, policy, 100), true);
    assert.equal(map.size, 0);
    assert.equal(purgeExpired('value', new TtlValue(1, 0), policy, 100), true);
  });

  it('rejects snapshot timestamps that do not match the values', () => {
    assert.throws(
      () => restoreStored('list', [1, 2], [0], "'l' (key group 3)"),
      /Cannot restore TTL state 'l' \(key group 3\)/,
    );
    assert.throws(() => restoreStored('value', 1, [0], 'v'), /expected a number/);
  });
});
