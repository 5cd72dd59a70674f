import type { CoordinatorToReaderEvent, ReaderToCoordinatorEvent } from '../../deployment/operator-event.js';
import type { SerializedError } from '../../deployment/task-deployment-descriptor.js';
import type { JobInformation } from '../../rpc/gateways.js';

// Messages between a JobMaster and its job's coordinator worker (where the split enumerators run, isolated from
// the JobManager's own thread and from other jobs, because they are user code).

export type ToCoordinator =
  | { readonly kind: 'init'; readonly info: JobInformation }
  | { readonly kind: 'reader-event'; readonly nodeId: number; readonly event: ReaderToCoordinatorEvent };

export type FromCoordinator =
  | { readonly kind: 'ready' }
  | { readonly kind: 'failed'; readonly error: SerializedError }
  | {
      readonly kind: 'to-reader';
      readonly nodeId: number;
      readonly subtask: number;
      readonly event: CoordinatorToReaderEvent;
    };
