import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../../api/state/descriptors.js';
import type { InternalKvState } from '../../api/state/state.js';
import { StateTtlConfig } from '../../api/state/state-ttl-config.js';
import { KeyGroupRange } from '../../core/key-group.js';
import { Duration } from '../../core/time.js';
import { IncrementalChain } from '../checkpoint/incremental-chain.js';
import {
  HeapKeyedStateBackend,
  type KeyedStateSnapshot,
  materializeKeyedSnapshot,
} from './heap-keyed-state-backend.js';
import { changesAt, KeyChanges } from './key-changes.js';

const MAX_P = 16;

describe('KeyChanges', () => {
  it('records each changed key once per key group and namespace, and starts afresh when taken', () => {
    const changes = new KeyChanges(4);
    changes.mark(2, 'ns', 'a');
    changes.mark(2, 'ns', 'a');
    changes.mark(0, 'ns', 'b');
    changes.mark(2, 7, 'a');
    assert.equal(changes.size(), 3);
    const taken = changes.take();
    assert.deepEqual(taken.offsets, [0, 2]);
    assert.deepEqual(
      [...taken.groups[2]!],
      [
        ['ns', new Set(['a'])],
        [7, new Set(['a'])],
      ],
    );
    assert.equal(changes.size(), 0);
    assert.deepEqual(changes.take().offsets, []);
  });

  it('keeps keys of the default namespace apart while marking and hands them over with the others', () => {
    const changes = new KeyChanges(2);
    changes.mark(1, 'VOID', 'a');
    changes.mark(1, 'VOID', 'a');
    changes.mark(1, 'w', 'a');
    changes.mark(0, 'VOID', 'b');
    assert.equal(changes.size(), 3);
    const taken = changes.take();
    assert.deepEqual(taken.offsets, [0, 1]);
    assert.deepEqual(
      new Map(taken.groups[1]!),
      new Map([
        ['w', new Set(['a'])],
        ['VOID', new Set(['a'])],
      ]),
    );
    assert.deepEqual([...taken.groups[0]!], [['VOID', new Set(['b'])]]);
    changes.mark(1, 'VOID', 'a');
    assert.equal(changes.size(), 1, 'the last mark is forgotten when taken');
  });

  it('unites the changes of several takes without changing them', () => {
    const changes = new KeyChanges(2);
    changes.mark(1, 'n', 'a');
    const first = changes.take();
    changes.mark(1, 'n', 'b');
    changes.mark(1, 'm', 'c');
    const second = changes.take();
    assert.deepEqual(
      [...changesAt([first, second], 1)!],
      [
        ['n', new Set(['a', 'b'])],
        ['m', new Set(['c'])],
      ],
    );
    assert.deepEqual([...first.groups[1]!], [['n', new Set(['a'])]], 'the first take is not modified');
    assert.equal(changesAt([first], 1), first.groups[1], 'one take: its own map, no copy');
    assert.equal(changesAt([first, second], 0), undefined);
  });
});

type Op =
  | { readonly op: 'put'; readonly key: number; readonly state: number; readonly value: number }
  | { readonly op: 'remove'; readonly key: number; readonly state: number }
  | { readonly op: 'checkpoint' }
  | { readonly op: 'complete' }
  | { readonly op: 'abort' };

const STATES = 5;

function states(b: HeapKeyedStateBackend) {
  const ttl = StateTtlConfig.newBuilder(Duration.ofMinutes(60)).build();
  const value = b.getState(new ValueStateDescriptor<number>('value'));
  const list = b.getListState(new ListStateDescriptor<number>('list'));
  const map = b.getMapState(new MapStateDescriptor<number, number>('map'));
  const reducing = b.getReducingState(new ReducingStateDescriptor<number>('sum', (x, y) => x + y));
  const timed = b.getState(new ValueStateDescriptor<number>('ttl').enableTimeToLive(ttl));
  return { value, list, map, reducing, timed };
}

function apply(
  b: HeapKeyedStateBackend,
  s: ReturnType<typeof states>,
  op: Exclude<Op, { op: 'checkpoint' | 'complete' | 'abort' }>,
): void {
  b.setCurrentKey(op.key);
  // Window-like namespaces for the value state: keys divisible by 3 in 'w1', the others in 'w2'.
  (s.value as unknown as InternalKvState<unknown>).setCurrentNamespace(op.key % 3 === 0 ? 'w1' : 'w2');
  const put = op.op === 'put';
  const value = op.op === 'put' ? op.value : 0;
  switch (op.state) {
    case 0:
      if (put) s.value.update(value);
      else s.value.clear();
      return;
    case 1:
      if (put) s.list.add(value);
      else s.list.clear();
      return;
    case 2:
      if (put) s.map.put(value % 3, value);
      else s.map.remove(value % 3);
      return;
    case 3:
      if (put) s.reducing.add(value);
      else s.reducing.clear();
      return;
    default:
      if (put) s.timed.update(value);
      else s.timed.clear();
      return;
  }
}

/** A snapshot as comparable plain data: per state, sorted [key group, key, namespace, value] rows. */
function rows(snapshot: KeyedStateSnapshot): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, state] of materializeKeyedSnapshot(snapshot).states) {
    const list: string[] = [];
    for (const group of state.keyGroups) {
      for (const [key, namespace, value] of group.entries) {
        const plain = value instanceof Map ? [...value] : value;
        list.push(
          JSON.stringify([group.keyGroup, key, namespace, plain], (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)),
        );
      }
    }
    out[name] = list.sort();
  }
  return out;
}

