import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Triggerable } from '../../api/operators/timers.js';
import { ValueStateDescriptor } from '../../api/state/descriptors.js';
import { TimeWindow } from '../../api/windowing/windows.js';
import { KeyGroupRange } from '../../core/key-group.js';
import type { HeapKeyedStateBackend } from '../state/heap-keyed-state-backend.js';
import { materializeKeyedSnapshot } from '../state/heap-keyed-state-backend.js';
import type { NormalizedKey, NormalizedNamespace } from '../state/key-normalizer.js';
import { ManualProcessingTimeService } from '../state/processing-time-service.js';
import type { StateEntry, StateKind, StateSnapshot } from '../state/state-table.js';
import { TimerServiceManager } from '../state/timer-service-manager.js';
import type { OperatorSubtaskState } from './subtask-state.js';
import { decodeSubtaskState, readSubtaskStateIndex } from './subtask-state-decoder.js';
import { encodeSubtaskState, SubtaskStateEncoder } from './subtask-state-encoder.js';
import { CorruptSubtaskStateError } from './subtask-state-format.js';
import { ALL, backend, filledBackend, KEYS, MAX_P, Point, registerAll, ttl100 } from './subtask-state-test-fixtures.js';

function roundTrip(states: ReadonlyMap<string, OperatorSubtaskState>): Map<string, OperatorSubtaskState> {
  return decodeSubtaskState(encodeSubtaskState(states), 'chk-1/op.state');
}

describe('subtask state decoder: round trips', () => {
  it('round-trips every keyed state kind, composite keys, namespaces and registered classes', () => {
    const original = materializeKeyedSnapshot(filledBackend().snapshotKeyGroups());
    const decoded = roundTrip(new Map([['op1', { keyed: original }]]));
    assert.deepEqual(decoded, new Map([['op1', { keyed: original }]]));
    const restored = backend();
    const keyed = decoded.get('op1')?.keyed;
    assert.ok(keyed);
    restored.restoreKeyGroups(keyed);
    assert.deepEqual(materializeKeyedSnapshot(restored.snapshotKeyGroups()), original);
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
    restored.getInternalTimerService('windows', log, backend());
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
      ['all', { keyed: materializeKeyedSnapshot(backend().snapshotKeyGroups()), timers: new Map(), operator: empty }],
    ]);
    assert.deepEqual(roundTrip(new Map()), new Map());
    assert.deepEqual(roundTrip(states), states);
  });

  it('indexes key groups and decodes only the wanted ones', () => {
    const original = materializeKeyedSnapshot(filledBackend().snapshotKeyGroups());
    const bytes = encodeSubtaskState(new Map([['op', { keyed: original }]]));
    const index = readSubtaskStateIndex(bytes, 'f');
    const list = index.operators[0].keyed?.states.find((s) => s.name === 'list');
    assert.deepEqual(
      list?.keyGroups.map((g) => g.keyGroup),
      original.states.get('list')?.keyGroups.map((g) => g.keyGroup),
    );
    assert.equal(list?.ttl, false);
    const half = new KeyGroupRange(0, 63);
    const part = decodeSubtaskState(bytes, 'f', half).get('op')?.keyed;
    for (const [name, state] of original.states) {
      const wanted = state.keyGroups.filter((g) => half.contains(g.keyGroup));
      assert.deepEqual(part?.states.get(name)?.keyGroups, wanted);
    }
  });
});

describe('subtask state decoder: TTL timestamps', () => {
  /** Key 'a' written at t=0 (list and map get a second element at t=50), key 'b' at t=50; TTL 100 ms. */
  function ttlSnapshot(clock: { time: number }, b: HeapKeyedStateBackend) {
    const s = registerAll(b, ttl100());
    clock.time = 0;
    b.setCurrentKey('a');
    s.value.update('a0');
    s.list.add('a0');
    s.map.put('x', 'a0');
    s.sum.add(1);
    s.avg.add(1);
    clock.time = 50;
    s.list.add('a50');
    s.map.put('y', 'a50');
    b.setCurrentKey('b');
    s.value.update('b50');
    s.list.add('b50');
    s.map.put('x', 'b50');
    s.sum.add(5);
    s.avg.add(5);
    return materializeKeyedSnapshot(b.snapshotKeyGroups());
  }

  type Read = (s: ReturnType<typeof registerAll>) => unknown;
  // What each state shows for key 'a' at t=90 (all alive), t=100 (the t=0 parts expired) and t=150 (all expired).
  const kinds: [StateKind, Read, unknown, unknown][] = [
    ['value', (s) => s.value.value(), 'a0', undefined],
    ['list', (s) => [...s.list.get()], ['a0', 'a50'], ['a50']],
    [
      'map',
      (s) => [...s.map.entries()],
      [
        ['x', 'a0'],
        ['y', 'a50'],
      ],
      [['y', 'a50']],
    ],
    ['reducing', (s) => s.sum.get(), 1, undefined],
    ['aggregating', (s) => s.avg.get(), 1, undefined],
  ];
  const emptyAfter: Record<StateKind, unknown> = {
    value: undefined,
    list: [],
    map: [],
    reducing: undefined,
    aggregating: undefined,
  };

  for (const [kind, read, at90, at100] of kinds) {
    it(`${kind} state: restored values expire at their original times`, () => {
      const clock = { time: 0, now: () => clock.time };
      const snapshot = ttlSnapshot(clock, backend(ALL, clock));
      const name = [...snapshot.states.keys()].find((n) => snapshot.states.get(n)?.kind === kind);
      assert.ok(name);
      assert.ok(snapshot.states.get(name)?.keyGroups.every((g) => g.ttlTimestamps !== undefined));
      const encoder = new SubtaskStateEncoder(new Map([['op', { keyed: snapshot }]]));
      while (!encoder.encodeSome(1)) {}
      const bytes = encoder.result();
      assert.equal(
        readSubtaskStateIndex(bytes, 'f').operators[0].keyed?.states.find((s) => s.name === name)?.ttl,
        true,
      );
      const keyed = decodeSubtaskState(bytes, 'f').get('op')?.keyed;
      assert.deepEqual(keyed, snapshot, 'timestamps survive the file');
      assert.ok(keyed);

      clock.time = 90;
      const target = backend(ALL, clock);
      target.restoreKeyGroups(keyed);
      const states = registerAll(target, ttl100());
      target.setCurrentKey('a');
      assert.deepEqual(read(states), at90);
      clock.time = 100;
      assert.deepEqual(read(states), at100, 'parts written at t=0 expire at t=100, not 100 ms after the restore');
      target.setCurrentKey('b');
      assert.notDeepEqual(read(states), emptyAfter[kind], "key 'b' (t=50) is still alive");
      clock.time = 150;
      assert.deepEqual(read(states), emptyAfter[kind]);
    });
  }

  it('decodes TTL state of only the wanted key groups', () => {
    const clock = { time: 0, now: () => clock.time };
    const snapshot = ttlSnapshot(clock, backend(ALL, clock));
    const bytes = encodeSubtaskState(new Map([['op', { keyed: snapshot }]]));
    const half = new KeyGroupRange(64, 127);
    const part = decodeSubtaskState(bytes, 'f', half).get('op')?.keyed;
    for (const [name, state] of snapshot.states) {
      assert.deepEqual(
        part?.states.get(name)?.keyGroups,
        state.keyGroups.filter((g) => half.contains(g.keyGroup)),
      );
    }
  });
});

