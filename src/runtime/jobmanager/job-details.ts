// What the JobMaster publishes about a job and REST renders (Flink's ArchivedExecutionGraph, reduced to plain,
// serializable data): job, vertices, subtasks, their states and IO metrics. The JobMaster fills it; REST and the
// CLI only read it.
import type { JobStatus } from '../../api/execution/job-client.js';
import type { CheckpointConfig } from '../checkpoint/checkpoint-config.js';
import type { CheckpointStatsSnapshot } from '../checkpoint/checkpoint-stats-tracker.js';
import * as MetricNames from '../metrics/metric-names.js';
import type { ComponentMetrics } from '../metrics/metric-store.js';
import type { SubtaskWatermarks } from './watermark-details.js';

/** Flink's ExecutionState, spelled as Flink spells it (CANCELING with one L). */
export type ExecutionState =
  | 'CREATED'
  | 'SCHEDULED'
  | 'DEPLOYING'
  | 'RUNNING'
  | 'FINISHED'
  | 'CANCELING'
  | 'CANCELED'
  | 'FAILED'
  | 'RECONCILING'
  | 'INITIALIZING';

/** In Flink's declaration order (its ordinals); REST lists per-state counts in this order. */
export const EXECUTION_STATES: readonly ExecutionState[] = [
  'CREATED',
  'SCHEDULED',
  'DEPLOYING',
  'RUNNING',
  'FINISHED',
  'CANCELING',
  'CANCELED',
  'FAILED',
  'RECONCILING',
  'INITIALIZING',
];

/** Flink's JobStatus values in declaration order (REST's "timestamps" object lists every one). */
export const JOB_STATUSES: readonly JobStatus[] = [
  'INITIALIZING',
  'CREATED',
  'RUNNING',
  'FAILING',
  'FAILED',
  'CANCELLING',
  'CANCELED',
  'FINISHED',
  'RESTARTING',
  'SUSPENDED',
  'RECONCILING',
];

export function isTerminalExecutionState(state: ExecutionState): boolean {
  return state === 'FINISHED' || state === 'CANCELED' || state === 'FAILED';
}

/** FINISHED, CANCELED, FAILED: the job is over for the whole cluster (SUSPENDED is terminal only locally). */
export function isGloballyTerminalJobStatus(status: JobStatus): boolean {
  return status === 'FINISHED' || status === 'CANCELED' || status === 'FAILED';
}

/** A subtask's IO counters; a missing field means "not reported (yet)", which REST shows as incomplete. */
export interface SubtaskIOMetrics {
  readonly numRecordsIn?: number;
  readonly numRecordsOut?: number;
  readonly numBytesIn?: number;
  readonly numBytesOut?: number;
  readonly accumulatedBackPressuredTimeMs?: number;
  readonly accumulatedIdleTimeMs?: number;
  readonly accumulatedBusyTimeMs?: number;
}

export interface ArchivedSubtask {
  readonly index: number;
  readonly state: ExecutionState;
  readonly attempt: number;
  readonly host: string;
  readonly taskManagerId: string;
  /** When the current attempt was deployed (Flink: the DEPLOYING timestamp); -1 before. */
  readonly startTime: number;
  /** When it reached a terminal state; -1 while not terminal. */
  readonly endTime: number;
  /** When it entered its current state (for "last-modification"); defaults to max(startTime, endTime). */
  readonly stateTimestamp?: number;
  readonly metrics: SubtaskIOMetrics;
  /** Watermarks and what holds them back (Weir's watermark diagnosis); absent until the subtask reported them. */
  readonly watermarks?: SubtaskWatermarks;
  /**
   * Every metric the subtask last reported (task-metrics.ts names: numRecordsIn, busyTimeMsPerSecond, ...), for
   * REST's subtask-metrics and backpressure endpoints; absent until the first report.
   */
  readonly taskMetrics?: Readonly<Record<string, number>>;
  /** When the current attempt entered each state (Flink's state timestamps), for REST's status-duration. */
  readonly stateTimestamps?: Readonly<Partial<Record<ExecutionState, number>>>;
}

export interface ArchivedVertex {
  /** JobVertexID, 32 hex characters. */
  readonly id: string;
  readonly name: string;
  readonly parallelism: number;
  readonly maxParallelism: number;
  /** Fill with summarizeVertex(): the aggregate of the subtasks' states. */
  readonly state: ExecutionState;
  readonly startTime: number;
  readonly endTime: number;
  readonly subtasks: readonly ArchivedSubtask[];
}

