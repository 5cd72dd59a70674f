import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { NormalizedKey, NormalizedNamespace } from './key-normalizer.js';
import { TtlCleanupCursor } from './ttl-cleanup-cursor.js';

type Groups = (Map<NormalizedNamespace, Map<NormalizedKey, unknown>> | undefined)[];

/** Key groups holding `entries` as [key group, namespace, key, value]. */
function groups(size: number, entries: [number, string, string, number][]): Groups {
  const out: Groups = new Array(size).fill(undefined);
  for (const [group, namespace, key, value] of entries) {
    const byNamespace = (out[group] ??= new Map());
    let byKey = byNamespace.get(namespace);
    if (byKey === undefined) byNamespace.set(namespace, (byKey = new Map()));
    byKey.set(key, value);
  }
  return out;
}

function count(table: Groups): number {
  let n = 0;
  for (const byNamespace of table) if (byNamespace) for (const byKey of byNamespace.values()) n += byKey.size;
  return n;
}

describe('TtlCleanupCursor', () => {
  it('visits `count` entries per step, resumes where it stopped and wraps around', () => {
    const table = groups(4, [
      [0, 'n', 'a', 1],
      [2, 'n', 'b', 2],
      [2, 'm', 'c', 3],
      [3, 'n', 'd', 4],
    ]);
    const seen: unknown[] = [];
    const cursor = new TtlCleanupCursor(table, () => {});
    const record = (value: unknown) => {
      seen.push(value);
      return false;
    };
    cursor.advance(3, record);
    assert.deepEqual(seen, [1, 2, 3]);
    cursor.advance(3, record);
    assert.deepEqual(seen, [1, 2, 3, 4, 1, 2]);
  });

  it('removes expired entries and emptied namespaces, reporting their key groups; stops on an empty table', () => {
    const table = groups(3, [
      [1, 'n', 'a', 1],
      [1, 'm', 'b', 2],
    ]);
    const removedFrom: number[] = [];
    const cursor = new TtlCleanupCursor(table, (offset) => removedFrom.push(offset));
    cursor.advance(10, (value) => value === 1);
    assert.deepEqual([...(table[1]?.keys() ?? [])], ['m']);
    assert.deepEqual(removedFrom, [1]);
    cursor.advance(10, () => true);
    assert.equal(count(table), 0);
    cursor.advance(10, () => assert.fail('nothing left to visit'));
  });

  it('property: enough steps remove exactly the expired entries, whatever the step size', () => {
    const entry = fc.tuple(fc.nat(7), fc.constantFrom('x', 'y'), fc.string({ maxLength: 3 }), fc.integer());
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 60 }), fc.integer({ min: 1, max: 7 }), (entries, step) => {
        const table = groups(8, entries);
        const live = count(table) - count(groups(8, entries).map((g) => g && filterOdd(g)));
        const cursor = new TtlCleanupCursor(table, () => {});
        for (let i = 0; i < 70; i++) cursor.advance(step, (value) => (value as number) % 2 !== 0);
        assert.equal(count(table), live);
      }),
      { numRuns: 100 },
    );
  });
});

/** The odd-valued entries only (those the property treats as expired). */
function filterOdd(byNamespace: Map<NormalizedNamespace, Map<NormalizedKey, unknown>>) {
  const out = new Map<NormalizedNamespace, Map<NormalizedKey, unknown>>();
  for (const [namespace, byKey] of byNamespace) {
    out.set(namespace, new Map([...byKey].filter(([, value]) => (value as number) % 2 !== 0)));
  }
  return out;
}
