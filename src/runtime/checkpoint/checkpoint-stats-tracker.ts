import type { CheckpointMetricsReport } from '../taskmanager/task/subtask-checkpointer.js';
import type { CheckpointKind } from './checkpoint-metadata.js';

// What the JobMaster remembers about its checkpoints for REST (/jobs/:id/checkpoints), the CLI and the benchmarks
// (Flink's CheckpointStatsTracker). Bounded: the newest HISTORY_SIZE checkpoints are kept, and the summary's
// min/max/average/percentiles are over the newest SUMMARY_WINDOW completed checkpoints (Flink keeps a window too).
// Contract: JobMaster thread only; snapshot() returns plain data that stays valid after the job ended.

export type CheckpointStatus = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

/** One vertex's part of a checkpoint (Flink's TaskStateStats). */
export interface VertexCheckpointStats {
  numSubtasks: number;
  numAcknowledgedSubtasks: number;
  stateSizeBytes: number;
  checkpointedSizeBytes: number;
  latestAckTimestamp: number;
}

export interface CheckpointStats {
  readonly id: number;
  readonly kind: CheckpointKind;
  /** Stop-with-savepoint (Flink's SYNC_SAVEPOINT). */
  readonly terminate: boolean;
  status: CheckpointStatus;
  readonly triggerTimestamp: number;
  /** When the last acknowledgement arrived (or the checkpoint failed). */
  latestAckTimestamp: number;
  endToEndDurationMs: number;
  /** The full size of the state (Flink's state_size): for increments, with the files they build on. */
  stateSizeBytes: number;
  /** What this checkpoint wrote (Flink's checkpointed_size): less than stateSizeBytes for increments. */
  checkpointedSizeBytes: number;
  numSubtasks: number;
  numAcknowledgedSubtasks: number;
  maxSyncDurationMs: number;
  maxAsyncDurationMs: number;
  maxAlignmentDurationMs: number;
  externalPath: string | undefined;
  failureMessage: string | undefined;
  /** By JobVertexID; empty when the trigger did not name the subtasks' vertices. */
  readonly vertices: Map<string, VertexCheckpointStats>;
}

/** A subtask a checkpoint waits for, as the coordinator names it. */
export interface TrackedSubtask {
  readonly executionId: string;
  readonly vertexId: string;
}

/** min/max/average and percentiles of one quantity (Flink's StatsSummaryDto). */
export interface StatsSummary {
  readonly min: number;
  readonly max: number;
  readonly avg: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly p999: number;
}

/** Everything REST shows about a job's checkpoints, as plain data (copied: later checkpoints do not change it). */
export interface CheckpointStatsSnapshot {
  readonly counts: {
    readonly restored: number;
    readonly total: number;
    readonly inProgress: number;
    readonly completed: number;
    readonly failed: number;
  };
  readonly summary: {
    readonly endToEndDurationMs: StatsSummary;
    readonly stateSizeBytes: StatsSummary;
    readonly checkpointedSizeBytes: StatsSummary;
  };
  /** Newest first. */
  readonly history: readonly CheckpointStats[];
  readonly latestCompleted: CheckpointStats | undefined;
  readonly latestSavepoint: CheckpointStats | undefined;
  readonly latestFailed: CheckpointStats | undefined;
  readonly latestRestored: RestoredCheckpointStats | undefined;
}

export interface RestoredCheckpointStats {
  readonly id: number;
  readonly pointer: string;
  readonly timestamp: number;
  readonly isSavepoint: boolean;
}

const HISTORY_SIZE = 10;
const SUMMARY_WINDOW = 1000;

export class CheckpointStatsTracker {
  private readonly history: CheckpointStats[] = [];
  counts = { completed: 0, failed: 0, restored: 0 };
  private durationSumMs = 0;
  private durationMaxMs = 0;
  private lastSizeBytes = 0;
  private total = 0;
  private readonly recentDurations: number[] = [];
  private readonly recentSizes: number[] = [];
  private readonly recentCheckpointedSizes: number[] = [];
  /** Which vertex each subtask of an in-flight checkpoint belongs to (execution id → vertex id). */
  private readonly vertexOf = new Map<string, string>();
  private latestCompleted: CheckpointStats | undefined;
  private latestSavepoint: CheckpointStats | undefined;
  private latestFailed: CheckpointStats | undefined;
  latestRestored: RestoredCheckpointStats | undefined;

  /**
   * A checkpoint was triggered. `subtasks` (optional) names the vertex of each subtask so acknowledgements are
   * counted per vertex; `terminate` marks stop-with-savepoint.
   */
  triggered(
    id: number,
    kind: CheckpointKind,
    timestamp: number,
    numSubtasks: number,
    subtasks?: readonly TrackedSubtask[],
    terminate = false,
  ): void {
    const vertices = new Map<string, VertexCheckpointStats>();
    for (const t of subtasks ?? []) {
      this.vertexOf.set(t.executionId, t.vertexId);
      const v = vertices.get(t.vertexId);
      if (v === undefined) {
        vertices.set(t.vertexId, {
          numSubtasks: 1,
          numAcknowledgedSubtasks: 0,
          stateSizeBytes: 0,
          checkpointedSizeBytes: 0,
          latestAckTimestamp: -1,
        });
      } else v.numSubtasks++;
    }
    this.total++;
    this.history.push(newStats(id, kind, terminate, timestamp, numSubtasks, vertices));
    // Only finished entries are dropped: an in-progress one must stay findable.
    while (this.history.length > HISTORY_SIZE) {
      const index = this.history.findIndex((s) => s.status !== 'IN_PROGRESS');
      if (index < 0) break;
      this.history.splice(index, 1);
    }
  }

