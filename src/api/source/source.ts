import type { TypeInformation } from '../../core/types/type-information.js';

// Flink's split-based Source (FLIP-27). An enumerator in the JobMaster discovers splits and assigns them; a reader
// in each source subtask reads the splits it was given. Readers are polled by the task's run loop: pollNext must not
// block, and isAvailable() resolves when polling would make progress again. Checkpoint hooks are part of the
// interfaces from the start: readers snapshot their unfinished splits, enumerators their pending assignments.

export type Boundedness = 'BOUNDED' | 'CONTINUOUS_UNBOUNDED';

export interface SourceSplit {
  /** Unique within the source. */
  readonly splitId: string;
}

/** What pollNext returns (Flink's InputStatus). */
export type InputStatus = 'MORE_AVAILABLE' | 'NOTHING_AVAILABLE' | 'END_OF_INPUT';

export interface SourceOutput<T> {
  /** Emits a record; without timestamp it carries the one the reader's timestamp assigner gives, or none. */
  collect(record: T, timestamp?: number): void;
  /** Emits a watermark generated inside the reader. */
  emitWatermark(watermark: number): void;
  markIdle(): void;
  markActive(): void;
}

/** A reader output that can keep per-split watermarks (the source's watermark is the min over its splits). */
export interface ReaderOutput<T> extends SourceOutput<T> {
  createOutputForSplit(splitId: string): SourceOutput<T>;
  releaseOutputForSplit(splitId: string): void;
}

export interface SourceReaderContext {
  readonly indexOfSubtask: number;
  readonly currentParallelism: number;
  /** Asks the enumerator for a split (it answers with addSplits or notifyNoMoreSplits). */
  sendSplitRequest(): void;
  sendSourceEventToCoordinator(event: unknown): void;
}

export interface SourceReader<T, SplitT extends SourceSplit> {
  start(): void;
  pollNext(output: ReaderOutput<T>): InputStatus;
  /** Resolves when pollNext may return data again; called only after pollNext said NOTHING_AVAILABLE. */
  isAvailable(): Promise<void>;
  addSplits(splits: SplitT[]): void;
  notifyNoMoreSplits(): void;
  /** The unfinished splits with their current positions. */
  snapshotState(checkpointId: number): SplitT[];
  notifyCheckpointComplete?(checkpointId: number): void;
  handleSourceEvents?(event: unknown): void;
  close(): void | Promise<void>;
}

export interface SplitEnumeratorContext<SplitT extends SourceSplit> {
  currentParallelism(): number;
  /** Subtask indexes whose readers registered. */
  registeredReaders(): ReadonlySet<number>;
  assignSplit(split: SplitT, subtask: number): void;
  assignSplits(assignment: ReadonlyMap<number, SplitT[]>): void;
  signalNoMoreSplits(subtask: number): void;
  sendEventToSourceReader(subtask: number, event: unknown): void;
}

export interface SplitEnumerator<SplitT extends SourceSplit, CheckpointT> {
  start(): void;
  handleSplitRequest(subtaskId: number, requesterHostname?: string): void;
  /** Splits of a failed reader return here to be assigned again. */
  addSplitsBack(splits: SplitT[], subtaskId: number): void;
  addReader(subtaskId: number): void;
  snapshotState(checkpointId: number): CheckpointT;
  notifyCheckpointComplete?(checkpointId: number): void;
  handleSourceEvent?(subtaskId: number, event: unknown): void;
  close(): void | Promise<void>;
}

export interface Source<T, SplitT extends SourceSplit = SourceSplit, EnumCheckpointT = unknown> {
  getBoundedness(): Boundedness;
  createReader(context: SourceReaderContext): SourceReader<T, SplitT>;
  createEnumerator(context: SplitEnumeratorContext<SplitT>): SplitEnumerator<SplitT, EnumCheckpointT>;
  restoreEnumerator(
    context: SplitEnumeratorContext<SplitT>,
    checkpoint: EnumCheckpointT,
  ): SplitEnumerator<SplitT, EnumCheckpointT>;
  /** Declared record type, when the source knows it (lets the exchange use a generated codec). */
  readonly producedType?: TypeInformation<T>;
}
