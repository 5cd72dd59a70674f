// GET /jobs/:jobid/checkpoints, /checkpoints/config and /checkpoints/details/:checkpointid in Flink's shapes
// (CheckpointingStatistics, CheckpointConfigInfo, CheckpointStatistics), from the job archive's checkpoint data.
import type { CheckpointConfig } from '../runtime/checkpoint/checkpoint-config.js';
import type {
  CheckpointStats,
  CheckpointStatsSnapshot,
  RestoredCheckpointStats,
  StatsSummary,
} from '../runtime/checkpoint/checkpoint-stats-tracker.js';

/** Flink's StatsSummaryDto. */
export type StatsSummaryBody = StatsSummary;

/** The progress and size fields Flink's checkpoint and per-vertex statistics share. */
interface CheckpointProgressFields {
  readonly id: number;
  readonly status: CheckpointStats['status'];
  readonly latest_ack_timestamp: number;
  readonly checkpointed_size: number;
  readonly state_size: number;
  readonly end_to_end_duration: number;
  readonly alignment_buffered: number;
  readonly processed_data: number;
  readonly persisted_data: number;
  readonly num_subtasks: number;
  readonly num_acknowledged_subtasks: number;
}

/** Flink's TaskCheckpointStatistics (one vertex's part of a checkpoint). */
export type TaskCheckpointStatisticsBody = CheckpointProgressFields;

/** Flink's CheckpointStatistics with its className discriminator ("completed", "failed", "in_progress"). */
export interface CheckpointStatisticsBody extends CheckpointProgressFields {
  readonly className: 'completed' | 'failed' | 'in_progress';
  readonly is_savepoint: boolean;
  readonly savepointFormat: 'CANONICAL' | null;
  readonly trigger_timestamp: number;
  readonly checkpoint_type: 'CHECKPOINT' | 'UNALIGNED_CHECKPOINT' | 'SAVEPOINT' | 'SYNC_SAVEPOINT';
  readonly tasks: Readonly<Record<string, TaskCheckpointStatisticsBody>>;
  /** Completed only. */
  readonly external_path?: string;
  readonly discarded?: boolean;
  /** Failed only. */
  readonly failure_timestamp?: number;
  readonly failure_message?: string;
}

export interface RestoredCheckpointStatisticsBody {
  readonly id: number;
  readonly restore_timestamp: number;
  readonly is_savepoint: boolean;
  readonly external_path: string;
}

/** GET /jobs/:jobid/checkpoints. Absent "latest" entries are null, as Flink writes them. */
export interface CheckpointingStatisticsBody {
  readonly counts: {
    readonly restored: number;
    readonly total: number;
    readonly in_progress: number;
    readonly completed: number;
    readonly failed: number;
  };
  readonly summary: Readonly<
    Record<
      | 'checkpointed_size'
      | 'state_size'
      | 'end_to_end_duration'
      | 'alignment_buffered'
      | 'processed_data'
      | 'persisted_data',
      StatsSummaryBody
    >
  >;
  readonly latest: {
    readonly completed: CheckpointStatisticsBody | null;
    readonly savepoint: CheckpointStatisticsBody | null;
    readonly failed: CheckpointStatisticsBody | null;
    readonly restored: RestoredCheckpointStatisticsBody | null;
  };
  readonly history: readonly CheckpointStatisticsBody[];
}

/** GET /jobs/:jobid/checkpoints/config. `mode` is lower-case, as Flink's ProcessingMode serializer writes it. */
export interface CheckpointConfigInfoBody {
  readonly mode: 'exactly_once' | 'at_least_once';
  readonly interval: number;
  readonly timeout: number;
  readonly min_pause: number;
  readonly max_concurrent: number;
  readonly externalization: { readonly enabled: boolean; readonly delete_on_cancellation: boolean };
  readonly state_backend: string;
  readonly checkpoint_storage: string;
  readonly unaligned_checkpoints: boolean;
  readonly tolerable_failed_checkpoints: number;
  readonly aligned_checkpoint_timeout: number;
  readonly checkpoints_after_tasks_finish: boolean;
  readonly state_changelog_enabled: boolean;
  readonly changelog_periodic_materialization_interval: number;
  readonly changelog_storage: string;
}

const ZERO_SUMMARY: StatsSummary = { min: 0, max: 0, avg: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0 };

export function checkpointingStatistics(stats: CheckpointStatsSnapshot): CheckpointingStatisticsBody {
  const c = stats.counts;
  return {
    counts: {
      restored: c.restored,
      total: c.total,
      in_progress: c.inProgress,
      completed: c.completed,
      failed: c.failed,
    },
    summary: {
      // Incremental checkpoints: checkpointed = what each wrote, state = the full size (Flink's meaning).
      checkpointed_size: stats.summary.checkpointedSizeBytes,
      state_size: stats.summary.stateSizeBytes,
      end_to_end_duration: stats.summary.endToEndDurationMs,
      alignment_buffered: ZERO_SUMMARY,
      processed_data: ZERO_SUMMARY,
      persisted_data: ZERO_SUMMARY,
    },
    latest: {
      completed: orNull(stats.latestCompleted),
      savepoint: orNull(stats.latestSavepoint),
      failed: orNull(stats.latestFailed),
      restored: stats.latestRestored === undefined ? null : restoredStatistics(stats.latestRestored),
    },
    history: stats.history.map((s) => checkpointStatistics(s, false)),
  };
}

