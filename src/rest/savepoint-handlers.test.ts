import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseCheckpointConfig } from '../runtime/checkpoint/checkpoint-config.js';
import { CheckpointStatsTracker } from '../runtime/checkpoint/checkpoint-stats-tracker.js';
import { type RestServer, startRestServer } from './rest-server.js';
import { savepointLocation } from './savepoint-handlers.js';
import { createFakeGateway, SAMPLE_JOB_ID, sampleJob } from './testing/fake-gateway.js';
import { FLINK_REST_RESPONSE_SCHEMAS, FLINK_REST_SCHEMAS } from './testing/flink-rest-schemas.js';
import { checkSchema, withoutNulls } from './testing/schema-check.js';

// Savepoint and stop-with-savepoint as Flink's asynchronous operations, over a fake gateway whose savepoints settle
// when the test says so.

const WITH_DEFAULT_DIR = '0123456789abcdef0123456789abcdef';
const FINISHED_JOB = 'abcdefabcdefabcdefabcdefabcdef00';
const UNKNOWN = 'ffffffffffffffffffffffffffffffff';

function checkpoints(config: Record<string, string>) {
  return { config: parseCheckpointConfig(config), stats: new CheckpointStatsTracker().snapshot() };
}

interface Call {
  readonly jobId: string;
  readonly dir: string | undefined;
  readonly stop: boolean;
  settle(result: string | Error): void;
}

