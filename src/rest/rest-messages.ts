// Response bodies with Flink's exact JSON field names (rest_v1_dispatcher.yml, v1/2.3-SNAPSHOT). Clients written
// against Flink's REST API, and Weir's own CLI, read these shapes.
import type { JobStatus } from '../api/execution/job-client.js';
import type { ExecutionState, JobPlan } from '../runtime/jobmanager/job-details.js';

/** GET /config (DashboardConfiguration). */
export interface DashboardConfigurationBody {
  readonly 'refresh-interval': number;
  readonly 'timezone-name': string;
  readonly 'timezone-offset': number;
  readonly 'flink-version': string;
  readonly 'flink-revision': string;
  readonly features: {
    readonly 'web-submit': boolean;
    readonly 'web-cancel': boolean;
    readonly 'web-rescale': boolean;
    readonly 'web-history': boolean;
  };
}

/** GET /overview (ClusterOverviewWithVersion); the "-blocked" fields appear only when non-zero, as in Flink. */
export interface ClusterOverviewBody {
  readonly taskmanagers: number;
  readonly 'taskmanagers-blocked'?: number;
  readonly 'slots-total': number;
  readonly 'slots-available': number;
  readonly 'slots-free-and-blocked'?: number;
  readonly 'jobs-running': number;
  readonly 'jobs-finished': number;
  readonly 'jobs-cancelled': number;
  readonly 'jobs-failed': number;
  readonly 'flink-version': string;
  readonly 'flink-commit': string;
}

/** GET /jobs (JobIdsWithStatusOverview). */
export interface JobIdsWithStatusOverviewBody {
  readonly jobs: readonly { readonly id: string; readonly status: JobStatus }[];
}

/** Lower-case execution state names plus "total", as in /jobs/overview's "tasks". */
export type TaskCountsBody = Readonly<Record<Lowercase<ExecutionState> | 'total', number>>;

/** One entry of GET /jobs/overview (JobDetails). */
export interface JobDetailsBody {
  readonly jid: string;
  readonly name: string;
  readonly 'start-time': number;
  readonly 'end-time': number;
  readonly duration: number;
  readonly state: JobStatus;
  readonly 'last-modification': number;
  readonly tasks: TaskCountsBody;
  readonly jobType: 'STREAMING' | 'BATCH';
  readonly schedulerType: 'Default';
  readonly 'pending-operators': number;
}

/** GET /jobs/overview (MultipleJobsDetails). */
export interface MultipleJobsDetailsBody {
  readonly jobs: readonly JobDetailsBody[];
}

/** A vertex's aggregated IO (IOMetricsInfo); "-complete" is false while some subtask has not reported a value. */
export interface IOMetricsInfoBody {
  readonly 'read-bytes': number;
  readonly 'read-bytes-complete': boolean;
  readonly 'write-bytes': number;
  readonly 'write-bytes-complete': boolean;
  readonly 'read-records': number;
  readonly 'read-records-complete': boolean;
  readonly 'write-records': number;
  readonly 'write-records-complete': boolean;
  readonly 'accumulated-backpressured-time': number;
  readonly 'accumulated-idle-time': number;
  readonly 'accumulated-busy-time': number;
}

/** A vertex in GET /jobs/:jobid (JobDetailsVertexInfo). */
export interface JobVertexDetailsInfoBody {
  readonly id: string;
  readonly name: string;
  readonly maxParallelism: number;
  readonly parallelism: number;
  readonly status: ExecutionState;
  readonly 'start-time': number;
  readonly 'end-time': number;
  readonly duration: number;
  readonly tasks: Readonly<Record<ExecutionState, number>>;
  readonly metrics: IOMetricsInfoBody;
}

/** GET /jobs/:jobid (JobDetailsInfo). */
export interface JobDetailsInfoBody {
  readonly jid: string;
  readonly name: string;
  readonly isStoppable: boolean;
  readonly state: JobStatus;
  readonly 'job-type': 'STREAMING' | 'BATCH';
  readonly schedulerType: 'Default';
  readonly 'start-time': number;
  readonly 'end-time': number;
  readonly duration: number;
  readonly maxParallelism: number;
  readonly now: number;
  readonly timestamps: Readonly<Record<JobStatus, number>>;
  readonly vertices: readonly JobVertexDetailsInfoBody[];
  readonly 'status-counts': Readonly<Record<ExecutionState, number>>;
  readonly plan: JobPlan;
  readonly 'pending-operators': number;
}

/** GET /jobs/:jobid/plan (JobPlanInfo). */
export interface JobPlanInfoBody {
  readonly plan: JobPlan;
}

/** An entry of the exception history (RootExceptionInfo); the optional fields are omitted when unknown. */
export interface RootExceptionInfoBody {
  readonly exceptionName: string;
  readonly stacktrace: string;
  readonly timestamp: number;
  readonly taskName?: string;
  readonly endpoint?: string;
  readonly taskManagerId?: string;
  readonly failureLabels: Readonly<Record<string, string>>;
  readonly concurrentExceptions: readonly unknown[];
}

/**
 * GET /jobs/:jobid/exceptions (JobExceptionsInfoWithHistory). Flink 2.x dropped the deprecated 1.x members
 * (root-exception, timestamp, all-exceptions, truncated); only exceptionHistory remains.
 */
export interface JobExceptionsInfoWithHistoryBody {
  readonly exceptionHistory: {
    readonly entries: readonly RootExceptionInfoBody[];
    readonly truncated: boolean;
  };
}
