import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ListStateDescriptor, MapStateDescriptor, ValueStateDescriptor } from '../../api/state/descriptors.js';
import { OperatorStateBackend } from './operator-state-backend.js';

const OFFSETS = new ListStateDescriptor<number>('offsets');
const RULES = new MapStateDescriptor<string, number>('rules');

describe('OperatorStateBackend', () => {
  it('keeps list, union list and broadcast states and snapshots them by name and mode', () => {
    const b = new OperatorStateBackend();
    assert.equal(b.isRestored, false);
    const offsets = b.getListState(OFFSETS);
    offsets.add(1);
    offsets.addAll([2, 3]);
    b.getUnionListState(new ListStateDescriptor<string>('watermarks')).update(['a']);
    const rules = b.getBroadcastState(RULES);
    rules.put('cpu', 90);
    rules.put('mem', 70);
    assert.equal(b.getListState(OFFSETS), offsets, 'asking again returns the same state');
    const snap = b.snapshot();
    assert.deepEqual(snap.lists.get('offsets'), { mode: 'split', values: [1, 2, 3] });
    assert.deepEqual(snap.lists.get('watermarks'), { mode: 'union', values: ['a'] });
    assert.deepEqual(snap.broadcast.get('rules'), [
      ['cpu', 90],
      ['mem', 70],
    ]);
  });

  it('copies containers in snapshots: later changes do not reach the snapshot', () => {
    const b = new OperatorStateBackend();
    const s = b.getListState(OFFSETS);
    s.add(1);
    const rules = b.getBroadcastState(RULES);
    rules.put('cpu', 1);
    const snap = b.snapshot();
    s.add(2);
    rules.put('cpu', 2);
    assert.deepEqual(snap.lists.get('offsets')?.values, [1]);
    assert.deepEqual(snap.broadcast.get('rules'), [['cpu', 1]]);
  });

  it('restores before registration: registering returns the restored contents', () => {
    const a = new OperatorStateBackend();
    a.getListState(OFFSETS).update([5, 6]);
    a.getBroadcastState(RULES).put('cpu', 90);
    const b = new OperatorStateBackend();
    b.restore(a.snapshot());
    assert.equal(b.isRestored, true);
    assert.deepEqual([...b.getListState(OFFSETS).get()], [5, 6]);
    assert.equal(b.getBroadcastState(RULES).get('cpu'), 90);
  });

  it('keeps restored states nobody asked for in the next snapshot', () => {
    const a = new OperatorStateBackend();
    a.getListState(OFFSETS).add(1);
    const b = new OperatorStateBackend();
    b.restore(a.snapshot());
    assert.deepEqual(b.snapshot().lists.get('offsets'), { mode: 'split', values: [1] });
  });

  it('restores into states already registered', () => {
    const a = new OperatorStateBackend();
    a.getListState(OFFSETS).add(7);
    const b = new OperatorStateBackend();
    const s = b.getListState(OFFSETS);
    b.restore(a.snapshot());
    assert.deepEqual([...s.get()], [7]);
  });

  it('broadcast keys compare by value, and composite keys come back as given', () => {
    const b = new OperatorStateBackend();
    const d = new MapStateDescriptor<[string, number], string>('composite');
    b.getBroadcastState(d).put(['a', 1], 'x');
    b.getBroadcastState(d).put(['a', 1], 'y');
    const c = new OperatorStateBackend();
    c.restore(b.snapshot());
    assert.deepEqual([...c.getBroadcastState(d).entries()], [[['a', 1], 'y']]);
  });

  const conflicts: {
    name: string;
    first: (b: OperatorStateBackend) => unknown;
    second: (b: OperatorStateBackend) => unknown;
  }[] = [
    { name: 'list then union', first: (b) => b.getListState(OFFSETS), second: (b) => b.getUnionListState(OFFSETS) },
    { name: 'union then list', first: (b) => b.getUnionListState(OFFSETS), second: (b) => b.getListState(OFFSETS) },
    {
      name: 'list then broadcast',
      first: (b) => b.getListState(new ListStateDescriptor('rules')),
      second: (b) => b.getBroadcastState(RULES),
    },
    {
      name: 'broadcast then list',
      first: (b) => b.getBroadcastState(RULES),
      second: (b) => b.getListState(new ListStateDescriptor('rules')),
    },
  ];
  for (const c of conflicts) {
    it(`rejects one name in two modes (${c.name}), naming the state`, () => {
      const b = new OperatorStateBackend();
      c.first(b);
      assert.throws(() => c.second(b), /Operator state '(offsets|rules)' exists as/);
    });
  }

  it('rejects a restored name asked for in another mode', () => {
    const a = new OperatorStateBackend();
    a.getUnionListState(OFFSETS).add(1);
    const b = new OperatorStateBackend();
    b.restore(a.snapshot());
    assert.throws(() => b.getListState(OFFSETS), /'offsets' exists as union state \(getUnionListState\)/);
  });

  it('rejects null entries and wrong descriptors with clear errors', () => {
    const b = new OperatorStateBackend();
    assert.throws(() => b.getListState(OFFSETS).add(null as unknown as number), /'offsets': cannot add null/);
    assert.throws(
      () => b.getListState(new ValueStateDescriptor('v') as unknown as ListStateDescriptor<number>),
      /getListState expects a ListStateDescriptor/,
    );
    assert.throws(
      () => b.getBroadcastState(OFFSETS as unknown as MapStateDescriptor<string, number>),
      /getBroadcastState expects a MapStateDescriptor/,
    );
  });
});
