import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Triggerable } from '../../api/operators/timers.js';
import {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../../api/state/descriptors.js';
import type { InternalKvState } from '../../api/state/state.js';
import { TimeWindow } from '../../api/windowing/windows.js';
import { KeyGroupRange } from '../../core/key-group.js';
import { registerType } from '../../core/types/generic-codec.js';
import { HeapKeyedStateBackend, type KeyedStateSnapshot } from '../state/heap-keyed-state-backend.js';
import { ManualProcessingTimeService } from '../state/processing-time-service.js';
import type { StateEntry, StateKind } from '../state/state-table.js';
import { TimerServiceManager } from '../state/timer-service-manager.js';
import type { OperatorSubtaskState } from './subtask-state.js';
import {
  CorruptSubtaskStateError,
  decodeSubtaskState,
  encodeSubtaskState,
  readSubtaskStateIndex,
  SubtaskStateEncoder,
} from './subtask-state-codec.js';

const MAX_P = 128;
const ALL = new KeyGroupRange(0, MAX_P - 1);

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
  norm(): number {
    return Math.hypot(this.x, this.y);
  }
}
registerType(Point, 'test.codec.Point');

function backend(range = ALL): HeapKeyedStateBackend {
  return new HeapKeyedStateBackend({ maxParallelism: MAX_P, keyGroupRange: range });
}

function roundTrip(states: ReadonlyMap<string, OperatorSubtaskState>): Map<string, OperatorSubtaskState> {
  return decodeSubtaskState(encodeSubtaskState(states), 'chk-1/op.state');
}

const KEYS: unknown[] = [1, -7, 2.5, '1', 'k', '\u0000marked', 1n, 2n ** 60n, true, [1, 'a'], { user: 'x', n: 2 }];
KEYS.push(new Date(5), Uint8Array.of(0, 255, 7), [[1, null], { a: undefined }]);

/** A backend with every state kind, composite keys, window namespaces and registered-class values. */
function filledBackend(): HeapKeyedStateBackend {
  const b = backend();
  const value = b.getState(new ValueStateDescriptor<unknown>('value'));
  const list = b.getListState(new ListStateDescriptor<unknown>('list'));
  const map = b.getMapState(new MapStateDescriptor<unknown, unknown>('map'));
  const sum = b.getReducingState(new ReducingStateDescriptor<number>('sum', (x, y) => x + y));
  const avg = b.getAggregatingState(
    new AggregatingStateDescriptor('avg', {
      createAccumulator: () => ({ sum: 0, count: 0 }),
      add: (v: number, acc: { sum: number; count: number }) => ({ sum: acc.sum + v, count: acc.count + 1 }),
      getResult: (acc: { sum: number; count: number }) => acc.sum / acc.count,
      merge: (x: { sum: number; count: number }, y: { sum: number; count: number }) => ({
        sum: x.sum + y.sum,
        count: x.count + y.count,
      }),
    }),
  );
  KEYS.forEach((key, i) => {
    b.setCurrentKey(key);
    value.update({ at: new Point(i, -i), tags: new Set(['a', i]), big: BigInt(i) << 64n });
    list.add(i);
    list.add({ nested: [i, `s${i}`] });
    map.put([i, 'composite'], new Map([[i, 'v']]));
    map.put(`plain${i}`, null);
    for (const window of [new TimeWindow(0, 10), new TimeWindow(10, 20)]) {
      (sum as unknown as InternalKvState<TimeWindow>).setCurrentNamespace(window);
      sum.add(i + window.start);
      (avg as unknown as InternalKvState<TimeWindow>).setCurrentNamespace(window);
      avg.add(i);
    }
  });
  return b;
}

