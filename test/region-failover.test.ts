import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runWeir } from './support/run-weir.js';

// Region failover (jobmanager.execution.failover-strategy 'region', Flink's default) with the real CLI: a failure
// in a forward-only job restarts only the failed subtask's pipelined region, and the exactly-once output is intact;
// a job with a keyBy is one region, so it restarts whole; 'full' restarts every task as before.

const N = 60_000;

async function finishedLines(dir: string): Promise<string[]> {
  const lines: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (!entry.name.startsWith('.')) lines.push(...(await readFile(path, 'utf8')).split('\n').filter(Boolean));
    }
  };
  await walk(dir);
  return lines.sort();
}

async function run(
  job: string,
  jobArgs: (out: string, checkpoints: string) => string[],
  extra: string[] = [],
  parallelism = '2',
) {
  const dir = await mkdtemp(join(tmpdir(), 'weir-region-'));
  const out = join(dir, 'out');
  const checkpoints = join(dir, 'checkpoints');
  const result = await runWeir(
    [
      'run',
      job,
      '-p',
      parallelism,
      '-Dexecution.checkpointing.interval=50ms',
      `-Dexecution.checkpointing.dir=${checkpoints}`,
      '-Drestart-strategy.type=fixed-delay',
      '-Drestart-strategy.fixed-delay.attempts=5',
      '-Drestart-strategy.fixed-delay.delay=10ms',
      ...extra,
      '--',
      ...jobArgs(out, checkpoints),
    ],
    { timeoutMs: 120_000, env: { WEIR_LOG_LEVEL: 'info' } },
  );
  return { result, dir, out };
}

const expected = Array.from({ length: N }, (_, i) => `seen,${i + 1}`).sort();

describe('region failover', () => {
  it('restarts only the failed region of a forward-only job; the output is exact', async () => {
    const { result, dir, out } = await run('test/jobs/region-failover.ts', (o) => [o, String(N), '3000']);
    try {
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(await finishedLines(out), expected);
      const regions = result.stderr.match(/Restarting region of \d+ tasks \(of \d+/g) ?? [];
      assert.deepEqual(regions, ['Restarting region of 3 tasks (of 6'], result.stderr);
      assert.match(result.stderr, /Restoring job \w+ from Checkpoint \d+/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("hands the failed reader's splits assigned after the checkpoint back to the enumerator", async () => {
    const { result, dir, out } = await run('test/jobs/region-failover.ts', (o) => [o, String(N), '3000', '200']);
    try {
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(await finishedLines(out), expected);
      assert.match(result.stderr, /Restarting region of 3 tasks \(of 6/);
      assert.match(result.stderr, /Handing \d+ split\(s\) of source node \d+ back to its enumerator: subtask 1 /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('deploys a restarted region into slot workers that still run another region', async () => {
    const { result, dir, out } = await run(
      'test/jobs/region-failover.ts',
      (o) => [o, String(N), '3000', 'two-pipelines'],
      [],
      '1',
    );
    try {
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(await finishedLines(join(out, 'a')), expected);
      assert.deepEqual(await finishedLines(join(out, 'b')), expected);
      const regions = result.stderr.match(/Restarting region of \d+ tasks \(of \d+/g) ?? [];
      assert.deepEqual(regions, ['Restarting region of 3 tasks (of 6'], result.stderr);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("with failover strategy 'full' the same failure restarts the whole job", async () => {
    const { result, dir, out } = await run('test/jobs/region-failover.ts', (o) => [o, String(N), '3000'], [
      '-Djobmanager.execution.failover-strategy=full',
    ]);
    try {
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(await finishedLines(out), expected);
      assert.doesNotMatch(result.stderr, /Restarting region/);
      assert.equal((result.stderr.match(/restarts after a task failed/g) ?? []).length, 1, result.stderr);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a job with a keyBy is one region: every task restarts', async () => {
    const { result, dir } = await run('test/jobs/exactly-once-file-sink.ts', (o, c) => [o, '20000', 'throw@3000', c]);
    try {
      assert.equal(result.code, 0, result.stderr);
      const match = /Restarting region of (\d+) tasks \(of (\d+) in job \w+; region 1 of 1\)/.exec(result.stderr);
      assert.ok(match !== null, result.stderr);
      assert.equal(match[1], match[2]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects an unknown failover strategy, naming the key', async () => {
    const { result, dir } = await run('test/jobs/region-failover.ts', (o) => [o, '10', '5'], [
      '-Djobmanager.execution.failover-strategy=nope',
    ]);
    try {
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /'nope' for jobmanager\.execution\.failover-strategy/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
