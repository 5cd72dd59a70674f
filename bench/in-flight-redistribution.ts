import { performance } from 'node:perf_hooks';
import { assignKeyToParallelOperator, assignToKeyGroup } from '../src/core/key-group.js';
import {
  type InFlightInput,
  type OldChannelState,
  redistributeInFlight,
} from '../src/runtime/taskmanager/task/in-flight-redistribution.js';

// Where to find the key group of an in-flight record when an unaligned checkpoint is rescaled: (a) what computing
// it while recording would add per recorded record on the task thread, against recording alone; (b) what finding
// it at restore costs (redistributeInFlight: key selector + key group per record, every new subtask reads all).
// Not a test: run by hand:  node --import tsx bench/in-flight-redistribution.ts [records=1000000]

const total = Number(process.argv[2] ?? 1_000_000);
const MAX_P = 128;
const OLD_P = 4;
const NEW_P = 3;
const CHANNELS = 4;
const keyOf = (r: { key: number }) => r.key;
const records = Array.from({ length: total }, (_, i) => ({ key: i % 1000, seq: i }));

function best(label: string, runs: number, run: () => unknown): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    min = Math.min(min, performance.now() - start);
  }
  console.log(`${label}: ${min.toFixed(1)} ms (${((min * 1e6) / total).toFixed(1)} ns/record)`);
  return min;
}

// (a) Recording: push value and timestamp (today) versus also computing the key group.
best('(a) record only', 5, () => {
  const out: unknown[] = [];
  for (let i = 0; i < total; i++) out.push(records[i], i);
  return out;
});
best('(a) record + key group', 5, () => {
  const out: unknown[] = [];
  for (let i = 0; i < total; i++) out.push(records[i], i, assignToKeyGroup(keyOf(records[i]), MAX_P));
  return out;
});

// (b) Restore: the old subtasks' channel state, OLD_P x CHANNELS channels, dealt to NEW_P new subtasks.
const old: OldChannelState[] = Array.from({ length: OLD_P }, (_, s) => {
  const channels = new Map<number, unknown[]>();
  for (let i = s; i < total; i += OLD_P) {
    const c = i % CHANNELS;
    let list = channels.get(c);
    if (list === undefined) channels.set(c, (list = []));
    list.push(records[i], i);
  }
  return { subtaskIndex: s, channels };
});
const input: InFlightInput = {
  edgeId: 'keyed',
  partitioner: 'hash',
  oldUpstreamParallelism: CHANNELS,
  newUpstreamParallelism: CHANNELS,
  owner: (v) => assignKeyToParallelOperator(keyOf(v as { key: number }), MAX_P, NEW_P),
};
let kept = 0;
best(`(b) restore, one new subtask of ${NEW_P} reading all ${OLD_P} old`, 5, () => {
  kept = 0;
  const share = redistributeInFlight(old, {
    inputs: [input],
    oldParallelism: OLD_P,
    newParallelism: NEW_P,
    subtaskIndex: 0,
    where: 'bench',
  });
  for (const list of share.values()) kept += list.length / 2;
});
console.log(`    kept ${kept} of ${total} records`);
