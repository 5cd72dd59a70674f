import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AggregatingStateDescriptor, ValueStateDescriptor } from '../../api/state/descriptors.js';
import { computeKeyGroupRangeForOperatorIndex } from '../../core/key-group.js';
import { HeapKeyedStateBackend } from './heap-keyed-state-backend.js';
import { copyStateValue } from './state-value-copy.js';

class Account {
  constructor(
    public id: string,
    public balance: number,
  ) {}
}

describe('copyStateValue', () => {
  it('shares primitives and deep-copies containers, keeping prototypes', () => {
    assert.equal(copyStateValue(5), 5);
    const value = {
      a: [1, { b: 2 }],
      m: new Map([[1, { c: 3 }]]),
      s: new Set([1]),
      d: new Date(7),
      acc: new Account('x', 1),
    };
    const copy = copyStateValue(value);
    assert.deepEqual(copy, value);
    assert.notEqual(copy.a, value.a);
    assert.notEqual(copy.m.get(1), value.m.get(1));
    assert.ok(copy.acc instanceof Account);
    assert.notEqual(copy.acc, value.acc);
  });

  it('refuses self-referencing values with a clear error', () => {
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    assert.throws(() => copyStateValue(cyclic), /nests deeper than 256 levels/);
  });
});

describe('snapshots keep state as it was at the barrier', () => {
  const backend = () =>
    new HeapKeyedStateBackend({ maxParallelism: 128, keyGroupRange: computeKeyGroupRangeForOperatorIndex(128, 1, 0) });

  it('an object in ValueState mutated in place after the snapshot does not change the snapshot', () => {
    const b = backend();
    const state = b.getState(new ValueStateDescriptor<{ count: number }>('v'));
    b.setCurrentKey('k');
    state.update({ count: 1 });
    const snapshot = b.snapshotKeyGroups();
    const held = state.value()!;
    held.count = 99; // the user's in-place mutation, after the barrier
    state.update(held);
    const restored = backend();
    restored.restoreKeyGroups(snapshot);
    restored.setCurrentKey('k');
    assert.deepEqual(restored.getState(new ValueStateDescriptor<{ count: number }>('v')).value(), { count: 1 });
  });

  it('an accumulator mutated in place by add() after the snapshot does not change the snapshot', () => {
    const b = backend();
    const descriptor = new AggregatingStateDescriptor<number, { sum: number }, number>('agg', {
      createAccumulator: () => ({ sum: 0 }),
      add: (v, acc) => {
        acc.sum += v;
        return acc;
      },
      getResult: (acc) => acc.sum,
      merge: (a, c) => ({ sum: a.sum + c.sum }),
    });
    const state = b.getAggregatingState(descriptor);
    b.setCurrentKey('k');
    state.add(2);
    const snapshot = b.snapshotKeyGroups();
    state.add(40);
    const restored = backend();
    restored.restoreKeyGroups(snapshot);
    restored.setCurrentKey('k');
    assert.equal(restored.getAggregatingState(descriptor).get(), 2);
  });
});