function restoreChain(chain: readonly KeyedStateSnapshot[]): HeapKeyedStateBackend {
  const b = new HeapKeyedStateBackend({ maxParallelism: MAX_P, keyGroupRange: new KeyGroupRange(0, MAX_P - 1) });
  for (const snapshot of chain) b.restoreKeyGroups(snapshot);
  states(b);
  return b;
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('put' as const),
      key: fc.nat(12),
      state: fc.nat(STATES - 1),
      value: fc.nat(50),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('remove' as const), key: fc.nat(12), state: fc.nat(STATES - 1) }),
  },
  { weight: 2, arbitrary: fc.constant({ op: 'checkpoint' as const }) },
  { weight: 2, arbitrary: fc.constant({ op: 'complete' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'abort' as const }) },
);

describe('HeapKeyedStateBackend incremental snapshots', () => {
  it('restoring the base and the increments of any completed checkpoint gives the state as of that checkpoint', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 30, maxLength: 120 }), fc.nat(4), (ops, maxLength) => {
        const b = new HeapKeyedStateBackend({ maxParallelism: MAX_P, keyGroupRange: new KeyGroupRange(0, MAX_P - 1) });
        b.trackChanges();
        const s = states(b);
        const limits = {
          maxChainLength: maxLength + 1,
          maxSizeRatio: Number.POSITIVE_INFINITY,
          materializeIntervalMs: 1e12,
        };
        const chain = new IncrementalChain(limits);
        // Per checkpoint taken: its snapshot chain (base first) and the full state at that moment.
        const taken: {
          id: number;
          base: number | undefined;
          snapshot: KeyedStateSnapshot;
          expected: Record<string, string[]>;
        }[] = [];
        const chains = new Map<number, KeyedStateSnapshot[]>();
        let nextId = 1;
        for (const op of ops) {
          if (op.op === 'put' || op.op === 'remove') apply(b, s, op);
          else if (op.op === 'checkpoint') {
            const id = nextId++;
            const base = chain.baseFor(0, b.requiresFullSnapshot());
            chain.onTaken(id, base, 0);
            const expected = rows(b.snapshotKeyGroups());
            // Left lazy: the ops that follow touch frozen key groups before it is materialized (copy-on-write).
            const snapshot = b.snapshotForCheckpoint(id, base);
            chain.onWritten(id, { path: `f${id}`, sizeBytes: 1 });
            taken.push({ id, base, snapshot, expected });
          } else {
            const next = taken.shift();
            if (next === undefined) continue;
            if (op.op === 'abort') {
              chain.onAborted(next.id);
              continue;
            }
            const file = materializeKeyedSnapshot(next.snapshot);
            const files = next.base === undefined ? [file] : [...chains.get(next.base)!, file];
            chains.set(next.id, files);
            if (chain.onCompleted(next.id)) b.confirmCheckpoint(next.id);
            assert.ok(files.length <= maxLength + 1, 'the chain respects its length limit');
            assert.deepEqual(rows(restoreChain(files).snapshotKeyGroups()), next.expected);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('writes only changed keys, with tombstones for removed ones, and a full snapshot when TTL form changes', () => {
    const b = new HeapKeyedStateBackend({ maxParallelism: MAX_P, keyGroupRange: new KeyGroupRange(0, MAX_P - 1) });
    b.trackChanges();
    const value = b.getState(new ValueStateDescriptor<number>('v'));
    for (let key = 0; key < 100; key++) {
      b.setCurrentKey(key);
      value.update(key);
    }
    materializeKeyedSnapshot(b.snapshotForCheckpoint(1, undefined));
    b.confirmCheckpoint(1);
    b.setCurrentKey(5);
    value.update(500);
    b.setCurrentKey(6);
    value.clear();
    b.setCurrentKey(7);
    assert.equal(value.value(), 7, 'reading a primitive changes nothing');
    const increment = materializeKeyedSnapshot(b.snapshotForCheckpoint(2, 1)).states.get('v')!;
    assert.deepEqual(
      increment.keyGroups.flatMap((g) => g.entries.map((e) => [e[0], e[2]])),
      [[5, 500]],
    );
    assert.deepEqual(
      increment.keyGroups.flatMap((g) => (g.removed ?? []).map((r) => r[0])),
      [6],
    );
    assert.equal(b.requiresFullSnapshot(), false);
    // A state restored without TTL and registered with it: stored values change form, which increments cannot say.
    const c = new HeapKeyedStateBackend({ maxParallelism: MAX_P, keyGroupRange: new KeyGroupRange(0, MAX_P - 1) });
    c.trackChanges();
    c.restoreKeyGroups(b.snapshotKeyGroups());
    c.snapshotForCheckpoint(3, undefined);
    c.confirmCheckpoint(3);
    assert.equal(c.requiresFullSnapshot(), false);
    const ttl = StateTtlConfig.newBuilder(Duration.ofMinutes(60)).build();
    c.getState(new ValueStateDescriptor<number>('v').enableTimeToLive(ttl));
    assert.equal(c.requiresFullSnapshot(), true);
    assert.throws(() => c.snapshotForCheckpoint(4, 3), /needs a full snapshot/);
    c.snapshotForCheckpoint(5, undefined);
    assert.equal(c.requiresFullSnapshot(), true, 'until the full snapshot is confirmed');
    c.confirmCheckpoint(5);
    assert.equal(c.requiresFullSnapshot(), false);
  });
});
