// What the client holds for a submitted job (Flink's JobClient and JobExecutionResult).

/** Flink's JobStatus, spelled as Flink spells it (note CANCELLING with two L's). */
export type JobStatus =
  | 'INITIALIZING'
  | 'CREATED'
  | 'RUNNING'
  | 'FAILING'
  | 'FAILED'
  | 'CANCELLING'
  | 'CANCELED'
  | 'FINISHED'
  | 'RESTARTING'
  | 'SUSPENDED'
  | 'RECONCILING';

export const TERMINAL_JOB_STATUSES: ReadonlySet<JobStatus> = new Set(['FAILED', 'CANCELED', 'FINISHED', 'SUSPENDED']);

export interface JobExecutionResult {
  readonly jobId: string;
  readonly jobName: string;
  /** Wall time from RUNNING to the end, in milliseconds. */
  readonly netRuntime: number;
  readonly accumulators: Readonly<Record<string, unknown>>;
}

export interface JobClient {
  readonly jobId: string;
  getJobStatus(): Promise<JobStatus>;
  cancel(): Promise<void>;
  /** Resolves when the job finishes; rejects with the job's failure (user error, operator and subtask named). */
  getJobExecutionResult(): Promise<JobExecutionResult>;
  /** Batches a collect sink (executeAndCollect) sent; ends when that sink finished. */
  collect(collectId: string): AsyncIterableIterator<unknown[]>;
}
