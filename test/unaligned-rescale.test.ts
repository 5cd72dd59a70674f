import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeSubtaskState } from '../src/runtime/checkpoint/subtask-state-codec.js';
import { IN_FLIGHT_STATE_ID } from '../src/runtime/taskmanager/task/subtask-checkpointer.js';
import { runCountingJob } from './support/counting-job.js';

// Rescaling unaligned savepoints that hold in-flight records (FLIP-76): a slow keyed operator keeps the rebalance
// and keyBy exchanges in front of it full, each stop-with-savepoint records those records as channel state, and
// the next run at another parallelism replays every one of them exactly once on the subtask that must process it.

const JOB = 'test/jobs/unaligned-rescale-counts.ts';
const N = 60_000;
const EXPECTED = Array.from({ length: 10 }, (_, k) => `key ${k} count ${N / 10}`).sort();

let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'weir-unaligned-rescale-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function runCounts(parallelism: number, stopAfterMs: number | 'end', extra: readonly string[] = []) {
  const unaligned = ['-Dexecution.checkpointing.unaligned.enabled=true', ...extra];
  const result = await runCountingJob(JOB, dir, N, parallelism, stopAfterMs, unaligned);
  assert.equal(result.run.code, 0, result.run.stderr);
  return result;
}

/** In-flight records per operator (the head of the subtask's chain) in a savepoint's state files. */
async function inFlightRecords(savepoint: string): Promise<Map<string, number>> {
  const perOperator = new Map<string, number>();
  for (const file of await readdir(savepoint)) {
    if (!file.startsWith('op-') || file.startsWith('op-coordinator-')) continue;
    const state = decodeSubtaskState(new Uint8Array(await readFile(join(savepoint, file))), file);
    const lists = state.get(IN_FLIGHT_STATE_ID)?.operator?.lists;
    let records = 0;
    for (const list of lists?.values() ?? []) records += list.values.length / 2;
    const operator = file.split('-')[1];
    perOperator.set(operator, (perOperator.get(operator) ?? 0) + records);
  }
  return perOperator;
}

describe('rescaling unaligned checkpoints with in-flight records', () => {
  it('stop-with-savepoint under backpressure, then resume at parallelism 2 → 3 → 1 keeps every count exact', async () => {
    const first = await runCounts(2, 400);
    assert.ok(first.savepoint, `no savepoint path in:\n${first.run.stdout}`);
    assert.deepEqual(first.counts, [], 'a job stopped without --drain fires no end-of-input timers');
    const firstInFlight = await inFlightRecords(first.savepoint);
    // Both exchanges (rebalance into the map, keyBy into the slow counter) held records when the barrier passed.
    assert.deepEqual(
      [...firstInFlight.values()].filter((n) => n > 0).length,
      2,
      `in-flight records per operator: ${JSON.stringify([...firstInFlight])}`,
    );

    const second = await runCounts(3, 400, [`-Dexecution.savepoint.path=${first.savepoint}`]);
    assert.ok(second.savepoint, `no savepoint path in:\n${second.run.stdout}`);
    const secondInFlight = await inFlightRecords(second.savepoint);
    assert.ok(
      [...secondInFlight.values()].some((n) => n > 0),
      `no in-flight records: ${JSON.stringify([...secondInFlight])}`,
    );

    const last = await runCounts(1, 'end', [`-Dexecution.savepoint.path=${second.savepoint}`]);
    assert.deepEqual(last.counts, EXPECTED);
  });
});
