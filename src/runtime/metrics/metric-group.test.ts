import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MetricGroupView } from '../../api/functions/runtime-context.js';
import { TaskManagerMetricGroup } from './component-metric-groups.js';
import type { Metric } from './metric.js';
import type { MetricGroup } from './metric-group.js';
import { MetricRegistry } from './metric-registry.js';
import type { MetricReporter } from './metric-reporter.js';
import { ScopeFormats } from './scope-format.js';

function recordingReporter() {
  const events: string[] = [];
  const reporter: MetricReporter = {
    notifyOfAddedMetric: (_m: Metric, name: string, group: MetricGroup) =>
      events.push(`+${group.getMetricIdentifier(name)}`),
    notifyOfRemovedMetric: (_m: Metric, name: string, group: MetricGroup) =>
      events.push(`-${group.getMetricIdentifier(name)}`),
  };
  return { events, reporter };
}

function taskGroup(registry = new MetricRegistry({ onWarning: () => {} })) {
  const tm = new TaskManagerMetricGroup(registry, 'localhost', 'tm-1');
  const job = tm.addJob('a1b2', 'MyJob');
  const task = job.addTask({
    vertexId: 'v1',
    executionAttemptId: 'e1',
    taskName: 'Source: bids -> Map',
    subtaskIndex: 0,
    attemptNumber: 0,
  });
  return { tm, job, task, registry };
}

describe('MetricGroup', () => {
  it("names metrics with Flink's scopes, identifiers and logical scopes", () => {
    const { tm, job, task } = taskGroup();
    const op = task.getOrAddOperator('o1', 'Map');
    assert.equal(tm.getMetricIdentifier('x'), 'localhost.taskmanager.tm-1.x');
    assert.equal(job.getMetricIdentifier('x'), 'localhost.taskmanager.tm-1.MyJob.x');
    assert.equal(
      task.getMetricIdentifier('numRecordsIn'),
      'localhost.taskmanager.tm-1.MyJob.Source: bids -> Map.0.numRecordsIn',
    );
    assert.equal(op.getMetricIdentifier('numRecordsOut'), 'localhost.taskmanager.tm-1.MyJob.Map.0.numRecordsOut');
    assert.equal(op.getLogicalScope(), 'taskmanager.job.task.operator');
    assert.equal(
      op.getMetricIdentifier('a b', (s) => s.replace(/ /g, '_'), '/'),
      'localhost/taskmanager/tm-1/MyJob/Map/0/a_b',
    );
    assert.deepEqual(op.getAllVariables(), {
      '<host>': 'localhost',
      '<tm_id>': 'tm-1',
      '<job_id>': 'a1b2',
      '<job_name>': 'MyJob',
      '<task_id>': 'v1',
      '<task_attempt_id>': 'e1',
      '<task_name>': 'Source: bids -> Map',
      '<subtask_index>': '0',
      '<task_attempt_num>': '0',
      '<operator_id>': 'o1',
      '<operator_name>': 'Map',
    });
  });

  it('adds user groups and key/value groups with a variable', () => {
    const { task } = taskGroup();
    const op = task.getOrAddOperator('o1', 'Map');
    const user = op.addGroup('MyMetrics');
    assert.equal(user.getMetricIdentifier('c'), 'localhost.taskmanager.tm-1.MyJob.Map.0.MyMetrics.c');
    assert.equal(op.addGroup('MyMetrics'), user, 'the same group comes back');
    const kv = op.addGroup('shard', 7);
    assert.equal(kv.getMetricIdentifier('lag'), 'localhost.taskmanager.tm-1.MyJob.Map.0.shard.7.lag');
    assert.equal(kv.getAllVariables()['<shard>'], '7');
    assert.equal(kv.getLogicalScope(), 'taskmanager.job.task.operator.shard');
    assert.equal(kv.component, op);
    assert.equal(kv.queryPrefix, 'shard.7.');
  });

  it('serves as the MetricGroupView user functions get', () => {
    const { task } = taskGroup();
    const view: MetricGroupView = task.getOrAddOperator('o1', 'Map');
    const c = view.counter('hits');
    c.inc();
    c.inc(4);
    assert.equal(c.getCount(), 5);
    view.gauge('answer', () => 42);
  });

  it('warns about duplicate names and keeps the first metric', () => {
    const warnings: string[] = [];
    const { task } = taskGroup(new MetricRegistry({ onWarning: (m) => warnings.push(m) }));
    const first = task.counter('dup');
    const second = task.counter('dup');
    assert.notEqual(first, second);
    assert.equal(task.getMetrics().get('dup'), first);
    assert.match(warnings[0], /already has a metric named 'dup'; the new one is not reported/);
    assert.throws(() => task.counter(''), /A metric name must be a non-empty string \(in metric group '.*'\)/);
  });

  it('tells reporters about added and removed metrics, and close() cascades', () => {
    const { events, reporter } = recordingReporter();
    const registry = new MetricRegistry({ reporters: [{ name: 'rec', reporter }], onWarning: () => {} });
    const { job, task } = taskGroup(registry);
    const op = task.getOrAddOperator('o1', 'Map');
    op.addGroup('g').counter('c');
    assert.ok(events.includes('+localhost.taskmanager.tm-1.MyJob.Map.0.g.c'));
    assert.ok(events.includes('+localhost.taskmanager.tm-1.MyJob.Source: bids -> Map.0.busyTimeMsPerSecond'));
    const viewsBefore = registry.viewUpdater.size;
    assert.ok(viewsBefore > 0, 'meters and timer gauges are views');
    job.removeTask('e1');
    assert.ok(events.includes('-localhost.taskmanager.tm-1.MyJob.Map.0.g.c'));
    assert.equal(registry.viewUpdater.size, 0);
    assert.equal(task.isClosed(), true);
    assert.equal(job.isClosed(), true, 'the job group closes with its last task');
    assert.equal(op.counter('late').getCount(), 0, 'a closed group hands metrics back unregistered');
  });

  it("cuts operator names to Flink's 80 characters", () => {
    const warnings: string[] = [];
    const { task } = taskGroup(new MetricRegistry({ onWarning: (m) => warnings.push(m) }));
    const op = task.getOrAddOperator('o2', 'x'.repeat(100));
    assert.equal(op.operatorName.length, 80);
    assert.match(warnings[0], /exceeded the 80 characters length limit/);
  });

  it('uses configured scope formats', () => {
    const registry = new MetricRegistry({
      scopeFormats: ScopeFormats.fromConfig({ 'metrics.scope.task': '*.<task_id>.<subtask_index>' }),
    });
    const { task } = taskGroup(registry);
    assert.equal(task.getMetricIdentifier('m'), 'localhost.taskmanager.tm-1.MyJob.v1.0.m');
  });
});
