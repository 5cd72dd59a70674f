import type { SubtaskStateHandle } from '../checkpoint/checkpoint-metadata.js';
import type { CheckpointStorageLocation } from '../checkpoint/checkpoint-storage.js';

// What the JobMaster sends a TaskExecutor to run one subtask (Flink's TaskDeploymentDescriptor). Plain data: it
// crosses threads and, in a cluster, processes.

/** Where a subtask runs: a slot of a TaskExecutor. */
export interface SlotLocation {
  readonly taskManagerId: string;
  readonly slotIndex: number;
  /** The TaskExecutor's RPC address: a consumer in another process asks it where the slot's data port is. */
  readonly address?: string;
}

/** One channel of an exchange: producer subtask → consumer subtask of one JobEdge. */
export interface ChannelSpec {
  /** `${edgeId}|${producerIndex}|${consumerIndex}`: both ends name the channel the same way. */
  readonly channelId: string;
  /** The slot of the other end, so the TaskExecutor can pick an in-worker, cross-thread or network channel. */
  readonly peer: SlotLocation;
}

export interface InputSpec {
  readonly edgeId: string;
  readonly inputIndex: 1 | 2;
  /** Ordered by producer subtask index. */
  readonly channels: readonly ChannelSpec[];
}

export interface OutputSpec {
  readonly edgeId: string;
  /** Ordered by consumer subtask index (only the consumers this producer connects to). */
  readonly channels: readonly ChannelSpec[];
}

export interface TaskDeploymentDescriptor {
  readonly jobId: string;
  readonly vertexId: string;
  readonly subtaskIndex: number;
  readonly attemptNumber: number;
  /** Flink's ExecutionAttemptID: unique per deployment attempt. */
  readonly executionId: string;
  readonly slot: SlotLocation;
  readonly inputs: readonly InputSpec[];
  readonly outputs: readonly OutputSpec[];
  /** The checkpoint or savepoint to start from (after a failure, or `weir run -s`). */
  readonly restore?: TaskRestoreSpec;
}

/** The state files a subtask reads before it starts: those of the old subtasks whose state it takes over. */
export interface TaskRestoreSpec {
  readonly checkpointId: number;
  /** The checkpoint's or savepoint's directory. */
  readonly pointer: string;
  /** One per old subtask file (handle.subtaskIndex is the old subtask's index). */
  readonly handles: readonly SubtaskStateHandle[];
  /** The parallelism each of this chain's operators had when the state was taken, by operator id. */
  readonly operatorParallelism: Readonly<Record<string, number>>;
  /**
   * By input JobEdge id: the parallelism the edge's producers had when the state was taken (absent when the
   * checkpoint has none of their operators). Unaligned checkpoints: places the in-flight records after rescaling.
   */
  readonly upstreamParallelism?: Readonly<Record<string, number>>;
}

/** One triggered checkpoint as a task sees it. */
export interface CheckpointTrigger {
  readonly checkpointId: number;
  readonly timestamp: number;
  readonly location: CheckpointStorageLocation;
  /** The job's final checkpoint: every source read all its input; once it completes, the sources end. */
  readonly isFinal: boolean;
  /** Stop-with-savepoint: sources stop reading at this savepoint and end once it completes. */
  readonly terminate: boolean;
  /** With `terminate`: sources first emit the final watermark (Flink's --drain, advanceToEndOfEventTime). */
  readonly drain: boolean;
}

export function channelId(edgeId: string, producerIndex: number, consumerIndex: number): string {
  return `${edgeId}|${producerIndex}|${consumerIndex}`;
}

/** Flink's ExecutionState (note CANCELING with one L, unlike JobStatus's CANCELLING). */
export type ExecutionState =
  | 'CREATED'
  | 'SCHEDULED'
  | 'DEPLOYING'
  | 'INITIALIZING'
  | 'RUNNING'
  | 'FINISHED'
  | 'CANCELING'
  | 'CANCELED'
  | 'FAILED'
  | 'RECONCILING';

/** A failure as it travels from a task to the JobMaster and the client. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack: string;
  /** "Map (2/4)#0" — the subtask that failed, when a task failed. */
  readonly taskName?: string;
  /** The operator the error escaped from, when known. */
  readonly operatorName?: string;
}

export function serializeError(error: unknown, taskName?: string, operatorName?: string): SerializedError {
  if (error instanceof Error) {
    const stack = error.stack ?? `${error.name}: ${error.message}`;
    return { name: error.name, message: error.message, stack, taskName, operatorName };
  }
  return { name: 'Error', message: String(error), stack: String(error), taskName, operatorName };
}
