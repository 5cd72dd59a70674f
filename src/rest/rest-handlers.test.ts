import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RestServer, startRestServer } from './rest-server.js';
import {
  createFakeGateway,
  SAMPLE_JOB_ID,
  SAMPLE_SINK_ID,
  SAMPLE_SOURCE_ID,
  SAMPLE_TASK_MANAGER,
  sampleJob,
} from './testing/fake-gateway.js';
import { FLINK_REST_RESPONSE_SCHEMAS, FLINK_REST_SCHEMAS } from './testing/flink-rest-schemas.js';
import { checkSchema } from './testing/schema-check.js';

// The vertex, metrics, backpressure, TaskManager, configuration and cancellation endpoints over a fake gateway.

const NOW = 10_000;
const FINISHED_JOB = '0123456789abcdef0123456789abcdef';
const CANCELED_JOB = 'abcdefabcdefabcdefabcdefabcdef00';
const UNKNOWN = 'ffffffffffffffffffffffffffffffff';
const VERTEX = `/jobs/${SAMPLE_JOB_ID}/vertices/${SAMPLE_SOURCE_ID}`;

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

describe('REST vertex, TaskManager and cancellation endpoints', () => {
  let server: RestServer;
  const cancelled: string[] = [];

  before(async () => {
    const gateway = createFakeGateway({
      jobs: [
        sampleJob(),
        sampleJob({ jobId: FINISHED_JOB, state: 'FINISHED', endTime: 5000 }),
        sampleJob({ jobId: CANCELED_JOB, state: 'CANCELED', endTime: 5000 }),
      ],
      config: { 'rest.port': '0', 's3.secret-key': 'hunter2', 'parallelism.default': '2' },
      onCancel: (jobId) => cancelled.push(jobId),
      async: true,
    });
    server = await startRestServer({ port: 0, gateway, clock: () => NOW });
  });
  after(() => server.close());

  async function call(path: string, method = 'GET'): Promise<Answer> {
    const res = await fetch(server.url + path, { method, redirect: 'manual' });
    return { status: res.status, headers: res.headers, body: await res.json() };
  }

  async function checked(path: string, specPath: string): Promise<unknown> {
    const answer = await call(path);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const schema = FLINK_REST_SCHEMAS[FLINK_REST_RESPONSE_SCHEMAS[specPath]];
    assert.ok(schema !== undefined, `no schema for ${specPath}`);
    assert.deepEqual(checkSchema(answer.body, schema, FLINK_REST_SCHEMAS), [], JSON.stringify(answer.body));
    return answer.body;
  }

  describe("answers with Flink's JSON shapes (checked against rest_v1_dispatcher.yml)", () => {
    const table: [string, string][] = [
      [VERTEX, '/jobs/{jobid}/vertices/{vertexid}'],
      [`/jobs/${SAMPLE_JOB_ID}/vertices/${SAMPLE_SINK_ID}`, '/jobs/{jobid}/vertices/{vertexid}'],
      [`${VERTEX}/subtasks/metrics`, '/jobs/{jobid}/vertices/{vertexid}/subtasks/metrics'],
      [`${VERTEX}/subtasks/metrics?get=numRecordsOut`, '/jobs/{jobid}/vertices/{vertexid}/subtasks/metrics'],
      [`${VERTEX}/backpressure`, '/jobs/{jobid}/vertices/{vertexid}/backpressure'],
      [
        `/jobs/${SAMPLE_JOB_ID}/vertices/${SAMPLE_SINK_ID}/backpressure`,
        '/jobs/{jobid}/vertices/{vertexid}/backpressure',
      ],
      ['/jobmanager/config', '/jobmanager/config'],
      ['/taskmanagers', '/taskmanagers'],
      [`/taskmanagers/${SAMPLE_TASK_MANAGER.id}`, '/taskmanagers/{taskmanagerid}'],
    ];
    for (const [path, specPath] of table) {
      it(`GET ${path}`, async () => {
        await checked(path, specPath);
      });
    }
  });

  it('GET /jobs/:jobid/vertices/:vertexid lists each subtask with times, state durations and IO metrics', async () => {
    const body = (await checked(VERTEX, '/jobs/{jobid}/vertices/{vertexid}')) as {
      id: string;
      now: number;
      parallelism: number;
      maxParallelism: number;
      subtasks: Record<string, unknown>[];
    };
    assert.equal(body.id, SAMPLE_SOURCE_ID);
    assert.equal(body.now, NOW);
    assert.equal(body.parallelism, 2);
    assert.equal(body.maxParallelism, 128);
    const [running, finished] = body.subtasks;
    assert.equal(running.status, 'RUNNING');
    assert.equal(running['start-time'], 1000);
    assert.equal(running['end-time'], -1);
    assert.equal(running.duration, NOW - 1000);
    assert.equal(running['taskmanager-id'], 'tm-1');
    assert.equal(running.endpoint, 'localhost');
    assert.deepEqual(running['status-duration'], {
      CREATED: 10,
      SCHEDULED: 10,
      DEPLOYING: 100,
      INITIALIZING: -1,
      RUNNING: NOW - 1100,
    });
    assert.equal((running.metrics as Record<string, unknown>)['write-records'], 50);
    assert.equal(finished.status, 'FINISHED');
    assert.equal(finished.duration, 500);
    assert.equal((finished['status-duration'] as Record<string, number>).RUNNING, 400);
  });

  it('GET .../subtasks/metrics lists metric names, then aggregates the requested ones', async () => {
    const names = (await call(`${VERTEX}/subtasks/metrics`)).body as { id: string }[];
    assert.ok(names.some((m) => m.id === 'numRecordsOut'));
    assert.ok(names.every((m) => Object.keys(m).length === 1));
    const all = (await call(`${VERTEX}/subtasks/metrics?get=numRecordsOut,backPressuredTimeMsPerSecond,nope`)).body;
    assert.deepEqual(all, [
      { id: 'numRecordsOut', min: 50, max: 70, avg: 60, sum: 120, skew: ((70 - 60) / 60) * 100 },
      { id: 'backPressuredTimeMsPerSecond', min: 50, max: 600, avg: 325, sum: 650, skew: ((600 - 325) / 325) * 100 },
    ]);
    const some = (await call(`${VERTEX}/subtasks/metrics?get=numRecordsOut&agg=MAX,sum&subtasks=1`)).body;
    assert.deepEqual(some, [{ id: 'numRecordsOut', max: 70, sum: 70 }]);
    const watermark = (await call(`${VERTEX}/subtasks/metrics?get=currentInputWatermark`)).body;
    assert.deepEqual(watermark, [], 'non-finite values (watermarks at -infinity) are not aggregated');
  });

  it('GET .../backpressure rates each subtask and the vertex by its worst subtask', async () => {
    const body = await checked(`${VERTEX}/backpressure`, '/jobs/{jobid}/vertices/{vertexid}/backpressure');
    assert.deepEqual(body, {
      status: 'ok',
      backpressureLevel: 'high',
      'end-timestamp': NOW,
      subtasks: [
        { subtask: 0, 'attempt-number': 0, backpressureLevel: 'high', ratio: 0.6, idleRatio: 0.1, busyRatio: 0.3 },
        { subtask: 1, 'attempt-number': 0, backpressureLevel: 'ok', ratio: 0.05, idleRatio: 0.95, busyRatio: 0 },
      ],
    });
    const sink = await call(`/jobs/${SAMPLE_JOB_ID}/vertices/${SAMPLE_SINK_ID}/backpressure`);
    assert.deepEqual(sink.body, { status: 'deprecated' }, 'no metrics reported yet');
  });

  it('GET /jobmanager/config lists {key, value} sorted by key, secrets masked', async () => {
    assert.deepEqual((await call('/jobmanager/config')).body, [
      { key: 'parallelism.default', value: '2' },
      { key: 'rest.port', value: '0' },
      { key: 's3.secret-key', value: '******' },
    ]);
  });

  it('GET /taskmanagers and /taskmanagers/:id describe the registered TaskManagers', async () => {
    const list = (await call('/taskmanagers')).body as { taskmanagers: Record<string, unknown>[] };
    assert.equal(list.taskmanagers.length, 1);
    const tm = list.taskmanagers[0];
    assert.equal(tm.id, 'tm-1');
    assert.equal(tm.path, 'taskmanager-tm-1');
    assert.equal(tm.dataPort, -1);
    assert.equal(tm.slotsNumber, 4);
    assert.equal(tm.freeSlots, 2);
    assert.equal(tm.timeSinceLastHeartbeat, 9_500);
    const hardware = tm.hardware as Record<string, number>;
    assert.ok(hardware.cpuCores >= 1 && hardware.physicalMemory > 0 && hardware.managedMemory === 0);
    const details = (await call('/taskmanagers/tm-1')).body as Record<string, unknown>;
    assert.equal(details.id, 'tm-1');
    assert.ok((details.metrics as Record<string, number>).heapUsed > 0);
  });

  it('PATCH /jobs/:jobid?mode=cancel answers 202 and cancels the job', async () => {
    const answer = await call(`/jobs/${SAMPLE_JOB_ID}?mode=cancel`, 'PATCH');
    assert.equal(answer.status, 202);
    assert.deepEqual(answer.body, {});
    assert.deepEqual(cancelled, [SAMPLE_JOB_ID]);
    assert.equal((await call(`/jobs/${CANCELED_JOB}`, 'PATCH')).status, 202, 'mode is optional; CANCELED is fine');
  });

  describe('answers bad requests with Flink-style errors', () => {
    const table: [string, string, number, RegExp][] = [
      ['PATCH', `/jobs/${UNKNOWN}?mode=cancel`, 404, /^Job f{32} not found$/],
      ['PATCH', '/jobs/nope?mode=cancel', 400, /Cannot resolve path parameter \(jobid\) from value "nope"/],
      ['PATCH', `/jobs/${SAMPLE_JOB_ID}?mode=pause`, 400, /query parameter \(mode\) from value "pause"/],
      ['PATCH', `/jobs/${SAMPLE_JOB_ID}?mode=stop`, 308, /termination mode "stop" has been removed/],
      ['PATCH', `/jobs/${FINISHED_JOB}?mode=cancel`, 409, /already reached another terminal state \(FINISHED\)/],
      ['GET', `/jobs/${SAMPLE_JOB_ID}/vertices/xyz`, 400, /path parameter \(vertexid\) from value "xyz"/],
      ['GET', `/jobs/${SAMPLE_JOB_ID}/vertices/${UNKNOWN}`, 404, /^JobVertex f{32} not found in job/],
      ['GET', `/jobs/${UNKNOWN}/vertices/${SAMPLE_SOURCE_ID}/backpressure`, 404, /^Job f{32} not found$/],
      ['GET', `${VERTEX}/subtasks/metrics?get=x&agg=median`, 400, /query parameter \(agg\) from value "median"/],
      ['GET', `${VERTEX}/subtasks/metrics?subtasks=3-1`, 400, /query parameter \(subtasks\) from value "3-1"/],
      ['GET', `${VERTEX}/subtasks/metrics?subtasks=a`, 400, /query parameter \(subtasks\)/],
      ['GET', '/taskmanagers/nope', 404, /^Could not find TaskExecutor nope\./],
      ['POST', '/taskmanagers', 405, /use GET\.$/],
      ['PATCH', `${VERTEX}/backpressure`, 405, /use GET\.$/],
    ];
    for (const [method, path, status, message] of table) {
      it(`${method} ${path} → ${status}`, async () => {
        const answer = await call(path, method);
        assert.equal(answer.status, status, JSON.stringify(answer.body));
        const errors = (answer.body as { errors: string[] }).errors;
        assert.equal(errors.length, 1);
        assert.match(errors[0], message);
        if (status === 308) assert.equal(answer.headers.get('location'), 'jobs/:jobId/stop');
      });
    }
  });
});