function orNull(s: CheckpointStats | undefined): CheckpointStatisticsBody | null {
  return s === undefined ? null : checkpointStatistics(s, false);
}

function restoredStatistics(r: RestoredCheckpointStats): RestoredCheckpointStatisticsBody {
  return { id: r.id, restore_timestamp: r.timestamp, is_savepoint: r.isSavepoint, external_path: r.pointer };
}

/**
 * One checkpoint (Flink's CheckpointStatistics.generateCheckpointStatistics): `withTasks` adds the per-vertex
 * statistics, which Flink includes only in the details endpoint (the overview's entries have "tasks": {}).
 */
export function checkpointStatistics(s: CheckpointStats, withTasks: boolean): CheckpointStatisticsBody {
  const tasks: Record<string, TaskCheckpointStatisticsBody> = {};
  if (withTasks) {
    for (const [vertexId, v] of s.vertices) {
      tasks[vertexId] = {
        id: s.id,
        status: s.status,
        latest_ack_timestamp: v.latestAckTimestamp,
        checkpointed_size: v.checkpointedSizeBytes,
        state_size: v.stateSizeBytes,
        end_to_end_duration: v.latestAckTimestamp < 0 ? -1 : Math.max(0, v.latestAckTimestamp - s.triggerTimestamp),
        alignment_buffered: 0,
        processed_data: 0,
        persisted_data: 0,
        num_subtasks: v.numSubtasks,
        num_acknowledged_subtasks: v.numAcknowledgedSubtasks,
      };
    }
  }
  const isSavepoint = s.kind === 'savepoint';
  const base = {
    className: className(s.status),
    id: s.id,
    status: s.status,
    is_savepoint: isSavepoint,
    savepointFormat: isSavepoint ? ('CANONICAL' as const) : null,
    trigger_timestamp: s.triggerTimestamp,
    latest_ack_timestamp: s.numAcknowledgedSubtasks === 0 ? -1 : s.latestAckTimestamp,
    checkpointed_size: s.checkpointedSizeBytes,
    state_size: s.stateSizeBytes,
    end_to_end_duration: s.endToEndDurationMs,
    alignment_buffered: 0,
    processed_data: 0,
    persisted_data: 0,
    num_subtasks: s.numSubtasks,
    num_acknowledged_subtasks: s.numAcknowledgedSubtasks,
    checkpoint_type: checkpointType(s),
    tasks,
  };
  switch (s.status) {
    case 'COMPLETED':
      return { ...base, external_path: s.externalPath ?? '<checkpoint-not-externally-addressable>', discarded: false };
    case 'FAILED':
      return { ...base, failure_timestamp: s.latestAckTimestamp, failure_message: s.failureMessage ?? '' };
    case 'IN_PROGRESS':
      return base;
    default: {
      const never: never = s.status;
      throw new Error(`Unknown checkpoint status ${String(never)}`);
    }
  }
}

function className(status: CheckpointStats['status']): CheckpointStatisticsBody['className'] {
  switch (status) {
    case 'COMPLETED':
      return 'completed';
    case 'FAILED':
      return 'failed';
    case 'IN_PROGRESS':
      return 'in_progress';
    default: {
      const never: never = status;
      throw new Error(`Unknown checkpoint status ${String(never)}`);
    }
  }
}

function checkpointType(s: CheckpointStats): CheckpointStatisticsBody['checkpoint_type'] {
  if (s.kind === 'savepoint') return s.terminate ? 'SYNC_SAVEPOINT' : 'SAVEPOINT';
  return 'CHECKPOINT';
}

/**
 * CheckpointConfigInfo. With periodic checkpoints off, `interval` is Flink's "disabled" value (Long.MAX_VALUE) clamped
 * to the largest integer JSON readers keep exactly (REST answers 404 for such jobs, as Flink does).
 */
export function checkpointConfigInfo(config: CheckpointConfig): CheckpointConfigInfoBody {
  const retention = config.externalizedRetention;
  return {
    mode: config.mode === 'EXACTLY_ONCE' ? 'exactly_once' : 'at_least_once',
    interval: config.intervalMs ?? Number.MAX_SAFE_INTEGER,
    timeout: config.timeoutMs,
    min_pause: config.minPauseMs,
    max_concurrent: config.maxConcurrentCheckpoints,
    externalization: {
      enabled: retention !== 'NO_EXTERNALIZED_CHECKPOINTS',
      delete_on_cancellation: retention === 'DELETE_ON_CANCELLATION',
    },
    state_backend: 'HashMapStateBackend',
    checkpoint_storage: 'FileSystemCheckpointStorage',
    unaligned_checkpoints: config.unalignedEnabled,
    tolerable_failed_checkpoints: config.tolerableFailedCheckpoints,
    aligned_checkpoint_timeout: 0,
    checkpoints_after_tasks_finish: true,
    state_changelog_enabled: false,
    // Incremental checkpoints write a full snapshot again at least this often (decision 25).
    changelog_periodic_materialization_interval: config.incrementalLimits.materializeIntervalMs,
    changelog_storage: 'memory',
  };
}
