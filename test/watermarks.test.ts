import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { test } from 'node:test';
import { FLINK_REST_RESPONSE_SCHEMAS, FLINK_REST_SCHEMAS } from '../src/rest/testing/flink-rest-schemas.js';
import { checkSchema } from '../src/rest/testing/schema-check.js';
import { ROOT, runWeir, unprefixed } from './support/run-weir.js';

// "Why is my window not firing", end to end: a job with a fast and a slow source (test/jobs/watermarks-two-sources.ts)
// runs under `weir run`; while it runs, REST shows the keyed operator's input watermark held at the slow source's
// 2999 and names 'slow' as what holds it back, and so does `weir watermarks -m host:port`.

interface Vertex {
  readonly id: string;
  readonly name: string;
  readonly 'input-watermark': string;
  readonly 'output-watermark': string;
  readonly explanation?: string;
  readonly subtasks: readonly { readonly 'held-back-by': readonly { 'vertex-name': string; watermark: string }[] }[];
}

function start(args: readonly string[]): { child: ChildProcess; stderr: () => string; stdout: () => string } {
  const child = spawn(process.execPath, ['bin/weir.mjs', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  return { child, stderr: () => stderr, stdout: () => stdout };
}

async function poll<T>(what: string, probe: () => Promise<T | undefined>, why: () => string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}\n${why()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('REST names the lagging source as what holds the keyed operator watermark back', async () => {
  const live = start(['run', 'test/jobs/watermarks-two-sources.ts', '-p', '1', '-D', 'rest.port=0', '--', '8000']);
  const exited = new Promise<number | null>((resolve) => live.child.on('exit', (code) => resolve(code)));
  try {
    const url = await poll(
      'the REST URL',
      async () => /REST API at (http:\/\/\S+)/.exec(live.stderr())?.[1],
      live.stderr,
    );
    const jobId = await poll(
      'the job',
      async () => ((await (await fetch(`${url}/jobs`)).json()) as { jobs: { id: string }[] }).jobs[0]?.id,
      live.stderr,
    );
    const keyed = await poll(
      'the keyed operator at watermark 2999',
      async () => {
        const body = (await (await fetch(`${url}/jobs/${jobId}/watermarks`)).json()) as { vertices: Vertex[] };
        const v = body.vertices.find((x) => x.name.includes('fire timers'));
        return v?.['input-watermark'] === '2999' ? v : undefined;
      },
      live.stderr,
    );
    assert.equal(keyed.explanation, "'Source: slow' subtask 0 at 2999");
    assert.deepEqual(
      keyed.subtasks[0]['held-back-by'].map((c) => [c['vertex-name'], c.watermark]),
      [['Source: slow', '2999']],
    );
    const res = await fetch(`${url}/jobs/${jobId}/vertices/${keyed.id}/watermarks`);
    assert.equal(res.status, 200);
    const flink = await res.json();
    const schema = FLINK_REST_SCHEMAS[FLINK_REST_RESPONSE_SCHEMAS['/jobs/{jobid}/vertices/{vertexid}/watermarks']];
    assert.deepEqual(checkSchema(flink, schema, FLINK_REST_SCHEMAS), []);
    assert.deepEqual(flink, [{ id: '0.currentInputWatermark', value: '2999' }]);
    const cli = await runWeir(['watermarks', '-m', url.replace('http://', '')]);
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout, /fire timers.*in 2999 .*held back by 'Source: slow' subtask 0 at 2999/);
    assert.match(cli.stdout, /Source: slow\s+in none\s+out 2999/);
    assert.equal(await exited, 0, live.stderr());
    // Timers 1000 and 2000 of both keys fired while running, the rest at the end: the job itself is unaffected.
    assert.equal(unprefixed(live.stdout()).filter((l) => /^[ab] /.test(l)).length, 13);
  } finally {
    live.child.kill();
  }
});

test('REST names the lagging split of a source that reads two splits', async () => {
  const args = [
    'run',
    'test/jobs/watermarks-two-sources.ts',
    '-p',
    '1',
    '-D',
    'rest.port=0',
    '--',
    '5000',
    'one-source',
  ];
  const live = start(args);
  const exited = new Promise<number | null>((resolve) => live.child.on('exit', (code) => resolve(code)));
  try {
    const url = await poll(
      'the REST URL',
      async () => /REST API at (http:\/\/\S+)/.exec(live.stderr())?.[1],
      live.stderr,
    );
    const jobId = await poll(
      'the job',
      async () => ((await (await fetch(`${url}/jobs`)).json()) as { jobs: { id: string }[] }).jobs[0]?.id,
      live.stderr,
    );
    const source = await poll(
      'the source at watermark 2999',
      async () => {
        const body = (await (await fetch(`${url}/jobs/${jobId}/watermarks`)).json()) as { vertices: Vertex[] };
        const v = body.vertices.find((x) => x.name.startsWith('Source: both'));
        return v?.['output-watermark'] === '2999' ? v : undefined;
      },
      live.stderr,
    );
    assert.equal(source.explanation, "split 'slow-0' at 2999");
    assert.equal(await exited, 0, live.stderr());
  } finally {
    live.child.kill();
  }
});
