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
  /** Sends values to the client that runs executeAndCollect (the collect sink's way home); `last` ends that stream. */
  sendToClient(collectId: string, values: unknown[], last: boolean): void;
}

export interface SinkWriter<T, CommT = never> {
  write(element: T, context: SinkWriterContext): void;
  /** Flushes buffered data; endOfInput on the last call of a bounded job. May be async. */
  flush(endOfInput: boolean): void | Promise<void>;
  /** Hands over what the committer must commit once the checkpoint completes (two-phase commit). */
  prepareCommit?(): CommT[] | Promise<CommT[]>;
  /** When false, the task waits for isAvailable() before writing more (a bounded buffer, a slow remote). */
  isAvailable?(): boolean;
  whenAvailable?(): Promise<void>;
  writeWatermark?(watermark: number): void;
  close(): void | Promise<void>;
}

export interface Sink<T, CommT = never> {
  createWriter(context: SinkInitContext): SinkWriter<T, CommT>;
}
