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

describe('copy-on-write snapshots', () => {
  const backend = () =>
    new HeapKeyedStateBackend({ maxParallelism: 128, keyGroupRange: computeKeyGroupRangeForOperatorIndex(128, 1, 0) });
  const descriptor = new ValueStateDescriptor<number>('n');

  it('writes after the snapshot, before and after the encoder reads a key group, never reach the snapshot', () => {
    const b = backend();
    const state = b.getState(descriptor);
    for (let k = 0; k < 50; k++) {
      b.setCurrentKey(k);
      state.update(k);
    }
    const snapshot = b.snapshotKeyGroups();
    const groups = [...(snapshot.states.get('n')?.keyGroups ?? [])];
    // Read half of the groups (as the encoder would), then write every key, then read the rest.
    const firstHalf = groups.slice(0, groups.length / 2).map((g) => g.entries.length);
    for (let k = 0; k < 50; k++) {
      b.setCurrentKey(k);
      state.update(1000 + k);
    }
    const restored = backend();
    restored.restoreKeyGroups(snapshot);
    const values = restored.getState(descriptor);
    for (let k = 0; k < 50; k++) {
      restored.setCurrentKey(k);
      assert.equal(values.value(), k, `key ${k}`);
      b.setCurrentKey(k);
      assert.equal(state.value(), 1000 + k);
    }
    assert.ok(firstHalf.every((n) => n > 0));
  });

  it('a second snapshot while the first is unread keeps both consistent', () => {
    const b = backend();
    const state = b.getState(descriptor);
    b.setCurrentKey('k');
    state.update(1);
    const first = b.snapshotKeyGroups();
    state.update(2);
    const second = b.snapshotKeyGroups();
    state.update(3);
    for (const [snapshot, expected] of [
      [first, 1],
      [second, 2],
    ] as const) {
      const restored = backend();
      restored.restoreKeyGroups(snapshot);
      restored.setCurrentKey('k');
      assert.equal(restored.getState(descriptor).value(), expected);
    }
  });
});

describe('declared state types survive checkpoints and are checked on restore', () => {
  const backend = () =>
    new HeapKeyedStateBackend({ maxParallelism: 128, keyGroupRange: computeKeyGroupRangeForOperatorIndex(128, 1, 0) });

  it('restores under the same declared type, refuses another with a message naming both', async () => {
    const { Types } = await import('../../core/types/index.js');
    const { encodeSubtaskState, decodeSubtaskState } = await import('../checkpoint/subtask-state-codec.js');
    const b = backend();
    b.getState(new ValueStateDescriptor<number>('total', Types.LONG));
    b.setCurrentKey('k');
    b.getState(new ValueStateDescriptor<number>('total', Types.LONG)).update(5);
    const bytes = encodeSubtaskState(new Map([['op', { keyed: b.snapshotKeyGroups() }]]));
    const keyed = decodeSubtaskState(bytes, 'test').get('op')?.keyed;
    assert.ok(keyed);

    const same = backend();
    same.restoreKeyGroups(keyed);
    same.setCurrentKey('k');
    assert.equal(same.getState(new ValueStateDescriptor<number>('total', Types.LONG)).value(), 5);

    const other = backend();
    other.restoreKeyGroups(keyed);
    assert.throws(
      () => other.getState(new ValueStateDescriptor<string>('total', Types.STRING)),
      /State 'total' was checkpointed with type .* but is now declared as .*does not migrate state/,
    );
  });
});
