import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MapStateDescriptor, ValueStateDescriptor } from '../../api/state/descriptors.js';
import { StateTtlConfig } from '../../api/state/state-ttl-config.js';
import { KeyGroupRange } from '../../core/key-group.js';
import { Duration } from '../../core/time.js';
import type { KeyedStateSnapshot } from '../state/heap-keyed-state-backend.js';
import { HeapKeyedStateBackend, materializeKeyedSnapshot } from '../state/heap-keyed-state-backend.js';
import type { KeyGroupSnapshot, StateKind } from '../state/state-table.js';
import type { OperatorSubtaskState } from './subtask-state.js';
import { decodeSubtaskState } from './subtask-state-decoder.js';
import { encodeSubtaskState, SubtaskStateEncoder } from './subtask-state-encoder.js';
import { concat, filledBackend, MAX_P, sized } from './subtask-state-test-fixtures.js';

function keyedState(kind: StateKind, keyGroups: KeyGroupSnapshot[]): Map<string, OperatorSubtaskState> {
  const keyed: KeyedStateSnapshot = { maxParallelism: MAX_P, states: new Map([['counts', { kind, keyGroups }]]) };
  return new Map([['op9', { keyed }]]);
}

const sizes: [string, number, number, (chunks: number) => boolean][] = [
  ['small state: one chunk', 10, 0, (n) => n === 1],
  ['estimate right: one presized buffer', 0, 40, (n) => n === 1],
  ['estimate short: continues in chunks', 12_000, 30, (n) => n > 1],
];

describe('SubtaskStateEncoder', () => {
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

    it(`streams its output with takeChunks() (${name})`, () => {
      const states = sized(small, large);
      const whole = new SubtaskStateEncoder(states);
      while (!whole.encodeSome(7)) {}
      const streaming = new SubtaskStateEncoder(states);
      const taken: Uint8Array[] = [];
      let done = false;
      while (!done) {
        done = streaming.encodeSome(7);
        const chunks = streaming.takeChunks();
        for (const chunk of chunks) assert.ok(chunk.length > 0, 'no empty chunks');
        taken.push(...chunks);
      }
      assert.deepEqual(streaming.takeChunks(), [], 'nothing left after the end');
      if (small + large > 7) assert.ok(taken.length > 1, 'bytes arrive while encoding continues');
      // The streamed bytes are the file, unchanged by later writes into the same buffers.
      assert.deepEqual(concat(taken), Buffer.from(whole.result()));
      assert.equal(streaming.byteLength, whole.byteLength);
      assert.throws(() => streaming.result(), /streamed with takeChunks\(\)/);
      assert.throws(() => streaming.resultChunks(), /streamed with takeChunks\(\)/);
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
    const states = keyedState('value', [{ keyGroup: 4, entries: [['k', 'VOID', new Unregistered()]] }]);
    assert.throws(
      () => encodeSubtaskState(states),
      /Cannot checkpoint state 'counts' of operator op9, key group 4: .*registerType\(Unregistered\)/,
    );
  });

  it('spends no bytes on TTL for states without it', () => {
    const plain = materializeKeyedSnapshot(filledBackend().snapshotKeyGroups());
    const bytes = encodeSubtaskState(new Map([['op', { keyed: plain }]]));
    const withTtl: KeyedStateSnapshot = {
      maxParallelism: MAX_P,
      states: new Map(
        [...plain.states].map(([name, s]) => {
          const single = s.kind !== 'list' && s.kind !== 'map';
          const keyGroups = s.keyGroups.map((g) => ({
            ...g,
            ttlTimestamps: g.entries.map((e) => (single ? 7 : (e[2] as unknown[]).map(() => 7))),
          }));
          return [name, { kind: s.kind, keyGroups }];
        }),
      ),
    };
    const ttlBytes = encodeSubtaskState(new Map([['op', { keyed: withTtl }]]));
    assert.ok(ttlBytes.length > bytes.length + 8 * 14, `${ttlBytes.length} vs ${bytes.length}`);
    assert.deepEqual(decodeSubtaskState(ttlBytes, 'f').get('op')?.keyed, withTtl);
  });

  const badTtl: [string, StateKind, KeyGroupSnapshot[], RegExp][] = [
    [
      'key groups that disagree',
      'value',
      [
        { keyGroup: 1, entries: [['k', 'VOID', 1]], ttlTimestamps: [5] },
        { keyGroup: 2, entries: [['j', 'VOID', 1]] },
      ],
      /state 'counts' of operator op9: key group 2 lacks TTL timestamps while key group 1 has them/,
    ],
    [
      'a count that differs from the entries',
      'value',
      [{ keyGroup: 1, entries: [['k', 'VOID', 1]], ttlTimestamps: [5, 6] }],
      /key group 1: 2 TTL timestamps for 1 entries/,
    ],
    [
      'an array for a value state',
      'reducing',
      [{ keyGroup: 3, entries: [['k', 'VOID', 1]], ttlTimestamps: [[5]] }],
      /key group 3: the TTL timestamps of entry 0 are not a number/,
    ],
    [
      'a number for a list state',
      'list',
      [{ keyGroup: 3, entries: [['k', 'VOID', [1]]], ttlTimestamps: [5] }],
      /key group 3: the TTL timestamps of entry 0 are not an array of numbers/,
    ],
  ];
  for (const [name, kind, keyGroups, expected] of badTtl) {
    it(`refuses TTL timestamps of the wrong shape: ${name}`, () => {
      assert.throws(() => encodeSubtaskState(keyedState(kind, keyGroups)), expected);
    });
  }
});

