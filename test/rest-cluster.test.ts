import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { test } from 'node:test';
import { FLINK_REST_RESPONSE_SCHEMAS, FLINK_REST_SCHEMAS } from '../src/rest/testing/flink-rest-schemas.js';
import { checkSchema } from '../src/rest/testing/schema-check.js';
import { ROOT } from './support/run-weir.js';

// A real job run through the `weir` CLI with its REST endpoint on a free port: the vertex, metrics, backpressure,
// TaskManager and configuration endpoints answer in Flink's shapes while it runs, and PATCH cancels it.

interface LiveRun {
  readonly child: ChildProcess;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

function startWeir(args: readonly string[]): LiveRun {
  const child = spawn(process.execPath, ['bin/weir.mjs', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stderr: () => stderr, exited };
}

/** Polls `probe` (which may be async) until it gives a value; fails with the child's stderr on timeout or exit. */
async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  live: LiveRun,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline || live.child.exitCode !== null) {
      throw new Error(`gave up waiting for ${what}; stderr so far:\n${live.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function getChecked<T>(url: string, specPath: string): Promise<T> {
  const res = await fetch(url);
  const body = (await res.json()) as T;
  assert.equal(res.status, 200, `GET ${url}: ${JSON.stringify(body)}`);
  const schema = FLINK_REST_SCHEMAS[FLINK_REST_RESPONSE_SCHEMAS[specPath]];
  assert.deepEqual(checkSchema(body, schema, FLINK_REST_SCHEMAS), [], `GET ${url}: ${JSON.stringify(body)}`);
  return body;
}

interface Vertex {
  id: string;
  name: string;
}

test('a running job answers the vertex, metrics, backpressure and TaskManager endpoints; PATCH cancels it', async () => {
  const live = startWeir(['run', 'test/jobs/endless.ts', '-p', '2', '-D', 'rest.port=0']);
  try {
    const url = await waitFor('the REST URL', () => /REST API at (http:\/\/\S+)/.exec(live.stderr())?.[1], live);
    const jobId = await waitFor(
      'the job to run',
      async () => {
        const { jobs } = await getChecked<{ jobs: { jid: string; state: string }[] }>(
          `${url}/jobs/overview`,
          '/jobs/overview',
        );
        return jobs[0]?.state === 'RUNNING' ? jobs[0].jid : undefined;
      },
      live,
    );
    const { vertices } = await getChecked<{ vertices: Vertex[] }>(`${url}/jobs/${jobId}`, '/jobs/{jobid}');
    const vertexUrl = `${url}/jobs/${jobId}/vertices/${vertices[0].id}`;

    const details = await getChecked<{ parallelism: number; subtasks: { status: string; 'taskmanager-id': string }[] }>(
      vertexUrl,
      '/jobs/{jobid}/vertices/{vertexid}',
    );
    assert.equal(details.parallelism, 2);
    assert.equal(details.subtasks.length, 2);

    // Subtasks report metrics once a second, each on its own: wait until both have reported.
    const pressurePath = '/jobs/{jobid}/vertices/{vertexid}/backpressure';
    const pressure = await waitFor(
      'both subtasks to report metrics',
      async () => {
        const body = await getChecked<{ status: string; backpressureLevel: string; subtasks: unknown[] }>(
          `${vertexUrl}/backpressure`,
          pressurePath,
        );
        return body.status === 'ok' && body.subtasks.length === 2 ? body : undefined;
      },
      live,
    );
    assert.match(pressure.backpressureLevel, /^(ok|low|high)$/);
    const metricsPath = '/jobs/{jobid}/vertices/{vertexid}/subtasks/metrics';
    const names = await getChecked<{ id: string }[]>(`${vertexUrl}/subtasks/metrics`, metricsPath);
    assert.ok(
      names.some((m) => m.id === 'numRecordsOut'),
      JSON.stringify(names),
    );
    const values = await getChecked<{ id: string; sum: number; min: number }[]>(
      `${vertexUrl}/subtasks/metrics?get=numRecordsIn,numRecordsOut`,
      metricsPath,
    );
    const out = values.find((m) => m.id === 'numRecordsOut');
    assert.ok(out !== undefined && out.sum > 0 && out.min >= 0, JSON.stringify(values));

    const { taskmanagers } = await getChecked<{ taskmanagers: { id: string; slotsNumber: number }[] }>(
      `${url}/taskmanagers`,
      '/taskmanagers',
    );
    assert.ok(taskmanagers.length >= 1);
    // Now that the subtasks report, they are deployed: each names a TaskManager that /taskmanagers lists.
    const deployed = await getChecked<typeof details>(vertexUrl, '/jobs/{jobid}/vertices/{vertexid}');
    for (const subtask of deployed.subtasks) {
      assert.equal(subtask.status, 'RUNNING');
      assert.ok(
        taskmanagers.some((tm) => subtask['taskmanager-id'] === tm.id),
        `${subtask['taskmanager-id']} not in ${JSON.stringify(taskmanagers.map((tm) => tm.id))}`,
      );
    }
    const tm = await getChecked<{ id: string }>(
      `${url}/taskmanagers/${encodeURIComponent(taskmanagers[0].id)}`,
      '/taskmanagers/{taskmanagerid}',
    );
    assert.equal(tm.id, taskmanagers[0].id);
    const config = await getChecked<{ key: string; value: string }[]>(`${url}/jobmanager/config`, '/jobmanager/config');
    assert.ok(Array.isArray(config));

    const cancel = await fetch(`${url}/jobs/${jobId}?mode=cancel`, { method: 'PATCH' });
    assert.equal(cancel.status, 202, await cancel.text());
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(resolve, 30_000, 'timeout');
    });
    const code = await Promise.race([live.exited, timeout]);
    clearTimeout(timer);
    assert.notEqual(code, 'timeout', `the process did not exit after the cancel; stderr:\n${live.stderr()}`);
    assert.notEqual(code, 0, 'a cancelled job is not a success');
  } finally {
    live.child.kill('SIGKILL');
  }
});
