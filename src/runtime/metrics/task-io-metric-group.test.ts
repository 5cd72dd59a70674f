import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TaskManagerMetricGroup } from './component-metric-groups.js';
import { MetricRegistry } from './metric-registry.js';
import type { TaskActivity } from './task-io-metric-group.js';

function setup() {
  let now = 0;
  const clock = () => now;
  const registry = new MetricRegistry();
  const task = new TaskManagerMetricGroup(registry, 'h', 'tm')
    .addJob('j', 'job')
    .addTask({ vertexId: 'v', executionAttemptId: 'e', taskName: 't', subtaskIndex: 0, attemptNumber: 0 }, clock);
  return { registry, task, io: task.ioMetrics, advance: (ms: number) => (now += ms) };
}

describe('TaskIOMetricGroup', () => {
  it("registers Flink's task metric names", () => {
    const { task } = setup();
    const names = [...task.getMetrics().keys()];
    for (const name of [
      'numRecordsIn',
      'numRecordsOut',
      'numRecordsInPerSecond',
      'numRecordsOutPerSecond',
      'numBytesIn',
      'numBytesOut',
      'numBytesInPerSecond',
      'numBytesOutPerSecond',
      'busyTimeMsPerSecond',
      'backPressuredTimeMsPerSecond',
      'idleTimeMsPerSecond',
      'softBackPressuredTimeMsPerSecond',
      'hardBackPressuredTimeMsPerSecond',
      'isBackPressured',
    ]) {
      assert.ok(names.includes(name), name);
    }
  });

  it('splits each second into busy, idle and back pressured, adding up to 1000', () => {
    const { registry, io, advance } = setup();
    io.markTaskStart();
    const script: [TaskActivity, number][] = [
      ['busy', 1000],
      ['idle', 2000],
      ['softBackPressured', 500],
      ['busy', 500],
      ['hardBackPressured', 1000],
    ];
    for (const [activity, ms] of script) {
      io.setActivity(activity);
      advance(ms);
    }
    registry.viewUpdater.tick();
    const idle = io.idleTime.getValue();
    const bp = io.getBackPressuredTimeMsPerSecond();
    const busy = io.getBusyTimeMsPerSecond();
    assert.deepEqual([busy, idle, bp], [300, 400, 300]);
    assert.equal(busy + idle + bp, 1000);
    assert.equal(io.isBackPressured(), true);
    assert.equal(io.getAccumulatedBackPressuredTimeMs(), 1500);
    assert.equal(io.getAccumulatedBusyTime(), 1500);
    assert.equal(io.idleTime.getAccumulatedCount(), 2000);
  });

  it('reports NaN accumulated busy time before the task started, as Flink does', () => {
    const { io } = setup();
    assert.ok(Number.isNaN(io.getAccumulatedBusyTime()));
    assert.equal(io.getBusyTimeMsPerSecond(), 1000);
  });

  it('derives per-second rates from the counters on the view tick', () => {
    const { registry, io, advance } = setup();
    io.numRecordsIn.inc(1024);
    io.numRecordsIn.inc(976);
    advance(5000);
    registry.viewUpdater.tick();
    assert.equal(io.numRecordsInRate.getRate(), 400);
  });
});
