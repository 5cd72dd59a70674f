// Flink's Sink V2. write() is synchronous and called per record on the task's thread; I/O happens in flush(),
// which the runtime awaits per batch (never per record) and at checkpoints and end of input. prepareCommit is the
// hook for the two-phase-commit sinks of the exactly-once work.

export interface SinkWriterContext {
  /** The record's timestamp, or undefined when it has none. */
  timestamp(): number | undefined;
  currentWatermark(): number;
}

export interface SinkInitContext {
  readonly subtaskId: number;
  readonly numberOfParallelSubtasks: number;
  readonly attemptNumber: number;
  readonly jobId: string;
  /**
   * True when the job checkpoints (`execution.checkpointing.interval` is set). Two-phase-commit sinks commit at
   * checkpoints when true and only at the end of input when false.
   */
  readonly checkpointingEnabled: boolean;
  /** Sends values to the client that runs executeAndCollect (the collect sink's way home); `last` ends that stream. */
  sendToClient(collectId: string, values: unknown[], last: boolean): void;
}

export interface SinkWriter<T, CommT = never, WriterStateT = never> {
  write(element: T, context: SinkWriterContext): void;
  /** Flushes buffered data; endOfInput on the last call of a bounded job. May be async. */
  flush(endOfInput: boolean): void | Promise<void>;
  /**
   * Two-phase commit, phase one: called after flush() at every checkpoint (before the barrier passes) and at the end
   * of input; returns what the committer must commit once the checkpoint completes (Flink's CommittingSinkWriter).
   */
  prepareCommit?(): CommT[] | Promise<CommT[]>;
  /** The writer's own state at a checkpoint, after prepareCommit (Flink's StatefulSinkWriter); synchronous. */
  snapshotState?(checkpointId: number): WriterStateT[];
  /** When false, the task waits for isAvailable() before writing more (a bounded buffer, a slow remote). */
  isAvailable?(): boolean;
  whenAvailable?(): Promise<void>;
  writeWatermark?(watermark: number): void;
  close(): void | Promise<void>;
}

/**
 * Two-phase commit, phase two (Flink's Committer): runs in the sink's subtask after the checkpoint that prepared the
 * committables completed, and again for restored committables after a failure, so commit must be idempotent.
 */
export interface Committer<CommT> {
  commit(committables: readonly CommT[]): void | Promise<void>;
  close(): void | Promise<void>;
}

export interface Sink<T, CommT = never, WriterStateT = never> {
  createWriter(context: SinkInitContext): SinkWriter<T, CommT, WriterStateT>;
  /** A writer that resumes from the state its predecessors snapshotted (after a failure or from a savepoint). */
  restoreWriter?(context: SinkInitContext, recoveredState: WriterStateT[]): SinkWriter<T, CommT, WriterStateT>;
  /** Sinks with prepareCommit need one: it commits what the writer prepared. */
  createCommitter?(context: SinkInitContext): Committer<CommT>;
}
