// `weir run-application`: the command is the JobManager of a cluster for one job, with its own TaskManager
// processes; it exits 0 when the job finished, non-zero with the job's exception when it failed or was cancelled,
// and serves REST while the job runs. Every test ends the processes it started.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { runWeir } from './support/run-weir.js';
import { startWeir, until, type WeirProcess } from './support/weir-process.js';

const dir = mkdtempSync(join(tmpdir(), 'weir-application-'));
const started: WeirProcess[] = [];
const LOOPBACK = ['-Djobmanager.rpc.address=127.0.0.1', '-Dtaskmanager.host=127.0.0.1', '-Drest.port=0'];

afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.end()));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function jobsOverview(url: string): Promise<Array<{ jid: string; state: string }>> {
  return ((await (await fetch(`${url}/jobs/overview`)).json()) as { jobs: Array<{ jid: string; state: string }> }).jobs;
}

describe('weir run-application', () => {
  it('runs the job on its own cluster and exits 0 with the job output', async () => {
    const job = join(dir, 'values.ts');
    writeFileSync(
      job,
      "import { StreamExecutionEnvironment } from 'weir';\n" +
        'const env = StreamExecutionEnvironment.getExecutionEnvironment();\n' +
        "env.fromData(1, 2, 3, 4, 5, 6).map((x: number) => 'value-' + x * 10).print();\n" +
        "await env.execute('values');\n",
    );
    // -p 3 and no taskmanager.numberOfTaskSlots: one TaskManager with the 3 slots the job needs.
    const run = await runWeir(['run-application', '-p', '3', ...LOOPBACK, job], { timeoutMs: 90_000 });
    assert.equal(run.code, 0, run.stderr);
    const printed = run.stdout.trim().split('\n');
    assert.ok(
      printed.every((line) => /^[123]> value-\d+$/.test(line)),
      run.stdout,
    );
    const values = printed.map((line) => line.slice(3)).sort();
    assert.deepEqual(values, ['value-10', 'value-20', 'value-30', 'value-40', 'value-50', 'value-60']);
    assert.match(run.stderr, /Job with JobID [0-9a-f]{32} has finished/);
  });

  it('exits non-zero with the exception of a failed job', async () => {
    const run = await runWeir(['run-application', ...LOOPBACK, 'test/jobs/failing-map.ts'], { timeoutMs: 90_000 });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /Job 'failing job' \([0-9a-f]{32}\) failed in operator 'cursed-map'/);
    assert.match(run.stderr, /RangeError: record 777 is cursed/);
  });

  it('serves REST while the job runs; a cancelled job ends the application with a non-zero exit', async () => {
    const app = startWeir(['run-application', ...LOOPBACK, 'test/jobs/endless.ts']);
    started.push(app);
    const url = await until('the REST address', () => /REST API at (\S+),/.exec(app.stderr())?.[1]);
    const job = await until('the job to run', async () => {
      const jobs = await jobsOverview(url);
      return jobs.length === 1 && jobs[0]?.state === 'RUNNING' ? jobs[0] : undefined;
    });
    const cancel = await runWeir(['cancel', job.jid, '-m', url]);
    assert.equal(cancel.code, 0, cancel.stderr);
    assert.equal(await app.exited, 1);
    assert.match(app.stderr(), /was cancelled/);
  });

  it('SIGTERM cancels the running job and ends the application', async () => {
    const app = startWeir(['run-application', ...LOOPBACK, 'test/jobs/endless.ts']);
    started.push(app);
    const url = await until('the REST address', () => /REST API at (\S+),/.exec(app.stderr())?.[1]);
    await until('the job to run', async () => ((await jobsOverview(url))[0]?.state === 'RUNNING' ? true : undefined));
    app.child.kill('SIGTERM');
    assert.equal(await app.exited, 1);
    assert.match(app.stderr(), /was cancelled/);
  });

  it('with -d, returns once the application runs in the background', async () => {
    const logDir = join(dir, 'log');
    const run = await runWeir(['run-application', '-d', `-Dlog.dir=${logDir}`, ...LOOPBACK, 'test/jobs/endless.ts'], {
      timeoutMs: 90_000,
    });
    assert.equal(run.code, 0, run.stderr);
    const [, pid, url] = /\(pid (\d+)\): REST API at (\S+)/.exec(run.stdout) ?? [];
    assert.ok(pid !== undefined && url !== undefined, run.stdout);
    try {
      const job = await until('the job to run', async () => {
        const jobs = await jobsOverview(url);
        return jobs[0]?.state === 'RUNNING' ? jobs[0] : undefined;
      });
      await fetch(`${url}/jobs/${job.jid}?mode=cancel`, { method: 'PATCH' });
      await until('the background application to end', () => (alive(Number(pid)) ? undefined : true));
      const log = readFileSync(/Logs: (\S+),/.exec(run.stdout)?.[1] ?? '', 'utf8');
      assert.match(log, /was cancelled/);
    } finally {
      if (alive(Number(pid))) process.kill(Number(pid), 'SIGKILL');
    }
  });
});

/** Alive and not a zombie. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = `/proc/${pid}/stat`;
  return !existsSync(stat) || !/^\d+ \(.*\) Z/.test(readFileSync(stat, 'utf8'));
}