describe('SubtaskStateEncoder increments', () => {
  it('writes the puts and tombstones of an increment, in slices, and they decode back', () => {
    const b = new HeapKeyedStateBackend({ maxParallelism: MAX_P, keyGroupRange: new KeyGroupRange(0, MAX_P - 1) });
    b.trackChanges();
    const value = b.getState(new ValueStateDescriptor<{ n: number }>('value'));
    const ttl = StateTtlConfig.newBuilder(Duration.ofMinutes(5)).build();
    const map = b.getMapState(new MapStateDescriptor<string, number>('map').enableTimeToLive(ttl));
    for (let key = 0; key < 50; key++) {
      b.setCurrentKey(key);
      value.update({ n: key });
      map.put('a', key);
    }
    b.snapshotForCheckpoint(1, undefined);
    b.confirmCheckpoint(1);
    for (let key = 0; key < 50; key += 5) {
      b.setCurrentKey(key);
      value.update({ n: -key });
      map.clear();
      b.setCurrentKey(key + 1);
      value.clear();
    }
    const increment = b.snapshotForCheckpoint(2, 1);
    const encoder = new SubtaskStateEncoder(new Map([['op', { keyed: increment }]]));
    while (!encoder.encodeSome(3)) {}
    const decoded = decodeSubtaskState(encoder.result(), 'inc').get('op')!.keyed!;
    const puts = (name: string) =>
      decoded.states.get(name)!.keyGroups.flatMap((g) => g.entries.map((e) => [e[0], e[2]]));
    const removed = (name: string) =>
      decoded.states
        .get(name)!
        .keyGroups.flatMap((g) => (g.removed ?? []).map((r) => r[0]))
        .sort((x, y) => Number(x) - Number(y));
    const every5 = Array.from({ length: 10 }, (_, i) => i * 5);
    assert.deepEqual(
      puts('value').sort((x, y) => Number(x[0]) - Number(y[0])),
      every5.map((k) => [k, { n: -k }]),
    );
    assert.deepEqual(
      removed('value'),
      every5.map((k) => k + 1),
    );
    assert.deepEqual(puts('map'), []);
    assert.deepEqual(removed('map'), every5);
    assert.ok(decoded.states.get('map')!.keyGroups.every((g) => g.ttlTimestamps !== undefined));
    // The task went on writing: the increment kept the values as of the snapshot.
    b.setCurrentKey(0);
    value.update({ n: 1000 });
    assert.deepEqual(materializeKeyedSnapshot(increment).states.get('value')!.keyGroups.length > 0, true);
  });
});
