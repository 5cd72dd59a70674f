import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { OperatorListStateSnapshot, OperatorStateSnapshot } from '../checkpoint/subtask-state.js';
import { redistributeOperatorState } from './operator-state-redistribution.js';

function snap(
  lists: Record<string, OperatorListStateSnapshot>,
  broadcast: Record<string, [unknown, unknown][]> = {},
): OperatorStateSnapshot {
  return { lists: new Map(Object.entries(lists)), broadcast: new Map(Object.entries(broadcast)) };
}
const split = (...values: unknown[]): OperatorListStateSnapshot => ({ mode: 'split', values });
const union = (...values: unknown[]): OperatorListStateSnapshot => ({ mode: 'union', values });

function all(old: (OperatorStateSnapshot | undefined)[], p: number): OperatorStateSnapshot[] {
  return Array.from({ length: p }, (_, i) => redistributeOperatorState(old, p, i));
}
const valuesOf = (s: OperatorStateSnapshot, name: string) => s.lists.get(name)?.values;

describe('redistributeOperatorState', () => {
  it('same parallelism: split lists and broadcast state stay with their subtask', () => {
    const old = [snap({ a: split(1, 2) }, { r: [['k', 1]] }), snap({ a: split(3) }, { r: [['k', 1]] })];
    assert.deepEqual(valuesOf(redistributeOperatorState(old, 2, 0), 'a'), [1, 2]);
    assert.deepEqual(valuesOf(redistributeOperatorState(old, 2, 1), 'a'), [3]);
    assert.deepEqual(redistributeOperatorState(old, 2, 1).broadcast.get('r'), [['k', 1]]);
  });

  it('same parallelism: union lists are still the union (as Flink)', () => {
    const old = [snap({ u: union('a') }), snap({ u: union('b') })];
    for (const s of all(old, 2)) assert.deepEqual(s.lists.get('u'), union('a', 'b'));
  });

  const splitCases: { old: unknown[][]; p: number; want: unknown[][] }[] = [
    {
      old: [
        [1, 2, 3],
        [4, 5],
      ],
      p: 3,
      want: [[1, 2], [3, 4], [5]],
    },
    {
      old: [[1, 2, 3, 4, 5, 6, 7]],
      p: 3,
      want: [
        [1, 2, 3],
        [4, 5],
        [6, 7],
      ],
    },
    {
      old: [[1], [2], [3], [4]],
      p: 2,
      want: [
        [1, 2],
        [3, 4],
      ],
    },
    { old: [[1], []], p: 3, want: [[1], [], []] },
    { old: [[], []], p: 1, want: [[]] },
  ];
  for (const c of splitCases) {
    it(`split ${JSON.stringify(c.old)} over ${c.p}: contiguous shares, earlier subtasks get the extra`, () => {
      const old = c.old.map((values) => snap({ a: split(...values) }));
      assert.deepEqual(
        all(old, c.p).map((s) => valuesOf(s, 'a')),
        c.want,
      );
    });
  }

  it('split over several names: shares rotate so the extras do not all land on subtask 0 (Flink round robin)', () => {
    // 'a' (sorted first) has 4 entries over 3 subtasks: subtask 0 gets the extra; 'b' then starts at subtask 1.
    const old = [snap({ a: split(1, 2, 3, 4), b: split('x', 'y', 'z', 'w') })];
    const out = all(old, 3);
    assert.deepEqual(
      out.map((s) => valuesOf(s, 'a')),
      [[1, 2], [3], [4]],
    );
    assert.deepEqual(
      out.map((s) => valuesOf(s, 'b')),
      [['w'], ['x', 'y'], ['z']],
    );
  });

  it('union: every new subtask gets all entries in old-subtask order', () => {
    const old = [snap({ u: union(1) }), undefined, snap({ u: union(2, 3) })];
    for (const s of all(old, 2)) assert.deepEqual(s.lists.get('u'), union(1, 2, 3));
  });

  it('broadcast: every new subtask gets an old subtask’s map', () => {
    const rules: [unknown, unknown][] = [['cpu', 90]];
    const old = [snap({}, { r: rules }), snap({}, { r: rules })];
    for (const s of all(old, 5)) assert.deepEqual(s.broadcast.get('r'), rules);
  });

  it('rejects bad arguments and inconsistent modes with clear errors', () => {
    assert.throws(() => redistributeOperatorState([], 0, 0), /newParallelism must be a positive integer/);
    assert.throws(() => redistributeOperatorState([], 2, 2), /newIndex must be an integer in \[0, 1\]/);
    const old = [snap({ a: split(1) }), snap({ a: union(2) })];
    assert.throws(() => redistributeOperatorState(old, 3, 0), /'a' is a split list in old subtask 0 but a union/);
  });

  it('property: split entries are neither lost nor duplicated, shares differ by at most one', () => {
    const oldArb = fc.array(fc.option(fc.array(fc.nat(), { maxLength: 12 }), { nil: undefined }), {
      minLength: 1,
      maxLength: 6,
    });
    fc.assert(
      fc.property(oldArb, fc.integer({ min: 1, max: 8 }), (lists, p) => {
        let next = 0;
        // Unique entries (the position in the concatenation), so duplicates are detectable.
        const old = lists.map((l) =>
          l === undefined ? undefined : snap({ a: split(...l.map(() => next++)), b: split(...l.map(() => -++next)) }),
        );
        const shares = all(old, p);
        for (const name of ['a', 'b']) {
          const got = shares.flatMap((s) => (valuesOf(s, name) ?? []) as number[]);
          const want = old.flatMap((s) => (s?.lists.get(name)?.values ?? []) as number[]);
          if (p !== old.length)
            assert.deepEqual(
              [...got].sort((x, y) => x - y),
              [...want].sort((x, y) => x - y),
            );
          else assert.deepEqual(got, want);
          const sizes = shares.map((s) => valuesOf(s, name)?.length ?? 0);
          if (p !== old.length && want.length > 0) assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1);
        }
      }),
    );
  });
});