describe('subtask state codec', () => {
  it('round-trips every keyed state kind, composite keys, namespaces and registered classes', () => {
    const original = filledBackend().snapshotKeyGroups();
    const decoded = roundTrip(new Map([['op1', { keyed: original }]]));
    assert.deepEqual(decoded, new Map([['op1', { keyed: original }]]));
    const restored = backend();
    const keyed = decoded.get('op1')?.keyed;
    assert.ok(keyed);
    restored.restoreKeyGroups(keyed);
    assert.deepEqual(restored.snapshotKeyGroups(), original);
    const point = restored.getState(new ValueStateDescriptor<{ at: Point }>('value'));
    restored.setCurrentKey([1, 'a']);
    assert.ok(point.value()?.at instanceof Point);
    assert.equal(point.value()?.at.norm(), Math.hypot(9, 9));
    assert.deepEqual([...restored.getKeys('list')].length, KEYS.length);
  });

  it('round-trips timers with window namespaces; restored timers fire as the originals would', () => {
    const b = backend();
    const manager = new TimerServiceManager({
      processingTimeService: new ManualProcessingTimeService(0),
      keyGroupRange: ALL,
    });
    const none: Triggerable<unknown, unknown> = { onEventTime: () => {}, onProcessingTime: () => {} };
    const windows = manager.getInternalTimerService<unknown, TimeWindow>('windows', none, b);
    const user = manager.getInternalTimerService<unknown, string>('user', none, b);
    KEYS.forEach((key, i) => {
      b.setCurrentKey(key);
      windows.registerEventTimeTimer(new TimeWindow(i * 10, i * 10 + 10), i * 10 + 9);
      user.registerProcessingTimeTimer('VOID', 1000 + i);
    });
    const timers = manager.snapshotTimers();
    const decoded = roundTrip(new Map([['op', { timers }]]));
    assert.deepEqual(decoded, new Map([['op', { timers }]]));
    const fired: string[] = [];
    const target = backend();
    const restored = new TimerServiceManager({
      processingTimeService: new ManualProcessingTimeService(0),
      keyGroupRange: ALL,
    });
    const decodedTimers = decoded.get('op')?.timers;
    assert.ok(decodedTimers);
    restored.restoreTimers(decodedTimers);
    const log: Triggerable<unknown, TimeWindow> = {
      onEventTime: (t) => fired.push(`${t.timestamp}:${t.namespace.getEnd()}`),
      onProcessingTime: () => {},
    };
    restored.getInternalTimerService('windows', log, target);
    assert.equal(restored.numEventTimeTimers(), KEYS.length);
    restored.advanceWatermark(35);
    assert.deepEqual(fired, ['9:10', '19:20', '29:30']);
  });

  it('round-trips operator list, union list and broadcast state', () => {
    const operator = {
      lists: new Map([
        ['offsets', { mode: 'split' as const, values: [1, 2n, 'three', new Point(1, 2)] }],
        ['all', { mode: 'union' as const, values: [] }],
      ]),
      broadcast: new Map([['rules', [['r1', { limit: 5 }] as const, [[1, 2], new Point(0, 1)] as const]]]),
    };
    assert.deepEqual(roundTrip(new Map([['op', { operator }]])), new Map([['op', { operator }]]));
  });

  it('round-trips empty state: no operators, no parts, no states, empty key groups', () => {
    const empty = { lists: new Map(), broadcast: new Map() };
    const states = new Map<string, OperatorSubtaskState>([
      ['none', {}],
      ['keyed', { keyed: { maxParallelism: 7, states: new Map([['s', { kind: 'value', keyGroups: [] }]]) } }],
      ['all', { keyed: backend().snapshotKeyGroups(), timers: new Map(), operator: empty }],
    ]);
    assert.deepEqual(roundTrip(new Map()), new Map());
    assert.deepEqual(roundTrip(states), states);
  });

  it('indexes key groups and decodes only the wanted ones', () => {
    const original = filledBackend().snapshotKeyGroups();
    const bytes = encodeSubtaskState(new Map([['op', { keyed: original }]]));
    const index = readSubtaskStateIndex(bytes, 'f');
    const list = index.operators[0].keyed?.states.find((s) => s.name === 'list');
    assert.deepEqual(
      list?.keyGroups.map((g) => g.keyGroup),
      original.states.get('list')?.keyGroups.map((g) => g.keyGroup),
    );
    const half = new KeyGroupRange(0, 63);
    const part = decodeSubtaskState(bytes, 'f', half).get('op')?.keyed;
    for (const [name, state] of original.states) {
      const wanted = state.keyGroups.filter((g) => half.contains(g.keyGroup));
      assert.deepEqual(part?.states.get(name)?.keyGroups, wanted);
    }
  });

  /** One value state: `small` entries of ~100 bytes, then `large` entries of ~300 KB, half of each per namespace. */
  function sized(small: number, large: number): Map<string, OperatorSubtaskState> {
    const big = 'y'.repeat(300_000);
    const entries: StateEntry[] = [];
    for (let i = 0; i < small + large; i++) {
      entries.push([i, i % 2 === 0 ? 'VOID' : 'w', i < small ? `${'v'.repeat(90)}${i}` : `${big}${i}`]);
    }
    const keyGroups = [
      { keyGroup: 3, entries },
      { keyGroup: 9, entries: [] },
    ];
    const keyed: KeyedStateSnapshot = { maxParallelism: MAX_P, states: new Map([['s', { kind: 'value', keyGroups }]]) };
    const operator = { lists: new Map(), broadcast: new Map() };
    return new Map([['op', { keyed, timers: new Map(), operator }]]);
  }

  const sizes: [string, number, number, (chunks: number) => boolean][] = [
    ['small state: one chunk', 10, 0, (n) => n === 1],
    ['estimate right: one presized buffer', 0, 40, (n) => n === 1],
    ['estimate short: continues in chunks', 12_000, 30, (n) => n > 1],
  ];
  for (const [name, small, large, chunksOk] of sizes) {
    it(`decodes the same state encoded in slices or at once (${name})`, () => {
      const states = sized(small, large);
      const encoder = new SubtaskStateEncoder(states);
      let calls = 1;
      while (!encoder.encodeSome(7)) calls++;
      assert.equal(calls, Math.max(1, Math.ceil((small + large) / 7)));
      assert.ok(chunksOk(encoder.resultChunks().length), `${encoder.resultChunks().length} chunks`);
      assert.equal(encoder.result().length, encoder.byteLength);
      // Slices may split a namespace run, so the bytes can differ; the decoded state may not.
      assert.deepEqual(decodeSubtaskState(encoder.result(), 'sliced'), states);
      assert.deepEqual(decodeSubtaskState(encodeSubtaskState(states), 'whole'), states);
    });
  }

  it('refuses result() before the end and a bad slice size', () => {
    const states = sized(1, 0);
    assert.throws(() => new SubtaskStateEncoder(states).result(), /call encodeSome\(\) until it returns true/);
    assert.throws(() => new SubtaskStateEncoder(states).encodeSome(0), /maxEntries must be a positive integer/);
    assert.throws(() => new SubtaskStateEncoder(states).encodeSome(1.5), /maxEntries must be a positive integer/);
  });

  it('names the state that cannot be encoded', () => {
    class Unregistered {
      x = 1;
    }
    const keyed: KeyedStateSnapshot = {
      maxParallelism: MAX_P,
      states: new Map([
        ['counts', { kind: 'value', keyGroups: [{ keyGroup: 4, entries: [['k', 'VOID', new Unregistered()]] }] }],
      ]),
    };
    assert.throws(
      () => encodeSubtaskState(new Map([['op9', { keyed }]])),
      /Cannot checkpoint state 'counts' of operator op9, key group 4: .*registerType\(Unregistered\)/,
    );
  });

  describe('rejects bad input with an error naming the file', () => {
    const bytes = encodeSubtaskState(new Map([['op', { keyed: filledBackend().snapshotKeyGroups() }]]));
    const mutated = (at: number, f: (b: Uint8Array) => void = (b) => void (b[at] ^= 0x5a)) => {
      const copy = Uint8Array.from(bytes);
      f(copy);
      return copy;
    };
    const index = readSubtaskStateIndex(bytes, 'f');
    const block = index.operators[0].keyed?.states[0].keyGroups[0];
    assert.ok(block);
    const cases: [string, Uint8Array, RegExp][] = [
      ['empty', new Uint8Array(0), /does not start with the Weir state file marker/],
      ['bad magic', mutated(0), /does not start with the Weir state file marker/],
      ['other version', mutated(8, (b) => void (b[8] = 9)), /format version 9, this Weir reads version 1/],
      ['truncated', bytes.subarray(0, bytes.length - 100), /no end marker: it is truncated/],
      ['header only', bytes.subarray(0, 12), /no end marker/],
      ['damaged index', mutated(bytes.length - 25), /checksum of its index does not match/],
      ['bad index offset', mutated(bytes.length - 20), /footer points to an index/],
      ['damaged block', mutated(block.offset + 1), /checksum of state '.*' of operator op, key group \d+ does not/],
    ];
    for (const [name, input, expected] of cases) {
      it(name, () => {
        assert.throws(
          () => decodeSubtaskState(input, 'chk-7/op-2.state'),
          (e: unknown) =>
            e instanceof CorruptSubtaskStateError &&
            expected.test(e.message) &&
            e.message.includes("'chk-7/op-2.state'") &&
            e.message.includes('Restore from an earlier checkpoint'),
        );
      });
    }
  });

  it('round-trips arbitrary keyed state (property)', () => {
    const kinds: StateKind[] = ['value', 'list', 'map', 'reducing', 'aggregating'];
    const primitive = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.bigInt(),
      fc.boolean(),
    );
    const value = fc.oneof(fc.jsonValue(), fc.bigInt(), fc.date({ noInvalidDate: true }), primitive);
    const entry = fc.tuple(primitive, fc.oneof(fc.constant('VOID'), primitive), value);
    const group = fc.record(
      {
        keyGroup: fc.integer({ min: 0, max: MAX_P - 1 }),
        entries: fc.array(entry, { maxLength: 8 }),
      },
      { noNullPrototype: true },
    );
    const state = fc.record(
      {
        kind: fc.constantFrom(...kinds),
        keyGroups: fc
          .uniqueArray(group, { selector: (g) => g.keyGroup, maxLength: 5 })
          .map((gs) => gs.sort((a, b) => a.keyGroup - b.keyGroup)),
      },
      { noNullPrototype: true },
    );
    const operators = fc.dictionary(
      fc.string(),
      fc.dictionary(fc.string(), state, { maxKeys: 3, noNullPrototype: true }),
      { maxKeys: 3, noNullPrototype: true },
    );
    fc.assert(
      fc.property(operators, fc.integer({ min: 1, max: 5 }), (ops, slice) => {
        const states = new Map<string, OperatorSubtaskState>();
        for (const [id, byName] of Object.entries(ops)) {
          states.set(id, { keyed: { maxParallelism: MAX_P, states: new Map(Object.entries(byName)) } });
        }
        const encoder = new SubtaskStateEncoder(states);
        while (!encoder.encodeSome(slice)) {}
        assert.deepEqual(decodeSubtaskState(encoder.result(), 'prop'), states);
      }),
      { numRuns: 200 },
    );
  });
});
