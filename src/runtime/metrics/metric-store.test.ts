import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ioMetricsFromStore } from '../jobmanager/job-details.js';
import { JobManagerMetricGroup, TaskManagerMetricGroup } from './component-metric-groups.js';
import { MetricRegistry } from './metric-registry.js';
import { metricValueToString, snapshotMetrics } from './metric-snapshot.js';
import { MetricStore } from './metric-store.js';
import { SlidingWindowHistogram } from './sliding-window-histogram.js';

const JOB = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

function worker(attemptNumber = 0) {
  const registry = new MetricRegistry({ onWarning: () => {} });
  const tm = new TaskManagerMetricGroup(registry, 'localhost', 'tm-1');
  const task = tm.addJob(JOB, 'job').addTask({
    vertexId: 'v1',
    executionAttemptId: `e${attemptNumber}`,
    taskName: 'Source: bids -> Map',
    subtaskIndex: 2,
    attemptNumber,
  });
  const source = task.getOrAddOperator('o1', 'Source: bids');
  return { registry, tm, task, source };
}

describe('snapshotMetrics + MetricStore', () => {
  it("files a worker's task and operator metrics under Flink's names", () => {
    const { tm, task, source } = worker();
    task.ioMetrics.numRecordsIn.inc(10);
    source.ioMetrics.numRecordsOut.inc(7);
    source
      .addGroup('kafka')
      .addGroup('partition', 3)
      .gauge('lag', () => 12);
    source.gauge('currentOutputWatermark', () => Number.NEGATIVE_INFINITY);
    tm.counter('tmCounter').inc(3);

    // What crosses threads must survive structured clone (postMessage).
    const snapshot = structuredClone(snapshotMetrics(tm, 1234));
    assert.equal(snapshot.timestamp, 1234);
    const store = new MetricStore();
    store.add(snapshot);

    const subtask = store.getSubtaskMetrics(JOB, 'v1', 2);
    assert.ok(subtask !== undefined);
    assert.equal(subtask.get('numRecordsIn'), 10);
    assert.equal(subtask.get('Source__bids.numRecordsOut'), 7);
    assert.equal(subtask.get('Source__bids.kafka.partition.3.lag'), 12);
    assert.equal(metricValueToString(subtask.get('Source__bids.currentOutputWatermark') ?? ''), '-9223372036854775808');
    const vertex = store.getTaskMetrics(JOB, 'v1');
    assert.equal(vertex?.get('2.numRecordsIn'), 10);
    assert.equal(vertex?.get('2.Source__bids.numRecordsOut'), 7);
    assert.equal(store.getTaskManagerMetrics('tm-1')?.get('tmCounter'), 3);
    assert.deepEqual(ioMetricsFromStore(subtask), {
      numRecordsIn: 10,
      numRecordsOut: 0,
      numBytesIn: 0,
      numBytesOut: 0,
      accumulatedBackPressuredTimeMs: 0,
      accumulatedIdleTimeMs: 0,
      accumulatedBusyTimeMs: undefined, // NaN until the task started
    });
  });

  it('keeps the newest attempt of a subtask and ignores late snapshots of older ones', () => {
    const store = new MetricStore();
    const old = worker(0);
    old.task.ioMetrics.numRecordsIn.inc(100);
    const oldSnapshot = snapshotMetrics(old.tm);
    store.add(oldSnapshot);
    const next = worker(1);
    next.task.ioMetrics.numRecordsIn.inc(5);
    store.add(snapshotMetrics(next.tm));
    assert.equal(store.getSubtaskAttempt(JOB, 'v1', 2), 1);
    assert.equal(store.getSubtaskMetrics(JOB, 'v1', 2)?.get('numRecordsIn'), 5);
    store.add(oldSnapshot);
    assert.equal(store.getSubtaskMetrics(JOB, 'v1', 2)?.get('numRecordsIn'), 5);
    assert.equal(store.getTaskMetrics(JOB, 'v1')?.get('2.numRecordsIn'), 5);
  });

  it("expands histograms like Flink's MetricStore and leaves out gauges that fail", () => {
    const registry = new MetricRegistry();
    const jm = new JobManagerMetricGroup(registry, 'localhost');
    const h = jm.addJob(JOB, 'job').histogram('checkpointDuration', new SlidingWindowHistogram(10));
    for (const v of [1, 2, 3, 4]) h.update(v);
    jm.gauge('broken', () => {
      throw new Error('boom');
    });
    jm.gauge('nothing', () => undefined);
    jm.gauge('flag', () => true);
    const store = new MetricStore();
    store.add(snapshotMetrics(jm));
    const job = store.getJobMetrics(JOB);
    assert.equal(job?.get('checkpointDuration_min'), 1);
    assert.equal(job?.get('checkpointDuration_max'), 4);
    assert.equal(job?.get('checkpointDuration_median'), 2.5);
    assert.ok(job?.has('checkpointDuration_p999'));
    const jmMetrics = store.getJobManagerMetrics();
    assert.equal(jmMetrics.has('broken'), false);
    assert.equal(jmMetrics.has('nothing'), false);
    assert.equal(jmMetrics.get('flag'), 'true');
  });

  it('forgets jobs and task managers that are gone', () => {
    const { tm } = worker();
    const store = new MetricStore();
    store.add(snapshotMetrics(tm));
    store.retainJobs([]);
    store.retainTaskManagers(['other']);
    assert.equal(store.getJobMetrics(JOB), undefined);
    assert.equal(store.getTaskManagerMetrics('tm-1'), undefined);
  });
});
