import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { FLINK_REST_RESPONSE_SCHEMAS, FLINK_REST_SCHEMAS } from '../src/rest/testing/flink-rest-schemas.js';
import { checkSchema, withoutNulls } from '../src/rest/testing/schema-check.js';
import { ROOT, runWeir, unprefixed } from './support/run-weir.js';

// Job control through the CLI, as a Flink user would do it: `weir run` a slow keyed count with checkpointing in one
// process; from others `weir list`, `weir savepoint` and `weir stop --drain` against its REST endpoint; then
// `weir run -s <savepoint>` resumes it. Each key's printed running counts, over both runs, must be 1..N/5 exactly
// once. The checkpoint REST endpoints are checked against Flink's schemas on the running job.

const N = 20_000;
const JOB = 'test/jobs/slow-keyed-count.ts';
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'weir-cli-savepoint-'));
});
after(() => rm(dir, { recursive: true, force: true }));

interface LiveRun {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

function startWeir(args: readonly string[]): LiveRun {
  const child = spawn(process.execPath, ['bin/weir.mjs', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, live: LiveRun): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline || live.child.exitCode !== null) {
      throw new Error(`gave up waiting for ${what}; stderr so far:\n${live.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function getChecked<T>(url: string, specPath: string): Promise<T> {
  const res = await fetch(url);
  const body = (await res.json()) as T;
  assert.equal(res.status, 200, `GET ${url}: ${JSON.stringify(body)}`);
  const schema = FLINK_REST_SCHEMAS[FLINK_REST_RESPONSE_SCHEMAS[specPath]];
  assert.deepEqual(checkSchema(withoutNulls(body), schema, FLINK_REST_SCHEMAS), [], JSON.stringify(body));
  return body;
}

/** Starts `job` with REST on a free port; resolves once it runs, with its REST address and job id. */
async function startJob(args: readonly string[]): Promise<{ live: LiveRun; address: string; jobId: string }> {
  const live = startWeir(['run', ...args.slice(0, 1), '-p', '2', '-D', 'rest.port=0', ...args.slice(1)]);
  const url = await waitFor('the REST URL', async () => /REST API at (http:\/\/\S+)/.exec(live.stderr())?.[1], live);
  const jobId = await waitFor(
    'the job to run',
    async () => {
      const { jobs } = (await (await fetch(`${url}/jobs/overview`)).json()) as {
        jobs: { jid: string; state: string }[];
      };
      return jobs[0]?.state === 'RUNNING' ? jobs[0].jid : undefined;
    },
    live,
  );
  return { live, address: url.replace('http://', ''), jobId };
}

test('savepoint, list and stop --drain from other processes; run -s resumes exactly once', async () => {
  const checkpoints = join(dir, 'checkpoints');
  const savepoints = join(dir, 'savepoints');
  const { live, address, jobId } = await startJob([
    JOB,
    '-D',
    'execution.checkpointing.interval=200ms',
    '-D',
    `execution.checkpointing.dir=${checkpoints}`,
    '--',
    String(N),
    '2',
  ]);
  try {
    const url = `http://${address}`;
    type Stats = { counts: { completed: number }; latest: { completed: { id: number } | null } };
    const stats = await waitFor(
      'a completed checkpoint',
      async () => {
        const body = await getChecked<Stats>(`${url}/jobs/${jobId}/checkpoints`, '/jobs/{jobid}/checkpoints');
        return body.counts.completed > 0 ? body : undefined;
      },
      live,
    );
    const config = await getChecked<{ interval: number; mode: string }>(
      `${url}/jobs/${jobId}/checkpoints/config`,
      '/jobs/{jobid}/checkpoints/config',
    );
    assert.deepEqual([config.interval, config.mode], [200, 'exactly_once']);
    const details = await getChecked<{ status: string }>(
      `${url}/jobs/${jobId}/checkpoints/details/${stats.latest.completed?.id}`,
      '/jobs/{jobid}/checkpoints/details/{checkpointid}',
    );
    assert.equal(details.status, 'COMPLETED');

    const list = await runWeir(['list', '-m', address]);
    assert.equal(list.code, 0, list.stderr);
    assert.match(
      list.stdout,
      new RegExp(`^\\d\\d\\.\\d\\d\\.\\d{4} [\\d:]{8} : ${jobId} : slow keyed count \\(RUNNING\\)$`, 'm'),
    );

    const savepoint = await runWeir(['savepoint', jobId, savepoints, '-m', address]);
    assert.equal(savepoint.code, 0, savepoint.stderr);
    assert.match(savepoint.stdout, /^Savepoint completed\. Path: file:\/\S+savepoint-\S+$/m);

    const unknown = await runWeir(['savepoint', 'f'.repeat(32), savepoints, '-m', address]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /Job f{32} not found/);

    const stop = await runWeir(['stop', jobId, '--drain', '--savepointPath', savepoints, '-m', address]);
    assert.equal(stop.code, 0, stop.stderr);
    const path = /^Savepoint completed\. Path: (file:\S+)$/m.exec(stop.stdout)?.[1];
    assert.ok(path !== undefined, stop.stdout);
    assert.equal(await live.exited, 0, live.stderr());

    const first = unprefixed(live.stdout());
    assert.ok(first.length > 0 && first.length < N, `the first run printed ${first.length} of ${N} counts`);
    const resumed = await runWeir(['run', JOB, '-p', '2', '-s', path, '-D', 'rest.port=0', '--', String(N), '0']);
    assert.equal(resumed.code, 0, resumed.stderr);
    assertExactlyOnce([...first, ...unprefixed(resumed.stdout)]);
  } finally {
    live.child.kill('SIGKILL');
  }
});

test('cancel from another process; errors name the problem and exit non-zero', async () => {
  const { live, address, jobId } = await startJob([JOB, '--', String(N), '1']);
  try {
    const cancel = await runWeir(['cancel', jobId, '-m', address]);
    assert.equal(cancel.code, 0, cancel.stderr);
    assert.equal(cancel.stdout, `Cancelling job ${jobId}.\nCancelled job ${jobId}.\n`);
    assert.notEqual(await live.exited, 0, 'a cancelled job is not a success');
  } finally {
    live.child.kill('SIGKILL');
  }
  // The cluster is gone with its job: nothing listens there any more.
  const refused = await runWeir(['list', '-m', address]);
  assert.equal(refused.code, 1);
  assert.match(
    refused.stderr,
    /weir list: Could not connect to the cluster at http:\/\/[\d.:]+ .*Is 'weir run' still running/,
  );
  const usage = await runWeir(['stop', 'not-a-job-id']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /'not-a-job-id' is not a job id/);
});

/** Each key's running counts must be 1..N/5, each exactly once. */
function assertExactlyOnce(lines: readonly string[]): void {
  const byKey = new Map<string, number[]>();
  for (const line of lines) {
    const m = /^count (\d) (\d+)$/.exec(line);
    assert.ok(m !== null, `unexpected output line '${line}'`);
    const counts = byKey.get(m[1]) ?? [];
    counts.push(Number(m[2]));
    byKey.set(m[1], counts);
  }
  assert.deepEqual([...byKey.keys()].sort(), ['0', '1', '2', '3', '4']);
  const expected = Array.from({ length: N / 5 }, (_, i) => i + 1);
  for (const [key, counts] of byKey)
    assert.deepEqual(
      counts.sort((a, b) => a - b),
      expected,
      `key ${key}`,
    );
}
