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
  /** Weir: what checkpointing did during the run (absent when the job took no checkpoints). */
  readonly checkpoints?: {
    readonly completed: number;
    readonly failed: number;
    readonly restored: number;
    readonly maxDurationMs: number;
    readonly averageDurationMs: number;
    readonly lastStateSizeBytes: number;
  };
}

export interface JobClient {
  readonly jobId: string;
  getJobStatus(): Promise<JobStatus>;
  cancel(): Promise<void>;
  /** Takes a savepoint (into `directory`, else execution.checkpointing.savepoint-dir); resolves with its path. */
  triggerSavepoint(directory?: string): Promise<string>;
  /**
   * Stops the job with a savepoint; the job then FINISHES. `advanceToEndOfEventTime` (Flink's --drain) first emits
   * the final watermark so every event-time window fires. Resolves with the savepoint's path.
   */
  stopWithSavepoint(advanceToEndOfEventTime: boolean, directory?: string): Promise<string>;
  /** Resolves when the job finishes; rejects with the job's failure (user error, operator and subtask named). */
  getJobExecutionResult(): Promise<JobExecutionResult>;
  /** Batches a collect sink (executeAndCollect) sent; ends when that sink finished. */
  collect(collectId: string): AsyncIterableIterator<unknown[]>;
}
