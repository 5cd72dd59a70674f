import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jobDetails, jobDetailsInfo } from './job-details-info.js';
import { jobExceptionsInfo } from './job-exceptions-info.js';
import { SAMPLE_JOB_ID, SAMPLE_SINK_ID, sampleJob } from './testing/fake-gateway.js';

const NOW = 10_000;

describe('jobDetailsInfo', () => {
  const body = jobDetailsInfo(sampleJob(), NOW);

  it('computes durations as Flink does', () => {
    assert.equal(body['start-time'], 900);
    assert.equal(body['end-time'], -1);
    assert.equal(body.duration, NOW - 900);
    const finished = jobDetailsInfo(sampleJob({ state: 'FINISHED', endTime: 5000 }), NOW);
    assert.equal(finished.duration, 4100);
    assert.equal(body.vertices[0]['start-time'], 1000);
    assert.equal(body.vertices[0]['end-time'], -1);
    assert.equal(body.vertices[0].duration, NOW - 1000);
  });

  it('lists every JobStatus in timestamps, 0 when never reached', () => {
    assert.deepEqual(body.timestamps, {
      INITIALIZING: 900,
      CREATED: 950,
      RUNNING: 990,
      FAILING: 0,
      FAILED: 0,
      CANCELLING: 0,
      CANCELED: 0,
      FINISHED: 0,
      RESTARTING: 0,
      SUSPENDED: 0,
      RECONCILING: 0,
    });
  });

  it('counts tasks per state per vertex and vertices per state', () => {
    const source = body.vertices[0];
    assert.equal(source.status, 'RUNNING');
    assert.equal(source.tasks.RUNNING, 1);
    assert.equal(source.tasks.FINISHED, 1);
    assert.equal(body['status-counts'].RUNNING, 2);
    assert.equal(
      Object.values(body['status-counts']).reduce((a, b) => a + b, 0),
      2,
    );
  });

  it('sums IO metrics and marks sums incomplete while a subtask has not reported', () => {
    assert.deepEqual(body.vertices[0].metrics, {
      'read-bytes': 0,
      'read-bytes-complete': true,
      'write-bytes': 9600,
      'write-bytes-complete': true,
      'read-records': 0,
      'read-records-complete': true,
      'write-records': 120,
      'write-records-complete': true,
      'accumulated-backpressured-time': 0,
      'accumulated-idle-time': 0,
      'accumulated-busy-time': 0,
    });
    const sink = body.vertices.find((v) => v.id === SAMPLE_SINK_ID);
    assert.equal(sink?.metrics['read-records'], 120);
    assert.equal(sink?.metrics['read-records-complete'], false);
    assert.equal(sink?.metrics['accumulated-busy-time'], 12.5);
    assert.equal(sink?.metrics['accumulated-idle-time'], 300);
  });
});

describe('jobDetails (overview entry)', () => {
  it('counts all tasks with lower-case state names and a total', () => {
    const entry = jobDetails(sampleJob(), NOW);
    assert.equal(entry.jid, SAMPLE_JOB_ID);
    assert.deepEqual(entry.tasks, {
      total: 4,
      created: 0,
      scheduled: 0,
      deploying: 1,
      running: 2,
      finished: 1,
      canceling: 0,
      canceled: 0,
      failed: 0,
      reconciling: 0,
      initializing: 0,
    });
    assert.equal(entry['last-modification'], 1510);
  });
});

describe('jobExceptionsInfo', () => {
  const failure = {
    name: 'TypeError',
    message: 'x is not a function',
    stack: 'TypeError: x is not a function\n    at map (job.ts:3:9)',
    taskName: 'Map (1/2)#0',
    timestamp: 5000,
    labels: { type: 'user' },
  };

  it('shows the failure history, newest first, limited by maxExceptions', () => {
    const job = sampleJob({ exceptionHistory: [failure, { ...failure, timestamp: 4000, labels: { type: 'system' } }] });
    const all = jobExceptionsInfo(job, { maxExceptions: 20, labelFilter: {} });
    assert.equal(all.exceptionHistory.entries.length, 2);
    assert.equal(all.exceptionHistory.truncated, false);
    assert.deepEqual(all.exceptionHistory.entries[0], {
      exceptionName: 'TypeError',
      stacktrace: failure.stack,
      timestamp: 5000,
      failureLabels: { type: 'user' },
      concurrentExceptions: [],
      taskName: 'Map (1/2)#0',
    });
    const one = jobExceptionsInfo(job, { maxExceptions: 1, labelFilter: {} });
    assert.deepEqual([one.exceptionHistory.entries.length, one.exceptionHistory.truncated], [1, true]);
    const system = jobExceptionsInfo(job, { maxExceptions: 20, labelFilter: { type: 'system' } });
    assert.deepEqual(
      system.exceptionHistory.entries.map((e) => e.timestamp),
      [4000],
    );
  });

  it('uses the single failure when there is no history, and nothing when there is no failure', () => {
    const single = jobExceptionsInfo(sampleJob({ failure: { ...failure, stack: '' } }), {
      maxExceptions: 20,
      labelFilter: {},
    });
    assert.equal(single.exceptionHistory.entries[0].stacktrace, 'TypeError: x is not a function');
    const none = jobExceptionsInfo(sampleJob(), { maxExceptions: 20, labelFilter: {} });
    assert.deepEqual(none, { exceptionHistory: { entries: [], truncated: false } });
  });
});