/** One failure as Flink's exception history shows it. */
export interface ArchivedFailure {
  /** The error's class, e.g. "TypeError" (Flink: the Java exception class name). */
  readonly name?: string;
  readonly message: string;
  readonly stack: string;
  /** The subtask it came from, "name (index+1/parallelism)#attempt", when it came from one. */
  readonly taskName?: string;
  readonly timestamp: number;
  /** "host:port" of the TaskManager the subtask ran on. */
  readonly endpoint?: string;
  readonly taskManagerId?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** Flink's JSON plan ({ jid, name, type, nodes }); opaque here and rendered as given. */
export interface JobPlan {
  readonly jid?: string;
  readonly name?: string;
  readonly type?: string;
  readonly nodes?: readonly unknown[];
  readonly [key: string]: unknown;
}

export interface ArchivedJob {
  /** JobID, 32 lowercase hex characters. */
  readonly jobId: string;
  readonly name: string;
  readonly state: JobStatus;
  /** When the job was submitted (Flink: the INITIALIZING timestamp). */
  readonly startTime: number;
  /** When it reached a globally terminal state; -1 while running. */
  readonly endTime: number;
  /** When each status was (last) entered; statuses never reached are absent. */
  readonly timestamps: Partial<Record<JobStatus, number>>;
  readonly maxParallelism: number;
  /** In topological order. */
  readonly vertices: readonly ArchivedVertex[];
  readonly plan: JobPlan;
  readonly jobType?: 'STREAMING' | 'BATCH';
  /** The root cause of the current or last failure. */
  readonly failure?: ArchivedFailure;
  /** Earlier failures too, newest first; when absent, `failure` alone is the history. */
  readonly exceptionHistory?: readonly ArchivedFailure[];
  /** Checkpoint configuration and statistics; absent before the job's checkpointing was set up. */
  readonly checkpoints?: ArchivedCheckpointing;
}

/** What REST's /jobs/:jobid/checkpoints endpoints show; kept in the archive so they answer after the job ended. */
export interface ArchivedCheckpointing {
  /** The job's checkpoint configuration (periodic checkpoints are on when `config.enabled`). */
  readonly config: CheckpointConfig;
  readonly stats: CheckpointStatsSnapshot;
}

/** Subtasks per execution state, every state present (zero when none). */
export function countTasksPerState(
  subtasks: readonly { readonly state: ExecutionState }[],
): Record<ExecutionState, number> {
  const counts = Object.fromEntries(EXECUTION_STATES.map((s) => [s, 0])) as Record<ExecutionState, number>;
  for (const subtask of subtasks) counts[subtask.state]++;
  return counts;
}

/**
 * A vertex's state for display, from its subtasks' states (Flink's ExecutionJobVertex.getAggregateJobVertexState):
 * any FAILED wins, then CANCELING, CANCELED, INITIALIZING, RUNNING; all FINISHED is FINISHED, some is RUNNING;
 * everything else (created, scheduled, deploying, reconciling) collapses to CREATED.
 */
export function aggregateVertexState(
  counts: Readonly<Record<ExecutionState, number>>,
  parallelism: number,
): ExecutionState {
  if (counts.FAILED > 0) return 'FAILED';
  if (counts.CANCELING > 0) return 'CANCELING';
  if (counts.CANCELED > 0) return 'CANCELED';
  if (counts.INITIALIZING > 0) return 'INITIALIZING';
  if (counts.RUNNING > 0) return 'RUNNING';
  if (counts.FINISHED > 0) return counts.FINISHED === parallelism ? 'FINISHED' : 'RUNNING';
  return 'CREATED';
}

/**
 * State and times of a vertex as Flink's JobDetailsHandler derives them: start = earliest subtask start, end =
 * latest subtask end once all subtasks are terminal (else -1); both -1 before any subtask started.
 */
export function summarizeVertex(
  subtasks: readonly ArchivedSubtask[],
  parallelism: number = subtasks.length,
): { state: ExecutionState; startTime: number; endTime: number } {
  let start = Number.POSITIVE_INFINITY;
  let end = 0;
  let allTerminal = true;
  for (const s of subtasks) {
    if (s.startTime > 0) start = Math.min(start, s.startTime);
    allTerminal &&= isTerminalExecutionState(s.state);
    end = Math.max(end, s.endTime > 0 ? s.endTime : (s.stateTimestamp ?? 0));
  }
  const state = aggregateVertexState(countTasksPerState(subtasks), parallelism);
  if (start === Number.POSITIVE_INFINITY) return { state, startTime: -1, endTime: -1 };
  return { state, startTime: start, endTime: allTerminal ? end : -1 };
}

/** A subtask's IO metrics from the MetricStore's view of it (MetricStore.getSubtaskMetrics). */
export function ioMetricsFromStore(metrics: ComponentMetrics | undefined): SubtaskIOMetrics {
  if (metrics === undefined) return {};
  const read = (name: string): number | undefined => {
    const v = metrics.get(name);
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
    return Number.isNaN(n) ? undefined : n;
  };
  return {
    numRecordsIn: read(MetricNames.IO_NUM_RECORDS_IN),
    numRecordsOut: read(MetricNames.IO_NUM_RECORDS_OUT),
    numBytesIn: read(MetricNames.IO_NUM_BYTES_IN),
    numBytesOut: read(MetricNames.IO_NUM_BYTES_OUT),
    accumulatedBackPressuredTimeMs: read(MetricNames.ACC_TASK_BACK_PRESSURED_TIME),
    accumulatedIdleTimeMs: read(MetricNames.ACC_TASK_IDLE_TIME),
    accumulatedBusyTimeMs: read(MetricNames.ACC_TASK_BUSY_TIME),
  };
}