  /** A subtask acknowledged; `executionId` (optional) attributes it to its vertex. */
  acknowledged(id: number, metrics: CheckpointMetricsReport, executionId?: string): void {
    const s = this.find(id);
    if (s === undefined) return;
    s.numAcknowledgedSubtasks++;
    s.stateSizeBytes += metrics.stateSizeBytes;
    s.checkpointedSizeBytes += metrics.checkpointedSizeBytes;
    s.latestAckTimestamp = Date.now();
    s.endToEndDurationMs = s.latestAckTimestamp - s.triggerTimestamp;
    s.maxSyncDurationMs = Math.max(s.maxSyncDurationMs, metrics.syncDurationMs);
    s.maxAsyncDurationMs = Math.max(s.maxAsyncDurationMs, metrics.asyncDurationMs);
    s.maxAlignmentDurationMs = Math.max(s.maxAlignmentDurationMs, metrics.alignmentDurationMs);
    const vertexId = executionId === undefined ? undefined : this.vertexOf.get(executionId);
    const v = vertexId === undefined ? undefined : s.vertices.get(vertexId);
    if (v !== undefined) {
      v.numAcknowledgedSubtasks++;
      v.stateSizeBytes += metrics.stateSizeBytes;
      v.checkpointedSizeBytes += metrics.checkpointedSizeBytes;
      v.latestAckTimestamp = s.latestAckTimestamp;
    }
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
    pushBounded(this.recentDurations, s.endToEndDurationMs);
    pushBounded(this.recentSizes, s.stateSizeBytes);
    pushBounded(this.recentCheckpointedSizes, s.checkpointedSizeBytes);
    if (s.kind === 'savepoint') this.latestSavepoint = s;
    else this.latestCompleted = s;
    this.settle();
  }

  failed(id: number, message: string): void {
    const s = this.find(id);
    if (s === undefined) return;
    s.status = 'FAILED';
    s.failureMessage = message;
    s.latestAckTimestamp = Date.now();
    s.endToEndDurationMs = s.latestAckTimestamp - s.triggerTimestamp;
    this.counts.failed++;
    this.latestFailed = s;
    this.settle();
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

  /** A copy of everything REST shows; safe to keep after the job ended. */
  snapshot(): CheckpointStatsSnapshot {
    const inProgress = this.inProgress;
    return {
      counts: { ...this.counts, total: this.total, inProgress },
      summary: {
        endToEndDurationMs: summarize(this.recentDurations),
        stateSizeBytes: summarize(this.recentSizes),
        checkpointedSizeBytes: summarize(this.recentCheckpointedSizes),
      },
      history: this.all().map(copyStats),
      latestCompleted: copyOrUndefined(this.latestCompleted),
      latestSavepoint: copyOrUndefined(this.latestSavepoint),
      latestFailed: copyOrUndefined(this.latestFailed),
      latestRestored: this.latestRestored === undefined ? undefined : { ...this.latestRestored },
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

  /** Forgets subtask→vertex entries once nothing is in flight (they are only needed while acks arrive). */
  private settle(): void {
    if (this.inProgress === 0) this.vertexOf.clear();
  }
}

function newStats(
  id: number,
  kind: CheckpointKind,
  terminate: boolean,
  timestamp: number,
  numSubtasks: number,
  vertices: Map<string, VertexCheckpointStats>,
): CheckpointStats {
  return {
    id,
    kind,
    terminate,
    status: 'IN_PROGRESS',
    triggerTimestamp: timestamp,
    latestAckTimestamp: timestamp,
    endToEndDurationMs: 0,
    stateSizeBytes: 0,
    checkpointedSizeBytes: 0,
    numSubtasks,
    numAcknowledgedSubtasks: 0,
    maxSyncDurationMs: 0,
    maxAsyncDurationMs: 0,
    maxAlignmentDurationMs: 0,
    externalPath: undefined,
    failureMessage: undefined,
    vertices,
  };
}

function copyStats(s: CheckpointStats): CheckpointStats {
  const vertices = new Map<string, VertexCheckpointStats>();
  for (const [id, v] of s.vertices) vertices.set(id, { ...v });
  return { ...s, vertices };
}

function copyOrUndefined(s: CheckpointStats | undefined): CheckpointStats | undefined {
  return s === undefined ? undefined : copyStats(s);
}

function pushBounded(values: number[], value: number): void {
  values.push(value);
  if (values.length > SUMMARY_WINDOW) values.shift();
}

/** Nearest-rank percentiles; all zero when nothing completed (as Flink shows an empty summary). */
export function summarize(values: readonly number[]): StatsSummary {
  if (values.length === 0) return { min: 0, max: 0, avg: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    min: sorted[0],
    max: sorted[sorted.length - 1],
    avg: Math.round(sum / sorted.length),
    p50: at(0.5),
    p90: at(0.9),
    p95: at(0.95),
    p99: at(0.99),
    p999: at(0.999),
  };
}
