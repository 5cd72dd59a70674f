import type { CheckpointMetricsReport } from '../taskmanager/task/subtask-checkpointer.js';
import type { CheckpointKind } from './checkpoint-metadata.js';

// What the JobMaster remembers about its checkpoints for REST (/jobs/:id/checkpoints), the CLI and the benchmarks
// (Flink's CheckpointStatsTracker). Bounded: the newest HISTORY_SIZE checkpoints are kept.

export type CheckpointStatus = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface CheckpointStats {
  readonly id: number;
  readonly kind: CheckpointKind;
  status: CheckpointStatus;
  readonly triggerTimestamp: number;
  /** When the last acknowledgement arrived (or the checkpoint failed). */
  latestAckTimestamp: number;
  endToEndDurationMs: number;
  stateSizeBytes: number;
  numSubtasks: number;
  numAcknowledgedSubtasks: number;
  maxSyncDurationMs: number;
  maxAsyncDurationMs: number;
  maxAlignmentDurationMs: number;
  externalPath: string | undefined;
  failureMessage: string | undefined;
}

const HISTORY_SIZE = 10;

export class CheckpointStatsTracker {
  private readonly history: CheckpointStats[] = [];
  counts = { completed: 0, failed: 0, restored: 0 };
  private durationSumMs = 0;
  private durationMaxMs = 0;
  private lastSizeBytes = 0;
  latestRestored: { id: number; pointer: string; timestamp: number; isSavepoint: boolean } | undefined;

  triggered(id: number, kind: CheckpointKind, timestamp: number, numSubtasks: number): void {
    this.history.push({
      id,
      kind,
      status: 'IN_PROGRESS',
      triggerTimestamp: timestamp,
      latestAckTimestamp: timestamp,
      endToEndDurationMs: 0,
      stateSizeBytes: 0,
      numSubtasks,
      numAcknowledgedSubtasks: 0,
      maxSyncDurationMs: 0,
      maxAsyncDurationMs: 0,
      maxAlignmentDurationMs: 0,
      externalPath: undefined,
      failureMessage: undefined,
    });
    // Only finished entries are dropped: an in-progress one must stay findable.
    while (this.history.length > HISTORY_SIZE) {
      const index = this.history.findIndex((s) => s.status !== 'IN_PROGRESS');
      if (index < 0) break;
      this.history.splice(index, 1);
    }
  }

  acknowledged(id: number, metrics: CheckpointMetricsReport): void {
    const s = this.find(id);
    if (s === undefined) return;
    s.numAcknowledgedSubtasks++;
    s.stateSizeBytes += metrics.stateSizeBytes;
    s.latestAckTimestamp = Date.now();
    s.endToEndDurationMs = s.latestAckTimestamp - s.triggerTimestamp;
    s.maxSyncDurationMs = Math.max(s.maxSyncDurationMs, metrics.syncDurationMs);
    s.maxAsyncDurationMs = Math.max(s.maxAsyncDurationMs, metrics.asyncDurationMs);
    s.maxAlignmentDurationMs = Math.max(s.maxAlignmentDurationMs, metrics.alignmentDurationMs);
  }

  completed(id: number, pointer: string): void {
    const s = this.find(id);
    if (s === undefined) return;
    s.status = 'COMPLETED';
    s.externalPath = pointer;
    s.endToEndDurationMs = Date.now() - s.triggerTimestamp;
    this.counts.completed++;
    this.durationSumMs += s.endToEndDurationMs;
    this.durationMaxMs = Math.max(this.durationMaxMs, s.endToEndDurationMs);
    this.lastSizeBytes = s.stateSizeBytes;
  }

  failed(id: number, message: string): void {
    const s = this.find(id);
    if (s === undefined) return;
    s.status = 'FAILED';
    s.failureMessage = message;
    s.latestAckTimestamp = Date.now();
    s.endToEndDurationMs = s.latestAckTimestamp - s.triggerTimestamp;
    this.counts.failed++;
  }

  restored(id: number, pointer: string, isSavepoint: boolean): void {
    this.counts.restored++;
    this.latestRestored = { id, pointer, timestamp: Date.now(), isSavepoint };
  }

  /** Totals over the whole run (not only the history kept). */
  summary(): {
    completed: number;
    failed: number;
    restored: number;
    maxDurationMs: number;
    averageDurationMs: number;
    lastStateSizeBytes: number;
  } {
    const { completed, failed, restored } = this.counts;
    return {
      completed,
      failed,
      restored,
      maxDurationMs: this.durationMaxMs,
      averageDurationMs: completed === 0 ? 0 : this.durationSumMs / completed,
      lastStateSizeBytes: this.lastSizeBytes,
    };
  }

  /** Newest first. */
  all(): readonly CheckpointStats[] {
    return [...this.history].reverse();
  }

  find(id: number): CheckpointStats | undefined {
    return this.history.find((s) => s.id === id);
  }

  get inProgress(): number {
    return this.history.filter((s) => s.status === 'IN_PROGRESS').length;
  }
}
