import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCountingJob } from './support/counting-job.js';
import { runWeir } from './support/run-weir.js';

// Savepoints end to end through the real CLI: stop-with-savepoint, resume at another parallelism (key groups,
// timers and the source's split list state redistributed), incompatible restores refused clearly.

const JOB = 'test/jobs/savepoint-counts.ts';
const N = 200_000;
const EXPECTED = Array.from({ length: 10 }, (_, k) => `key ${k} count ${N / 10}`).sort();

let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'weir-savepoints-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the counting job; with `stopAfterMs` it is stopped with a savepoint, whose path is returned. */
function runCounts(parallelism: number, stopAfterMs: number | 'end', extra: readonly string[] = []) {
  return runCountingJob(JOB, dir, N, parallelism, stopAfterMs, extra);
}

describe('savepoints', () => {
  it('stop-with-savepoint, then resume at parallelism 2 → 3 → 1 keeps every count exact', async () => {
    const first = await runCounts(2, 300);
    assert.equal(first.run.code, 0, first.run.stderr);
    assert.ok(first.savepoint, `no savepoint path in:\n${first.run.stdout}`);
    assert.deepEqual(first.counts, [], 'a job stopped without --drain fires no end-of-input timers');

    const second = await runCounts(3, 300, [`-Dexecution.savepoint.path=${first.savepoint}`]);
    assert.equal(second.run.code, 0, second.run.stderr);
    assert.ok(second.savepoint, `no savepoint path in:\n${second.run.stdout}`);

    const last = await runCounts(1, 'end', [`-Dexecution.savepoint.path=${second.savepoint}`]);
    assert.equal(last.run.code, 0, last.run.stderr);
    assert.deepEqual(last.counts, EXPECTED);
  });

  it('refuses a savepoint whose operators the new job lacks, unless unclaimed state may be ignored', async () => {
    const { savepoint, run } = await runCounts(2, 200);
    assert.ok(savepoint, `no savepoint path:\n${run.stdout}\n${run.stderr}`);
    const other = 'examples/wordcount.ts';
    const refused = await runWeir(['run', other, `-Dexecution.savepoint.path=${savepoint}`], { timeoutMs: 60_000 });
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /Cannot map savepoint \d+ state for operator \w+ to the new job/);
    assert.match(refused.stderr, /allowNonRestoredState/);
    const allowed = await runWeir(
      ['run', other, `-Dexecution.savepoint.path=${savepoint}`, '-Dexecution.savepoint.ignore-unclaimed-state=true'],
      { timeoutMs: 60_000 },
    );
    assert.equal(allowed.code, 0, allowed.stderr);
  });

  it('a missing savepoint path is a clear error', async () => {
    const run = await runWeir(['run', 'examples/wordcount.ts', `-Dexecution.savepoint.path=${join(dir, 'nope')}`], {
      timeoutMs: 60_000,
    });
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /nope/);
  });
});
