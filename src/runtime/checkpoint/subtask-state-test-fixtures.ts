// Test-only fixtures shared by the subtask state encoder, decoder and format tests: backends filled with every
// state kind, TTL backends on a manual clock, and state of chosen sizes. Not used by production code.

import {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../../api/state/descriptors.js';
import type { InternalKvState } from '../../api/state/state.js';
import { StateTtlConfig } from '../../api/state/state-ttl-config.js';
import { TimeWindow } from '../../api/windowing/windows.js';
import { KeyGroupRange } from '../../core/key-group.js';
import { registerType } from '../../core/types/generic-codec.js';
import { HeapKeyedStateBackend, type KeyedStateSnapshot } from '../state/heap-keyed-state-backend.js';
import type { StateEntry } from '../state/state-table.js';
import type { OperatorSubtaskState } from './subtask-state.js';

export const MAX_P = 128;
export const ALL = new KeyGroupRange(0, MAX_P - 1);

export class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
  norm(): number {
    return Math.hypot(this.x, this.y);
  }
}
registerType(Point, 'test.codec.Point');

export function backend(range = ALL, clock?: { now(): number }): HeapKeyedStateBackend {
  return new HeapKeyedStateBackend({ maxParallelism: MAX_P, keyGroupRange: range, clock });
}

export const KEYS: unknown[] = [
  1,
  -7,
  2.5,
  '1',
  'k',
  '\u0000marked',
  1n,
  2n ** 60n,
  true,
  [1, 'a'],
  { user: 'x', n: 2 },
];
KEYS.push(new Date(5), Uint8Array.of(0, 255, 7), [[1, null], { a: undefined }]);

type Avg = { sum: number; count: number };

/** Every state kind of one backend, with TTL when `ttl` is given. */
export function registerAll(b: HeapKeyedStateBackend, ttl?: StateTtlConfig) {
  const withTtl = <D extends { enableTimeToLive(config: StateTtlConfig): D }>(d: D): D =>
    ttl === undefined ? d : d.enableTimeToLive(ttl);
  const avg = new AggregatingStateDescriptor('avg', {
    createAccumulator: (): Avg => ({ sum: 0, count: 0 }),
    add: (v: number, acc: Avg) => ({ sum: acc.sum + v, count: acc.count + 1 }),
    getResult: (acc: Avg) => acc.sum / acc.count,
    merge: (x: Avg, y: Avg) => ({ sum: x.sum + y.sum, count: x.count + y.count }),
  });
  return {
    value: b.getState(withTtl(new ValueStateDescriptor<unknown>('value'))),
    list: b.getListState(withTtl(new ListStateDescriptor<unknown>('list'))),
    map: b.getMapState(withTtl(new MapStateDescriptor<unknown, unknown>('map'))),
    sum: b.getReducingState(withTtl(new ReducingStateDescriptor<number>('sum', (x, y) => x + y))),
    avg: b.getAggregatingState(withTtl(avg)),
  };
}

/** A backend with every state kind, composite keys, window namespaces and registered-class values. */
export function filledBackend(): HeapKeyedStateBackend {
  const b = backend();
  const { value, list, map, sum, avg } = registerAll(b);
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

/** A TTL of 100 ms without background cleanup, so only the clock decides what is expired. */
export function ttl100(): StateTtlConfig {
  return StateTtlConfig.newBuilder(100).disableCleanupInBackground().build();
}

/** One value state: `small` entries of ~100 bytes, then `large` entries of ~300 KB, half of each per namespace. */
export function sized(small: number, large: number): Map<string, OperatorSubtaskState> {
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

/** The concatenation of byte arrays. */
export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat(chunks);
}
