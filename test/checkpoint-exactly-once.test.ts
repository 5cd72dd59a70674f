import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { expectedExactlyOnceLines } from './support/exactly-once-expected.js';
import { runWeir } from './support/run-weir.js';

// Exactly-once under real failures: a user function that throws and a slot worker thread that dies, at random
// points, several times in one run. The job restarts from its latest checkpoint each time; the FileSink's finished
// files must hold exactly what a failure-free run writes.

const N = 60_000;
const JOB = 'test/jobs/exactly-once-file-sink.ts';

/** Every line of the visible (finished) part files; in-progress and pending files are hidden (dot-prefixed). */
async function finishedLines(dir: string): Promise<{ lines: string[]; hidden: string[] }> {
  const lines: string[] = [];
  const hidden: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name.startsWith('.')) hidden.push(path);
      else lines.push(...(await readFile(path, 'utf8')).split('\n').filter((l) => l !== ''));
    }
  };
  await walk(dir);
  return { lines: lines.sort(), hidden };
}

async function runJob(plan: string, extra: readonly string[] = [], mode = '') {
  const dir = await mkdtemp(join(tmpdir(), 'weir-eo-'));
  const out = join(dir, 'out');
  const checkpoints = join(dir, 'checkpoints');
  const run = await runWeir(
    [
      'run',
      JOB,
      '-p',
      '2',
      '-Dexecution.checkpointing.interval=50ms',
      `-Dexecution.checkpointing.dir=${checkpoints}`,
      '-Drestart-strategy.type=fixed-delay',
      '-Drestart-strategy.fixed-delay.attempts=10',
      '-Drestart-strategy.fixed-delay.delay=10ms',
      ...extra,
      '--',
      out,
      String(N),
      plan,
      checkpoints,
      mode,
    ],
    { timeoutMs: 120_000, env: { WEIR_LOG_LEVEL: 'info' } },
  );
  return { run, dir, out };
}

/**
 * One failure per attempt, after a random number of records of a subtask (2k..8k) and a completed checkpoint (the
 * job waits for one); kinds alternate from a random start.
 */
function randomPlan(failures: number): string {
  const kinds = ['throw', 'exit'];
  const first = Math.floor(Math.random() * 2);
  return Array.from({ length: failures }, (_, i) => {
    const count = 2_000 + Math.floor(Math.random() * 6_000);
    return `${kinds[(first + i) % 2]}@${count}`;
  }).join(',');
}

describe('exactly-once checkpoints with the FileSink', () => {
  const expected = expectedExactlyOnceLines(N);

  it('a failure-free run writes every result once', async () => {
    const { run, dir, out } = await runJob('');
    try {
      assert.equal(run.code, 0, run.stderr);
      const { lines } = await finishedLines(out);
      assert.deepEqual(lines, expected);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('failures at random points (throwing functions, dying worker threads) change nothing in the output', async () => {
    const plan = randomPlan(3);
    const { run, dir, out } = await runJob(plan);
    try {
      assert.equal(run.code, 0, `plan ${plan}:\n${run.stderr}`);
      const { lines } = await finishedLines(out);
      assert.equal(lines.length, expected.length, `plan ${plan}: ${lines.length} lines, expected ${expected.length}`);
      assert.deepEqual(lines, expected, `plan ${plan}`);
      // Each planned failure waits for a checkpoint of its attempt; a late attempt may finish the input first, so
      // the first two must have happened (the second one in a restored attempt), the third may not.
      const restarts = run.stderr.match(/restarts after a task failed/g) ?? [];
      assert.ok(restarts.length >= 2, `plan ${plan}: ${restarts.length} restarts, expected at least 2\n${run.stderr}`);
      assert.match(run.stderr, /Restoring job \w+ from Checkpoint \d+/, `plan ${plan}: no restore from a checkpoint`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  // What the corrupt checkpoint's completion committed is replayed from the older one: nothing is lost, but records
  // between the two checkpoints may be written twice (exactly-once holds only from the checkpoint restored).
  it('falls back to the previous checkpoint when the latest _metadata is corrupt, naming the file', async () => {
    const { run, dir, out } = await runJob('corrupt@3000', ['-Dexecution.checkpointing.num-retained=3']);
    try {
      assert.equal(run.code, 0, run.stderr);
      assert.match(
        run.stderr,
        /Checkpoint (\d+) at '[^']+chk-\1' cannot be restored: .*Falling back to checkpoint \d+/,
      );
      const written = new Set((await finishedLines(out)).lines);
      assert.deepEqual(
        expected.filter((line) => !written.has(line)),
        [],
        'lines lost',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  // Aggregates may count a replayed record twice in AT_LEAST_ONCE mode, so the check is on the records themselves.
  it('in AT_LEAST_ONCE mode failures lose no record (duplicates are allowed)', async () => {
    const plan = randomPlan(2);
    const { run, dir, out } = await runJob(plan, ['-Dexecution.checkpointing.mode=AT_LEAST_ONCE'], 'records');
    try {
      assert.equal(run.code, 0, `plan ${plan}:\n${run.stderr}`);
      const written = new Set((await finishedLines(out)).lines);
      const missing = Array.from({ length: N }, (_, i) => `seen,${i + 1}`).filter((line) => !written.has(line));
      assert.deepEqual(missing, [], `plan ${plan}: lines lost`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('with unaligned checkpoints, failures change nothing in the output either', async () => {
    const plan = randomPlan(2);
    const { run, dir, out } = await runJob(plan, ['-Dexecution.checkpointing.unaligned.enabled=true']);
    try {
      assert.equal(run.code, 0, `plan ${plan}:\n${run.stderr}`);
      assert.deepEqual((await finishedLines(out)).lines, expected, `plan ${plan}`);
      assert.match(run.stderr, /Restoring job \w+ from Checkpoint \d+/, `plan ${plan}: no restore from a checkpoint`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  // Two TaskManagers of one slot each: every keyed exchange crosses loopback TCP between slot workers, with
  // unaligned barriers in the priority frames and a dying worker thread cutting its connections.
  it('with channels between TaskManagers (TCP) and unaligned checkpoints, failures change nothing either', async () => {
    const plan = randomPlan(2);
    const { run, dir, out } = await runJob(plan, [
      '-Dminicluster.number-of-taskmanagers=2',
      '-Dexecution.checkpointing.unaligned.enabled=true',
    ]);
    try {
      assert.equal(run.code, 0, `plan ${plan}:\n${run.stderr}`);
      assert.deepEqual((await finishedLines(out)).lines, expected, `plan ${plan}`);
      assert.match(run.stderr, /Restoring job \w+ from Checkpoint \d+/, `plan ${plan}: no restore from a checkpoint`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
