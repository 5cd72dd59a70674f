import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completedCheckpoints, logTime } from './bench-job.js';

// The benchmarks read checkpoint durations and restart times from the runtime's log lines; these pin the formats
// they parse (CheckpointCoordinator's "Completed checkpoint …", the log's "<ISO time> <LEVEL> …" prefix).

const lines = [
  '2026-11-25T15:00:00.100Z INFO JobMaster - Job abc restarts after a task failed: map boom',
  '2026-11-25T15:00:00.250Z INFO CheckpointCoordinator - Completed checkpoint 7 for job abc (1048576 bytes, 312 ms; ' +
    'max sync 12.5 ms, async 280.0 ms, alignment 0.4 ms); 4096 bytes written.',
  '2026-11-25T15:00:00.300Z INFO CheckpointCoordinator - Restoring job abc from Checkpoint 7 @ /tmp/x/chk-7.',
];

describe('bench log parsing', () => {
  it('reads completed checkpoints', () => {
    assert.deepEqual(completedCheckpoints(lines), [
      {
        id: 7,
        bytes: 1048576,
        writtenBytes: 4096,
        durationMs: 312,
        maxSyncMs: 12.5,
        maxAsyncMs: 280,
        maxAlignmentMs: 0.4,
      },
    ]);
  });

  it('reads the time of the first matching line, or undefined', () => {
    assert.equal(logTime(lines, /restarts after/), Date.parse('2026-11-25T15:00:00.100Z'));
    assert.equal(logTime(lines, /Restoring job/), Date.parse('2026-11-25T15:00:00.300Z'));
    assert.equal(logTime(lines, /never/), undefined);
  });
});
