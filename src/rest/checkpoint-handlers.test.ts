import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseCheckpointConfig } from '../runtime/checkpoint/checkpoint-config.js';
import { CheckpointStatsTracker } from '../runtime/checkpoint/checkpoint-stats-tracker.js';
import type { ArchivedCheckpointing } from '../runtime/jobmanager/job-details.js';
import { type RestServer, startRestServer } from './rest-server.js';
import {
  createFakeGateway,
  SAMPLE_JOB_ID,
  SAMPLE_SINK_ID,
  SAMPLE_SOURCE_ID,
  sampleJob,
} from './testing/fake-gateway.js';
import { FLINK_REST_RESPONSE_SCHEMAS, FLINK_REST_SCHEMAS } from './testing/flink-rest-schemas.js';
import { checkSchema, withoutNulls } from './testing/schema-check.js';

// The checkpoint statistics, configuration and details endpoints over archived jobs: a running one, a finished one
// (the archive keeps its statistics) and one without periodic checkpoints.

const FINISHED_JOB = '0123456789abcdef0123456789abcdef';
const NO_CHECKPOINTS_JOB = 'abcdefabcdefabcdefabcdefabcdef00';
const NOT_SET_UP_JOB = 'abcdefabcdefabcdefabcdefabcdef11';
const METRICS = {
  syncDurationMs: 1,
  asyncDurationMs: 2,
  alignmentDurationMs: 0,
  stateSizeBytes: 100,
  checkpointedSizeBytes: 100,
  operatorIds: [],
};

/** Checkpoint 1 completed, 2 failed, savepoint 3 (stop-with-savepoint) completed, 4 in flight; restored from 7. */
function checkpointing(interval: string | undefined): ArchivedCheckpointing {
  const tracker = new CheckpointStatsTracker();
  const subtasks = [
    { executionId: 'a0', vertexId: SAMPLE_SOURCE_ID },
    { executionId: 'a1', vertexId: SAMPLE_SOURCE_ID },
    { executionId: 'b0', vertexId: SAMPLE_SINK_ID },
  ];
  tracker.restored(7, '/tmp/savepoints/savepoint-abc', true);
  tracker.triggered(1, 'checkpoint', 1000, 3, subtasks);
  for (const t of subtasks) tracker.acknowledged(1, METRICS, t.executionId);
  tracker.completed(1, '/tmp/chk/job/chk-1');
  tracker.triggered(2, 'checkpoint', 2000, 3, subtasks);
  tracker.acknowledged(2, METRICS, 'a0');
  tracker.failed(2, 'CHECKPOINT_EXPIRED: expired after 10 ms');
  tracker.triggered(3, 'savepoint', 3000, 3, subtasks, true);
  for (const t of subtasks) tracker.acknowledged(3, METRICS, t.executionId);
  tracker.completed(3, '/tmp/savepoints/savepoint-def');
  tracker.triggered(4, 'checkpoint', 4000, 3, subtasks);
  const config = parseCheckpointConfig(interval === undefined ? {} : { 'execution.checkpointing.interval': interval });
  return { config, stats: tracker.snapshot() };
}

