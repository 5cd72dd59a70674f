import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { normalizeKey, normalizeNamespace } from './key-normalizer.js';
import { TimerHeap } from './timer-heap.js';

function add(heap: TimerHeap<unknown, unknown>, time: number, key: unknown, namespace: unknown = 'VOID'): boolean {
  return heap.add(time, key, namespace, normalizeKey(key), normalizeNamespace(namespace), 0);
}

function drain(heap: TimerHeap<unknown, unknown>): [number, unknown][] {
  const out: [number, unknown][] = [];
  for (let t = heap.poll(); t !== undefined; t = heap.poll()) out.push([t.timestamp, t.key]);
  return out;
}

describe('TimerHeap', () => {
  it('deduplicates by (key, namespace, timestamp), comparing keys by value', () => {
    const heap = new TimerHeap<unknown, unknown>();
    const table: [number, unknown, unknown, boolean][] = [
      [10, 'a', 'VOID', true],
      [10, 'a', 'VOID', false],
      [10, ['a', 1], 'VOID', true],
      [10, ['a', 1], 'VOID', false],
      [10, 'a', { start: 0, end: 10 }, true],
      [10, 'a', { start: 0, end: 10 }, false],
      [11, 'a', 'VOID', true],
      [10, 'b', 'VOID', true],
      [10, 1, 'VOID', true],
      [10, '1', 'VOID', true],
    ];
    for (const [time, key, namespace, added] of table) {
      assert.equal(add(heap, time, key, namespace), added, `${time} ${String(key)}`);
    }
    assert.equal(heap.size, 7);
  });

  it('pops in timestamp order, equal timestamps in registration order', () => {
    const heap = new TimerHeap<unknown, unknown>();
    for (const [time, key] of [
      [5, 'x'],
      [1, 'a'],
      [5, 'y'],
      [3, 'b'],
      [5, 'z'],
    ] as const) {
      add(heap, time, key);
    }
    assert.deepEqual(drain(heap), [
      [1, 'a'],
      [3, 'b'],
      [5, 'x'],
      [5, 'y'],
      [5, 'z'],
    ]);
  });

  it('removes arbitrary timers and keeps order', () => {
    const heap = new TimerHeap<unknown, unknown>();
    for (let i = 0; i < 20; i++) add(heap, i % 7, `k${i % 3}`, i);
    assert.equal(heap.remove(normalizeKey('k0'), normalizeNamespace(0), 0), true);
    assert.equal(heap.remove(normalizeKey('k0'), normalizeNamespace(0), 0), false);
    assert.equal(heap.remove(normalizeKey('k1'), normalizeNamespace(0), 0), false, 'no such timer');
    assert.equal(heap.contains(normalizeKey('k1'), normalizeNamespace(1), 1), true);
    const times = drain(heap).map(([t]) => t);
    assert.equal(times.length, 19);
    assert.deepEqual(
      times,
      times.slice().sort((a, b) => a - b),
    );
  });

  it('property: behaves as a sorted set under random adds, removes and polls', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('add' as const),
        t: fc.integer({ min: 0, max: 20 }),
        k: fc.integer({ max: 5, min: 0 }),
        n: fc.integer({ min: 0, max: 2 }),
      }),
      fc.record({
        kind: fc.constant('remove' as const),
        t: fc.integer({ min: 0, max: 20 }),
        k: fc.integer({ max: 5, min: 0 }),
        n: fc.integer({ min: 0, max: 2 }),
      }),
      fc.record({ kind: fc.constant('poll' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const heap = new TimerHeap<unknown, unknown>();
        // Model: id -> [timestamp, sequence]; the heap must pop the model's minimum.
        const model = new Map<string, [number, number]>();
        let sequence = 0;
        for (const o of ops) {
          if (o.kind === 'poll') {
            const expected = [...model.entries()].sort((a, b) => a[1][0] - b[1][0] || a[1][1] - b[1][1])[0];
            const got = heap.poll();
            if (expected === undefined) assert.equal(got, undefined);
            else {
              assert.equal(`${got?.timestamp}|${got?.key}|${got?.namespace}`, expected[0]);
              model.delete(expected[0]);
            }
            continue;
          }
          const id = `${o.t}|${o.k}|${o.n}`;
          if (o.kind === 'add') {
            assert.equal(add(heap, o.t, o.k, o.n), !model.has(id));
            if (!model.has(id)) model.set(id, [o.t, sequence++]);
          } else {
            assert.equal(heap.remove(normalizeKey(o.k), normalizeNamespace(o.n), o.t), model.delete(id));
          }
          assert.equal(heap.size, model.size);
        }
      }),
      { numRuns: 200 },
    );
  });
});