describe('subtask state decoder: rejects bad input with an error naming the file', () => {
  const bytes = encodeSubtaskState(
    new Map([['op', { keyed: materializeKeyedSnapshot(filledBackend().snapshotKeyGroups()) }]]),
  );
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
    [
      'newer version',
      mutated(8, (b) => void (b[8] = 9)),
      /format version 9 \(written by a newer Weir\), this Weir reads versions 4 to 5/,
    ],
    [
      'older version',
      mutated(8, (b) => void (b[8] = 1)),
      /format version 1 \(written by an older Weir\), this Weir reads versions 4 to 5/,
    ],
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

describe('subtask state decoder: property', () => {
  it('round-trips arbitrary keyed state, with and without TTL timestamps', () => {
    const kinds: StateKind[] = ['value', 'list', 'map', 'reducing', 'aggregating'];
    const primitive = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.bigInt(),
      fc.boolean(),
    );
    const value = fc.oneof(fc.jsonValue(), fc.bigInt(), fc.date({ noInvalidDate: true }), primitive);
    const time = fc.double({ noNaN: true });
    const entry = fc.tuple(
      primitive,
      fc.oneof(fc.constant('VOID'), primitive),
      value,
      fc.array(time, { maxLength: 4 }),
    );
    const group = fc.record({
      keyGroup: fc.integer({ min: 0, max: MAX_P - 1 }),
      entries: fc.array(entry, { maxLength: 8 }),
    });
    const state = fc.record({
      kind: fc.constantFrom(...kinds),
      ttl: fc.boolean(),
      keyGroups: fc
        .uniqueArray(group, { selector: (g) => g.keyGroup, maxLength: 5 })
        .map((gs) => gs.sort((a, b) => a.keyGroup - b.keyGroup)),
    });
    const operators = fc.dictionary(fc.string(), fc.dictionary(fc.string(), state, { maxKeys: 3 }), { maxKeys: 3 });
    fc.assert(
      fc.property(operators, fc.integer({ min: 1, max: 5 }), (ops, slice) => {
        const states = new Map<string, OperatorSubtaskState>();
        for (const [id, byName] of Object.entries(ops)) {
          const snapshots = new Map(Object.entries(byName).map(([name, s]) => [name, toSnapshot(s)] as const));
          states.set(id, { keyed: { maxParallelism: MAX_P, states: snapshots } });
        }
        const encoder = new SubtaskStateEncoder(states);
        while (!encoder.encodeSome(slice)) {}
        assert.deepEqual(decodeSubtaskState(encoder.result(), 'prop'), states);
      }),
      { numRuns: 200 },
    );
  });
});

type Generated = {
  kind: StateKind;
  ttl: boolean;
  keyGroups: { keyGroup: number; entries: [NormalizedKey, NormalizedNamespace, unknown, number[]][] }[];
};

/** A generated state as a snapshot: TTL timestamps fitting the kind (one, or one per element) when `ttl`. */
function toSnapshot({ kind, ttl, keyGroups }: Generated): StateSnapshot {
  const single = kind !== 'list' && kind !== 'map';
  return {
    kind,
    keyGroups: keyGroups.map(({ keyGroup, entries }) => {
      // List and map values are arrays, with one timestamp per element; other kinds keep the generated value.
      const plain = entries.map(([k, ns, v, times]): StateEntry => {
        if (single) return [k, ns, v];
        return [k, ns, kind === 'map' ? times.map((t, i) => [i, t]) : times];
      });
      if (!ttl) return { keyGroup, entries: plain };
      const ttlTimestamps = entries.map(([, , , times]) => (single ? (times[0] ?? 0) : times));
      return { keyGroup, entries: plain, ttlTimestamps };
    }),
  };
}
