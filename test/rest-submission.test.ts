// Job submission over REST with real processes: a JobManager and a TaskManager started through the CLI, a job
// bundled with `weir bundle`, uploaded to POST /jars/upload and run with POST /jars/:jarid/run; `weir run -m` through
// POST /jobs; and bad requests that get 4xx while the cluster keeps answering. Every test ends its processes.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FLINK_REST_RESPONSE_SCHEMAS, FLINK_REST_SCHEMAS } from '../src/rest/testing/flink-rest-schemas.js';
import { checkSchema } from '../src/rest/testing/schema-check.js';
import { exited, LoggedProcesses } from './support/logged-processes.js';

const dir = mkdtempSync(join(tmpdir(), 'weir-submission-test-'));
const uploadDir = join(dir, 'upload');
const MAX_CONTENT = 1024 * 1024;
const LOOPBACK = ['-Djobmanager.rpc.address=127.0.0.1', '-Dtaskmanager.host=127.0.0.1'];
const processes = new LoggedProcesses(dir);
const weir = (args: readonly string[], name: string) => processes.start(args, name);
const read = (name: string) => processes.read(name);

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${read('jm.log').slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Answer {
  readonly status: number;
  readonly body: { errors?: string[]; [key: string]: unknown };
}

async function call(url: string, method = 'GET', body?: FormData | string): Promise<Answer> {
  const res = await fetch(url, { method, body });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

function checked(answer: Answer, specPath: string): Answer {
  assert.ok(answer.status >= 200 && answer.status < 300, JSON.stringify(answer.body));
  const schema = FLINK_REST_SCHEMAS[FLINK_REST_RESPONSE_SCHEMAS[specPath] as string];
  assert.deepEqual(checkSchema(answer.body, schema as object, FLINK_REST_SCHEMAS), [], specPath);
  return answer;
}

function failed(answer: Answer, status: number, pattern: RegExp): void {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  assert.match((answer.body.errors ?? []).join('\n'), pattern);
}

function jarForm(name: string, content: string | Uint8Array): FormData {
  const form = new FormData();
  form.append('jarfile', new Blob([content]), name);
  return form;
}

/** Waits until /jobs/overview shows the job ended; returns its final state. */
async function finalState(restUrl: string, jobId: string): Promise<string> {
  return until(`job ${jobId} to end`, async () => {
    const { jobs } = (await call(`${restUrl}/jobs/overview`)).body as { jobs: { jid: string; state: string }[] };
    const state = jobs.find((j) => j.jid === jobId)?.state;
    return state === 'FINISHED' || state === 'FAILED' || state === 'CANCELED' ? state : undefined;
  });
}

/** Print-sink lines of the TaskManager, without the "N> " prefix, that carry `tag`. */
function printed(tag: string): string[] {
  return read('tm.out')
    .split('\n')
    .map((line) => line.replace(/^\d+> /, ''))
    .filter((line) => line.startsWith(tag))
    .sort();
}

const JOB = `import { StreamExecutionEnvironment } from 'weir';
const [tag, n] = process.argv.slice(2);
const env = StreamExecutionEnvironment.getExecutionEnvironment();
const values = Array.from({ length: Number(n) }, (_, i) => i + 1);
env.fromData(...values).map((x) => tag + '-' + x * 10).print();
await env.execute('submitted ' + tag);
`;

describe('job submission over REST to a cluster of processes', () => {
  let restUrl: string;

  before(async () => {
    writeFileSync(join(dir, 'job.ts'), JOB);
    writeFileSync(join(dir, 'throws.ts'), "throw new Error('the input is missing');\n");
    const config = [
      '-Drest.port=0',
      '-Djobmanager.rpc.port=0',
      `-Dweb.upload.dir=${uploadDir}`,
      `-Drest.server.max-content-length=${MAX_CONTENT}`,
      ...LOOPBACK,
    ];
    weir(['jobmanager', ...config], 'jm');
    const line = await until(
      'the JobManager',
      () => /REST API at (\S+), RPC at \S+:(\d+)\//.exec(read('jm.log')) ?? undefined,
    );
    restUrl = line[1] as string;
    const tmArgs = [`-Djobmanager.rpc.port=${line[2]}`, '-Dtaskmanager.numberOfTaskSlots=2', ...LOOPBACK];
    weir(['taskmanager', ...tmArgs], 'tm');
    await until('the TaskManager', async () =>
      ((await call(`${restUrl}/overview`)).body.taskmanagers as number) === 1 ? true : undefined,
    );
    for (const name of ['job', 'throws']) {
      const bundle = weir(['bundle', join(dir, `${name}.ts`), '-o', join(dir, `${name}.mjs`)], `bundle-${name}`);
      assert.equal(await exited(bundle), 0, read(`bundle-${name}.log`));
    }
  });

  after(async () => {
    await processes.endAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads a bundle, runs it with arguments and parallelism, and the job finishes with the right output', async () => {
    const upload = checked(
      await call(`${restUrl}/jars/upload`, 'POST', jarForm('job.mjs', readFileSync(join(dir, 'job.mjs')))),
      'POST /jars/upload',
    );
    const jarId = (upload.body.filename as string).split('/').pop() as string;
    assert.ok(existsSync(join(uploadDir, 'jars', jarId)), 'stored in web.upload.dir under its generated id');
    const list = checked(await call(`${restUrl}/jars`), '/jars');
    assert.deepEqual(
      (list.body.files as { id: string; name: string }[]).map((f) => [f.id, f.name]),
      [[jarId, 'job.mjs']],
    );
    const plan = checked(await call(`${restUrl}/jars/${jarId}/plan?programArg=plan,2`), '/jars/{jarid}/plan');
    assert.ok((plan.body.plan as { nodes: unknown[] }).nodes.length > 0);

    const run = checked(
      await call(
        `${restUrl}/jars/${jarId}/run`,
        'POST',
        JSON.stringify({ programArgsList: ['jar', '4'], parallelism: 2 }),
      ),
      'POST /jars/{jarid}/run',
    );
    const jobId = run.body.jobid as string;
    assert.equal(await finalState(restUrl, jobId), 'FINISHED', read('jm.log').slice(-3000));
    const details = (await call(`${restUrl}/jobs/${jobId}`)).body as {
      name: string;
      vertices: { parallelism: number }[];
    };
    assert.equal(details.name, 'submitted jar');
    assert.ok(details.vertices.some((v) => v.parallelism === 2));
    assert.deepEqual(printed('jar-'), ['jar-10', 'jar-20', 'jar-30', 'jar-40']);

    // Deleting the jar leaves it out of the list; running it again is refused.
    assert.equal((await call(`${restUrl}/jars/${jarId}`, 'DELETE')).status, 200);
    assert.deepEqual((await call(`${restUrl}/jars`)).body.files, []);
    failed(await call(`${restUrl}/jars/${jarId}/run`, 'POST'), 400, /does not exist/);
  });

  it('weir run -m submits through POST /jobs and waits for the result', async () => {
    const address = restUrl.replace('http://', '');
    const run = weir(['run', '-m', address, join(dir, 'job.ts'), '--', 'cli', '3'], 'run-cli');
    assert.equal(await exited(run), 0, read('run-cli.log'));
    assert.match(
      read('run-cli.out'),
      /Job has been submitted with JobID [0-9a-f]{32}\n[\s\S]*Job with JobID [0-9a-f]{32} has finished\.\nJob Runtime: \d+ ms/,
    );
    assert.deepEqual(printed('cli-'), ['cli-10', 'cli-20', 'cli-30']);
    // Detached: prints the id and returns; the job still runs to its end.
    const detached = weir(['run', '-m', address, '-d', join(dir, 'job.ts'), '--', 'detached', '2'], 'run-detached');
    assert.equal(await exited(detached), 0, read('run-detached.log'));
    const jobId = (/JobID ([0-9a-f]{32})/.exec(read('run-detached.out')) as RegExpExecArray)[1] as string;
    assert.doesNotMatch(read('run-detached.out'), /has finished/);
    assert.equal(await finalState(restUrl, jobId), 'FINISHED');
  });

  it('answers bad requests with 4xx and keeps serving', async () => {
    failed(await call(`${restUrl}/jars/00000000-0000-0000-0000-000000000000.mjs/run`, 'POST'), 400, /does not exist/);
    failed(await call(`${restUrl}/jars/not-a-jar-id/run`, 'POST'), 400, /Cannot resolve path parameter \(jarid\)/);
    failed(
      await call(`${restUrl}/jars/upload`, 'POST', jarForm('../../etc/passwd', 'x')),
      400,
      /not a plain file name/,
    );
    failed(await call(`${restUrl}/jars/upload`, 'POST', jarForm('..\\x.mjs', 'x')), 400, /not a plain file name/);
    failed(
      await call(`${restUrl}/jars/upload`, 'POST', jarForm('big.mjs', 'x'.repeat(MAX_CONTENT + 10))),
      413,
      /rest\.server\.max-content-length/,
    );
    const upload = await call(
      `${restUrl}/jars/upload`,
      'POST',
      jarForm('throws.mjs', readFileSync(join(dir, 'throws.mjs'))),
    );
    const jarId = (upload.body.filename as string).split('/').pop() as string;
    failed(await call(`${restUrl}/jars/${jarId}/run`, 'POST', '{"programArgsList": ['), 400, /not valid JSON/);
    failed(
      await call(`${restUrl}/jars/${jarId}/run`, 'POST'),
      400,
      /Could not execute application\. throws\.mjs failed while building its job:\nError: the input is missing/,
    );
    // The stack names the user's file where it is, though the bundle was moved into the cluster's upload dir.
    failed(
      await call(`${restUrl}/jars/${jarId}/run`, 'POST'),
      400,
      new RegExp(`at .*${join(dir, 'throws.ts').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:7`),
    );
    const form = new FormData();
    form.append('request', '{"jobGraphFileName": "g", "jobJarFileNames": ["m.mjs"]}');
    form.append('file_0', new Blob(['not a graph']), 'g');
    form.append('file_1', new Blob(['export {};']), 'm.mjs');
    failed(await call(`${restUrl}/jobs`, 'POST', form), 400, /Failed to deserialize JobGraph g/);
    // Nothing of the refused requests stays on disk; the cluster still answers.
    assert.deepEqual(readdirSync(join(uploadDir, 'incoming')), []);
    assert.equal((await call(`${restUrl}/overview`)).status, 200);
    assert.equal((await call(`${restUrl}/overview`)).body.taskmanagers as number, 1);
  });
});
