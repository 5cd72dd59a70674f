import type { CoordinatorToReaderEvent, ReaderToCoordinatorEvent } from '../../deployment/operator-event.js';
import type { SerializedError } from '../../deployment/task-deployment-descriptor.js';
import type { JobInformation } from '../../rpc/gateways.js';

// Messages between a JobMaster and its job's coordinator worker (where the split enumerators run, isolated from
// the JobManager's own thread and from other jobs, because they are user code).

export type ToCoordinator =
  | {
      readonly kind: 'init';
      readonly info: JobInformation;
      /** Enumerator states of the checkpoint restored from, by source node id. */
      readonly restored?: ReadonlyArray<readonly [number, Uint8Array]>;
    }
  | { readonly kind: 'reader-event'; readonly nodeId: number; readonly event: ReaderToCoordinatorEvent }
  | { readonly kind: 'snapshot'; readonly checkpointId: number }
  | {
      readonly kind: 'checkpoint-complete';
      readonly checkpointId: number;
      /** Set when a checkpoint (not a savepoint) completed: no restart restores from an older one any more. */
      readonly oldestRestorable?: number;
    }
  /**
   * A reader's subtask restarts in a region failover from `restoredCheckpointId` (undefined: from no checkpoint of
   * these enumerators): what was assigned to it since goes back to its enumerator (Flink's subtaskReset).
   */
  | {
      readonly kind: 'subtask-reset';
      readonly nodeId: number;
      readonly subtask: number;
      readonly restoredCheckpointId: number | undefined;
    };

export type FromCoordinator =
  | { readonly kind: 'ready' }
  | { readonly kind: 'failed'; readonly error: SerializedError }
  | {
      readonly kind: 'snapshot-done';
      readonly checkpointId: number;
      readonly states: ReadonlyArray<readonly [number, Uint8Array]>;
    }
  | {
      readonly kind: 'to-reader';
      readonly nodeId: number;
      readonly subtask: number;
      readonly event: CoordinatorToReaderEvent;
    };
