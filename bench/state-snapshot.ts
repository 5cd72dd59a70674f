import { type PerformanceEntry, PerformanceObserver, performance } from 'node:perf_hooks';
import { ValueStateDescriptor } from '../src/api/state/descriptors.js';
import { KeyGroupRange } from '../src/core/key-group.js';
import type { OperatorSubtaskState } from '../src/runtime/checkpoint/subtask-state.js';
import {
  decodeSubtaskState,
  readSubtaskStateIndex,
  SubtaskStateEncoder,
} from '../src/runtime/checkpoint/subtask-state-codec.js';
import { HeapKeyedStateBackend } from '../src/runtime/state/heap-keyed-state-backend.js';

// Full snapshot of large heap keyed state: snapshotKeyGroups (sync copy), sliced encode, decode, restore; with the
// longest GC pause per phase. Not a test: run by hand, with room for ~1 GiB of state twice over:
//   node --max-old-space-size=16384 --import tsx bench/state-snapshot.ts [keys=10000000] [valueBytes=100] [slice=10000]

const keys = Number(process.argv[2] ?? 10_000_000);
const valueBytes = Number(process.argv[3] ?? 100);
const slice = Number(process.argv[4] ?? 10_000);
const MAX_P = 128;

const gcPauses: PerformanceEntry[] = [];
const observer = new PerformanceObserver((list) => gcPauses.push(...list.getEntries()));
observer.observe({ entryTypes: ['gc'] });

interface Phase {
  name: string;
  start: number;
  end: number;
  note: string;
}
const phases: Phase[] = [];

async function phase<T>(name: string, run: () => T, note: (result: T, ms: number) => string = () => ''): Promise<T> {
  await new Promise((resolve) => setImmediate(resolve));
  const start = performance.now();
  const result = run();
  const end = performance.now();
  phases.push({ name, start, end, note: note(result, end - start) });
  console.log(`${name}: ${(end - start).toFixed(0)} ms ${phases[phases.length - 1].note}`);
  return result;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** A value of about `valueBytes` bytes encoded: two numbers, a short name and a payload string. */
function makeValue(i: number, pad: string): { id: number; name: string; score: number; payload: string } {
  return { id: i, name: `user-${i}`, score: i * 0.5, payload: `${pad}${i}` };
}

async function main(): Promise<void> {
  const range = new KeyGroupRange(0, MAX_P - 1);
  const descriptor = new ValueStateDescriptor<unknown>('value');
  const pad = 'x'.repeat(Math.max(0, valueBytes - 45));
  const backend = await phase(
    'fill',
    () => {
      const b = new HeapKeyedStateBackend({ maxParallelism: MAX_P, keyGroupRange: range });
      const state = b.getState(descriptor);
      for (let i = 0; i < keys; i++) {
        b.setCurrentKey(i);
        state.update(makeValue(i, pad));
      }
      return b;
    },
    () => `(${keys} keys)`,
  );
  const snapshot = await phase('snapshotKeyGroups', () => backend.snapshotKeyGroups());
  const states = new Map<string, OperatorSubtaskState>([['op', { keyed: snapshot }]]);
  const slices: number[] = [];
  const encoder = await phase(
    `encode (slices of ${slice})`,
    () => {
      const e = new SubtaskStateEncoder(states);
      for (;;) {
        const t = performance.now();
        const done = e.encodeSome(slice);
        slices.push(performance.now() - t);
        if (done) return e;
      }
    },
    (e, ms) => `${mb(e.byteLength)}, ${(e.byteLength / 2 ** 20 / (ms / 1000)).toFixed(0)} MiB/s`,
  );
  const bytes = await phase('result() join', () => encoder.result());
  const sorted = slices.slice().sort((a, b) => a - b);
  console.log(
    `slices: ${slices.length}, max ${sorted[sorted.length - 1].toFixed(2)} ms, p99 ` +
      `${sorted[Math.floor(sorted.length * 0.99)].toFixed(2)} ms, median ${sorted[sorted.length >> 1].toFixed(2)} ms`,
  );
  await phase('readSubtaskStateIndex', () => readSubtaskStateIndex(bytes, 'bench'));
  const decoded = await phase(
    'decode',
    () => decodeSubtaskState(bytes, 'bench'),
    (_, ms) => `${(bytes.length / 2 ** 20 / (ms / 1000)).toFixed(0)} MiB/s`,
  );
  const half = new KeyGroupRange(0, MAX_P / 2 - 1);
  await phase('decode half the key groups', () => decodeSubtaskState(bytes, 'bench', half));
  await phase(
    'restoreKeyGroups',
    () => {
      const b = new HeapKeyedStateBackend({ maxParallelism: MAX_P, keyGroupRange: range });
      const keyed = decoded.get('op')?.keyed;
      if (keyed === undefined) throw new Error('bench: decoded state lost its keyed part');
      b.restoreKeyGroups(keyed);
      return b;
    },
    (b) => `(${b.numEntries()} entries)`,
  );
  await new Promise((resolve) => setTimeout(resolve, 100));
  observer.disconnect();
  for (const p of phases) {
    const inside = gcPauses.filter((g) => g.startTime >= p.start && g.startTime < p.end);
    const longest = inside.reduce((m, g) => Math.max(m, g.duration), 0);
    const total = inside.reduce((s, g) => s + g.duration, 0);
    console.log(
      `${p.name.padEnd(28)} ${(p.end - p.start).toFixed(0).padStart(7)} ms  GC: ${inside.length} pauses, ` +
        `longest ${longest.toFixed(1)} ms, total ${total.toFixed(0)} ms ${p.note}`,
    );
  }
  const memory = process.memoryUsage();
  console.log(`bytes ${bytes.length} (${mb(bytes.length)}); heapUsed ${mb(memory.heapUsed)}, rss ${mb(memory.rss)}`);
}

await main();
