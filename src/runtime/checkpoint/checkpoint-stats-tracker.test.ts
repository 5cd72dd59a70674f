import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkpointingStatistics, checkpointStatistics } from '../../rest/checkpoint-statistics-info.js';
import { CheckpointStatsTracker, summarize } from './checkpoint-stats-tracker.js';

const METRICS = {
  syncDurationMs: 1,
  asyncDurationMs: 1,
  alignmentDurationMs: 0,
  stateSizeBytes: 10,
  checkpointedSizeBytes: 10,
  operatorIds: [],
};

describe('CheckpointStatsTracker', () => {
  it('counts acknowledgements per vertex when the trigger names the subtasks', () => {
    const t = new CheckpointStatsTracker();
    t.triggered(
      1,
      'savepoint',
      100,
      3,
      [
        { executionId: 'a', vertexId: 'v1' },
        { executionId: 'b', vertexId: 'v1' },
        { executionId: 'c', vertexId: 'v2' },
      ],
      true,
    );
    t.acknowledged(1, METRICS, 'a');
    t.acknowledged(1, METRICS, 'c');
    t.acknowledged(1, METRICS);
    const s = t.find(1)!;
    assert.equal(s.numAcknowledgedSubtasks, 3);
    assert.equal(s.terminate, true);
    assert.deepEqual(
      [...s.vertices].map(([id, v]) => [id, v.numSubtasks, v.numAcknowledgedSubtasks, v.stateSizeBytes]),
      [
        ['v1', 2, 1, 10],
        ['v2', 1, 1, 10],
      ],
    );
  });

  it('snapshot() is a copy: later checkpoints do not change it', () => {
    const t = new CheckpointStatsTracker();
    t.triggered(1, 'checkpoint', 100, 1, [{ executionId: 'a', vertexId: 'v' }]);
    const before = t.snapshot();
    t.acknowledged(1, METRICS, 'a');
    t.completed(1, '/chk-1');
    t.triggered(2, 'checkpoint', 200, 1);
    t.failed(2, 'expired');
    assert.deepEqual(before.counts, { completed: 0, failed: 0, restored: 0, total: 1, inProgress: 1 });
    assert.equal(before.history[0].vertices.get('v')?.numAcknowledgedSubtasks, 0);
    const after = t.snapshot();
    assert.deepEqual(after.counts, { completed: 1, failed: 1, restored: 0, total: 2, inProgress: 0 });
    assert.deepEqual([after.latestCompleted?.id, after.latestFailed?.id, after.latestSavepoint], [1, 2, undefined]);
  });

  it('summarizes with nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.deepEqual(summarize(values), { min: 1, max: 100, avg: 51, p50: 50, p90: 90, p95: 95, p99: 99, p999: 100 });
    assert.equal(summarize([]).max, 0);
  });
});

describe('CheckpointStatsTracker sizes of incremental checkpoints', () => {
  it('keeps what a checkpoint wrote apart from the full size, per checkpoint, vertex and in the REST body', () => {
    const t = new CheckpointStatsTracker();
    t.triggered(1, 'checkpoint', 100, 2, [
      { executionId: 'a', vertexId: 'v' },
      { executionId: 'b', vertexId: 'v' },
    ]);
    t.acknowledged(1, { ...METRICS, stateSizeBytes: 1000, checkpointedSizeBytes: 10 }, 'a');
    t.acknowledged(1, { ...METRICS, stateSizeBytes: 500, checkpointedSizeBytes: 500 }, 'b');
    t.completed(1, '/chk-1');
    const s = t.find(1)!;
    assert.deepEqual([s.stateSizeBytes, s.checkpointedSizeBytes], [1500, 510]);
    assert.equal(s.vertices.get('v')?.checkpointedSizeBytes, 510);
    const body = checkpointStatistics(s, true);
    assert.deepEqual([body.state_size, body.checkpointed_size], [1500, 510]);
    assert.deepEqual([body.tasks.v.state_size, body.tasks.v.checkpointed_size], [1500, 510]);
    const summary = checkpointingStatistics(t.snapshot()).summary;
    assert.deepEqual([summary.state_size.max, summary.checkpointed_size.max], [1500, 510]);
  });
});