describe('REST checkpoint endpoints', () => {
  let server: RestServer;

  before(async () => {
    const gateway = createFakeGateway({
      jobs: [
        sampleJob({ checkpoints: checkpointing('5 s') }),
        sampleJob({ jobId: FINISHED_JOB, state: 'FINISHED', endTime: 5000, checkpoints: checkpointing('1 s') }),
        sampleJob({ jobId: NO_CHECKPOINTS_JOB, checkpoints: checkpointing(undefined) }),
        sampleJob({ jobId: NOT_SET_UP_JOB }),
      ],
      async: true,
    });
    server = await startRestServer({ port: 0, gateway });
  });
  after(() => server.close());

  async function call(path: string): Promise<{ status: number; body: unknown }> {
    const res = await fetch(server.url + path);
    return { status: res.status, body: await res.json() };
  }

  async function checked<T>(path: string, specPath: string): Promise<T> {
    const { status, body } = await call(path);
    assert.equal(status, 200, JSON.stringify(body));
    const schema = FLINK_REST_SCHEMAS[FLINK_REST_RESPONSE_SCHEMAS[specPath]];
    assert.deepEqual(checkSchema(withoutNulls(body), schema, FLINK_REST_SCHEMAS), [], JSON.stringify(body));
    return body as T;
  }

  interface Stats {
    counts: Record<string, number>;
    latest: Record<string, { id: number; checkpoint_type?: string; className?: string } | null>;
    history: { id: number; className: string; status: string; tasks: object }[];
    summary: { end_to_end_duration: { min: number }; state_size: { max: number } };
  }

  for (const jobId of [SAMPLE_JOB_ID, FINISHED_JOB]) {
    it(`GET /jobs/:jobid/checkpoints gives counts, summary, latest and history (${jobId.slice(0, 4)})`, async () => {
      const body = await checked<Stats>(`/jobs/${jobId}/checkpoints`, '/jobs/{jobid}/checkpoints');
      assert.deepEqual(body.counts, { restored: 1, total: 4, in_progress: 1, completed: 2, failed: 1 });
      assert.equal(body.latest.completed?.id, 1);
      assert.equal(body.latest.savepoint?.id, 3);
      assert.equal(body.latest.savepoint?.checkpoint_type, 'SYNC_SAVEPOINT');
      assert.equal(body.latest.failed?.id, 2);
      assert.deepEqual(body.latest.restored && { ...body.latest.restored, restore_timestamp: 0 }, {
        id: 7,
        restore_timestamp: 0,
        is_savepoint: true,
        external_path: '/tmp/savepoints/savepoint-abc',
      });
      assert.deepEqual(
        body.history.map((h) => [h.id, h.className, h.status]),
        [
          [4, 'in_progress', 'IN_PROGRESS'],
          [3, 'completed', 'COMPLETED'],
          [2, 'failed', 'FAILED'],
          [1, 'completed', 'COMPLETED'],
        ],
      );
      // The overview's entries carry no per-task statistics (as Flink's).
      assert.deepEqual(body.history[0].tasks, {});
      assert.equal(body.summary.state_size.max, 300);
    });
  }

  it('GET /jobs/:jobid/checkpoints/config gives the configuration; 404 without periodic checkpoints', async () => {
    const body = await checked<Record<string, unknown>>(
      `/jobs/${SAMPLE_JOB_ID}/checkpoints/config`,
      '/jobs/{jobid}/checkpoints/config',
    );
    assert.equal(body.mode, 'exactly_once');
    assert.equal(body.interval, 5000);
    assert.equal(body.timeout, 600_000);
    assert.equal(body.max_concurrent, 1);
    assert.equal(body.state_backend, 'HashMapStateBackend');
    assert.equal(body.checkpoint_storage, 'FileSystemCheckpointStorage');
    assert.deepEqual(await call(`/jobs/${NO_CHECKPOINTS_JOB}/checkpoints/config`), {
      status: 404,
      body: { errors: [`Checkpointing is not enabled for this job (${NO_CHECKPOINTS_JOB}).`] },
    });
  });

  it('GET /jobs/:jobid/checkpoints/details/:id gives one checkpoint with its per-vertex statistics', async () => {
    const path = '/jobs/{jobid}/checkpoints/details/{checkpointid}';
    type Details = { className: string; tasks: Record<string, Record<string, number>>; failure_message?: string };
    const done = await checked<Details>(`/jobs/${SAMPLE_JOB_ID}/checkpoints/details/1`, path);
    assert.equal(done.className, 'completed');
    assert.equal(done.tasks[SAMPLE_SOURCE_ID].num_subtasks, 2);
    assert.equal(done.tasks[SAMPLE_SOURCE_ID].num_acknowledged_subtasks, 2);
    assert.equal(done.tasks[SAMPLE_SINK_ID].state_size, 100);
    const failed = await checked<Details>(`/jobs/${SAMPLE_JOB_ID}/checkpoints/details/2`, path);
    assert.equal(failed.failure_message, 'CHECKPOINT_EXPIRED: expired after 10 ms');
    assert.equal(failed.tasks[SAMPLE_SOURCE_ID].num_acknowledged_subtasks, 1);
    assert.equal(failed.tasks[SAMPLE_SINK_ID].num_acknowledged_subtasks, 0);
  });

  it('answers unknown checkpoints, bad ids and jobs without checkpointing as Flink does', async () => {
    const table: [string, number, string][] = [
      [
        `/jobs/${SAMPLE_JOB_ID}/checkpoints/details/99`,
        404,
        'Could not find checkpointing statistics for checkpoint 99.',
      ],
      [`/jobs/${SAMPLE_JOB_ID}/checkpoints/details/abc`, 400, 'Cannot resolve path parameter (checkpointid)'],
      [`/jobs/${NOT_SET_UP_JOB}/checkpoints`, 404, 'Checkpointing has not been enabled.'],
      ['/jobs/ffffffffffffffffffffffffffffffff/checkpoints', 404, 'Job ffffffffffffffffffffffffffffffff not found'],
    ];
    for (const [path, status, message] of table) {
      const answer = await call(path);
      assert.equal(answer.status, status, path);
      const errors = (answer.body as { errors: string[] }).errors;
      assert.ok(errors[0].includes(message), `${path}: ${errors[0]}`);
    }
  });
});