describe('REST savepoint endpoints', () => {
  let server: RestServer;
  const calls: Call[] = [];
  const cancelled: string[] = [];

  before(async () => {
    const gateway = createFakeGateway({
      jobs: [
        sampleJob({ checkpoints: checkpoints({}) }),
        sampleJob({
          jobId: WITH_DEFAULT_DIR,
          checkpoints: checkpoints({ 'execution.checkpointing.savepoint-dir': '/tmp/sp' }),
        }),
        sampleJob({ jobId: FINISHED_JOB, state: 'FINISHED', endTime: 5000, checkpoints: checkpoints({}) }),
      ],
      onCancel: (jobId) => cancelled.push(jobId),
      onSavepoint: (jobId, dir, stop) =>
        new Promise((resolve, reject) => {
          calls.push({ jobId, dir, stop, settle: (r) => (r instanceof Error ? reject(r) : resolve(r)) });
        }),
    });
    server = await startRestServer({ port: 0, gateway, closeGraceMs: 0 });
  });
  after(() => server.close());

  async function call(path: string, method = 'GET', body?: string): Promise<{ status: number; body: unknown }> {
    const res = await fetch(server.url + path, { method, body });
    return { status: res.status, body: await res.json() };
  }

  async function checked<T>(path: string, specPath: string, method = 'GET', body?: string): Promise<T> {
    const answer = await call(path, method, body);
    assert.equal(answer.status, method === 'POST' ? 202 : 200, JSON.stringify(answer.body));
    const schema = FLINK_REST_SCHEMAS[FLINK_REST_RESPONSE_SCHEMAS[specPath]];
    const problems = checkSchema(withoutNulls(answer.body), schema, FLINK_REST_SCHEMAS);
    assert.deepEqual(problems, [], JSON.stringify(answer.body));
    return answer.body as T;
  }

  type Status = { status: { id: string }; operation: Record<string, unknown> | null };

  it('POST /savepoints answers a trigger id; its status goes from IN_PROGRESS to the location', async () => {
    const body = JSON.stringify({ 'target-directory': '/tmp/here', 'cancel-job': false });
    const { 'request-id': id } = await checked<{ 'request-id': string }>(
      `/jobs/${SAMPLE_JOB_ID}/savepoints`,
      'POST /jobs/{jobid}/savepoints',
      'POST',
      body,
    );
    const statusPath = `/jobs/${SAMPLE_JOB_ID}/savepoints/${id}`;
    const spec = '/jobs/{jobid}/savepoints/{triggerid}';
    assert.deepEqual(await checked<Status>(statusPath, spec), { status: { id: 'IN_PROGRESS' }, operation: null });
    const pending = calls.at(-1)!;
    assert.deepEqual([pending.jobId, pending.dir, pending.stop], [SAMPLE_JOB_ID, '/tmp/here', false]);
    pending.settle('/tmp/here/savepoint-abc');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(await checked<Status>(statusPath, spec), {
      status: { id: 'COMPLETED' },
      operation: { location: 'file:/tmp/here/savepoint-abc' },
    });
    assert.deepEqual(cancelled, []);
  });

  it('a failed savepoint completes with its failure-cause; cancel-job cancels after a savepoint', async () => {
    const post = (body: object) => call(`/jobs/${SAMPLE_JOB_ID}/savepoints`, 'POST', JSON.stringify(body));
    const failed = (await post({ 'target-directory': '/x' })).body as { 'request-id': string };
    calls.at(-1)!.settle(new Error('Not all required tasks are currently running'));
    await new Promise((resolve) => setImmediate(resolve));
    const status = await checked<Status>(
      `/jobs/${SAMPLE_JOB_ID}/savepoints/${failed['request-id']}`,
      '/jobs/{jobid}/savepoints/{triggerid}',
    );
    assert.equal(status.status.id, 'COMPLETED');
    const cause = status.operation?.['failure-cause'] as Record<string, string>;
    assert.match(cause['stack-trace'], /Not all required tasks are currently running/);
    await post({ 'target-directory': '/x', 'cancel-job': true });
    calls.at(-1)!.settle('/x/savepoint-1');
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(cancelled, [SAMPLE_JOB_ID]);
  });

  it('POST /stop passes targetDirectory and drain; the default directory is used when none is given', async () => {
    await checked(
      `/jobs/${SAMPLE_JOB_ID}/stop`,
      'POST /jobs/{jobid}/stop',
      'POST',
      '{"targetDirectory":"/d","drain":true}',
    );
    assert.deepEqual([calls.at(-1)!.dir, calls.at(-1)!.stop], ['/d', true]);
    await checked(`/jobs/${WITH_DEFAULT_DIR}/stop`, 'POST /jobs/{jobid}/stop', 'POST', '');
    assert.deepEqual([calls.at(-1)!.jobId, calls.at(-1)!.dir], [WITH_DEFAULT_DIR, undefined]);
    // A client-chosen trigger id is used, and refused the second time.
    const triggerId = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    const first = await call(`/jobs/${WITH_DEFAULT_DIR}/savepoints`, 'POST', JSON.stringify({ triggerId }));
    assert.deepEqual(first, { status: 202, body: { 'request-id': triggerId } });
    const again = await call(`/jobs/${WITH_DEFAULT_DIR}/savepoints`, 'POST', JSON.stringify({ triggerId }));
    assert.equal(again.status, 409);
    for (const c of calls) c.settle('/done');
  });

  it('answers bad bodies, unknown jobs and unknown trigger ids with Flink errors', async () => {
    const sp = `/jobs/${SAMPLE_JOB_ID}/savepoints`;
    const table: [string, string, string | undefined, number, string][] = [
      [
        sp,
        'POST',
        '{"target-directory": 5}',
        400,
        'Request did not match expected format SavepointTriggerRequestBody.',
      ],
      [sp, 'POST', '{"targetDirectory": "/x"}', 400, 'Unknown field "targetDirectory"'],
      [sp, 'POST', '[1]', 400, 'must be a JSON object'],
      [sp, 'POST', '{not json', 400, 'not valid JSON'],
      [
        sp,
        'POST',
        '{}',
        400,
        'Config key [execution.checkpointing.savepoint-dir] is not set. Property [target-directory]',
      ],
      [`/jobs/${SAMPLE_JOB_ID}/stop`, 'POST', '{"drain": "yes"}', 400, 'StopWithSavepointRequestBody'],
      [`/jobs/${SAMPLE_JOB_ID}/stop`, 'POST', '{}', 400, 'Property [targetDirectory] must be provided'],
      [`/jobs/${UNKNOWN}/savepoints`, 'POST', '{"target-directory":"/x"}', 404, `Job ${UNKNOWN} not found`],
      [`/jobs/${FINISHED_JOB}/stop`, 'POST', '{"targetDirectory":"/x"}', 409, 'terminal state FINISHED'],
      [`${sp}/${UNKNOWN}`, 'GET', undefined, 404, 'Operation not found under key'],
      [`${sp}/xyz`, 'GET', undefined, 400, 'Cannot resolve path parameter (triggerid)'],
      [`/jobs/${UNKNOWN}/savepoints/${UNKNOWN}`, 'GET', undefined, 404, 'not found'],
    ];
    for (const [path, method, body, status, message] of table) {
      const answer = await call(path, method, body);
      assert.equal(answer.status, status, `${method} ${path} ${body}: ${JSON.stringify(answer.body)}`);
      const errors = (answer.body as { errors: string[] }).errors;
      assert.ok(errors[0].includes(message), `${method} ${path} ${body}: ${errors[0]}`);
    }
  });

  it('close() waits for a settled result to be read, within its grace time', async () => {
    const gateway = createFakeGateway({ jobs: [sampleJob({ checkpoints: checkpoints({}) })] });
    const s = await startRestServer({ port: 0, gateway, closeGraceMs: 5000 });
    const res = await fetch(`${s.url}/jobs/${SAMPLE_JOB_ID}/stop`, {
      method: 'POST',
      body: '{"targetDirectory":"/t"}',
    });
    const { 'request-id': id } = (await res.json()) as { 'request-id': string };
    let closed = false;
    const closing = s.close().then(() => {
      closed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(closed, false, 'closed before the result was read');
    const status = await fetch(`${s.url}/jobs/${SAMPLE_JOB_ID}/savepoints/${id}`);
    assert.equal(((await status.json()) as Status).status.id, 'COMPLETED');
    await closing;
  });
});

describe('savepointLocation', () => {
  it('writes paths as Flink writes them', () => {
    assert.equal(savepointLocation('/tmp/sp/savepoint-1'), 'file:/tmp/sp/savepoint-1');
    assert.equal(savepointLocation('file:///tmp/x'), 'file:///tmp/x');
    assert.equal(savepointLocation('/tmp/50%/sp'), 'file:///tmp/50%25/sp');
  });
});
