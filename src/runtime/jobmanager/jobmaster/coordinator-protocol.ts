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
  | { readonly kind: 'checkpoint-complete'; readonly checkpointId: number };

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
