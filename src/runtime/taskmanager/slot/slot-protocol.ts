import type { CheckpointFailureReason } from '../../checkpoint/checkpoint-failure-counter.js';
import type { SubtaskStateHandle } from '../../checkpoint/checkpoint-metadata.js';
import type { CoordinatorToReaderEvent, ReaderToCoordinatorEvent } from '../../deployment/operator-event.js';
import type {
  CheckpointTrigger,
  ExecutionState,
  SerializedError,
  TaskDeploymentDescriptor,
} from '../../deployment/task-deployment-descriptor.js';
import type { NetworkEnvironmentOptions, RemotePeer } from '../../network/remote/network-environment.js';
import type { SharedChannelDescriptor } from '../../network/shared-channel-layout.js';
import type { JobInformation } from '../../rpc/gateways.js';
import type { CheckpointMetricsReport } from '../task/subtask-checkpointer.js';

// Messages between a TaskExecutor's main thread and one of its slot workers. Plain data (structured clone);
// SharedArrayBuffers of cross-thread channels travel inside descriptors.

/**
 * How a channel end is wired in the worker: in-worker object batches, shared memory with another worker, or TCP
 * to a worker of another TaskManager (the producer's end waits for its consumer; the consumer's end connects).
 */
export type ResolvedChannel =
  | { readonly kind: 'local' }
  | { readonly kind: 'shared'; readonly descriptor: SharedChannelDescriptor }
  | { readonly kind: 'remote-output' }
  | { readonly kind: 'remote-input'; readonly peer: RemotePeer };

export type ToSlotWorker =
  | {
      readonly kind: 'init';
      readonly info: JobInformation;
      readonly testMode: boolean;
      readonly network: NetworkEnvironmentOptions;
    }
  | {
      readonly kind: 'data-address';
      readonly requestId: number;
      readonly host?: string;
      readonly port?: number;
      readonly error?: string;
    }
  | {
      readonly kind: 'deploy';
      readonly tdd: TaskDeploymentDescriptor;
      readonly channels: Readonly<Record<string, ResolvedChannel>>;
    }
  | { readonly kind: 'cancel'; readonly executionId: string }
  | {
      readonly kind: 'trigger-checkpoint';
      readonly executionId: string;
      readonly trigger: CheckpointTrigger;
      /** Source tasks inject the barrier; the others only learn where the checkpoint's files go. */
      readonly isSource: boolean;
    }
  | {
      readonly kind: 'notify-checkpoint';
      readonly executionId: string;
      readonly checkpointId: number;
      readonly complete: boolean;
    }
  | {
      readonly kind: 'operator-event';
      readonly executionId: string;
      readonly nodeId: number;
      readonly event: CoordinatorToReaderEvent;
    };

export type FromSlotWorker =
  | { readonly kind: 'loaded'; readonly dataPort: number }
  /** A consumer task here needs the data port of a producer's slot worker in another TaskManager. */
  | {
      readonly kind: 'resolve-data-address';
      readonly requestId: number;
      readonly jobId: string;
      readonly peer: RemotePeer;
    }
  | { readonly kind: 'load-failed'; readonly error: SerializedError }
  | {
      readonly kind: 'task-state';
      readonly executionId: string;
      readonly state: ExecutionState;
      readonly error?: SerializedError;
    }
  | {
      readonly kind: 'operator-event';
      readonly executionId: string;
      readonly nodeId: number;
      readonly event: ReaderToCoordinatorEvent;
    }
  | { readonly kind: 'collect'; readonly collectId: string; readonly values: unknown[]; readonly last: boolean }
  | { readonly kind: 'metrics'; readonly executionId: string; readonly metrics: Readonly<Record<string, number>> }
  | {
      readonly kind: 'checkpoint-ack';
      readonly executionId: string;
      readonly checkpointId: number;
      readonly handle: SubtaskStateHandle | undefined;
      readonly metrics: CheckpointMetricsReport;
    }
  | {
      readonly kind: 'checkpoint-decline';
      readonly executionId: string;
      readonly checkpointId: number;
      readonly reason: CheckpointFailureReason;
      readonly message: string;
    }
  | { readonly kind: 'source-end-of-input'; readonly executionId: string };
