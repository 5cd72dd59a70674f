import type { Worker } from 'node:worker_threads';
import type { CoordinatorToReaderEvent, ReaderToCoordinatorEvent } from '../../deployment/operator-event.js';
import { type SerializedError, serializeError } from '../../deployment/task-deployment-descriptor.js';
import { siblingModule, spawnRuntimeWorker } from '../../job-loading/spawn-worker.js';
import type { JobInformation } from '../../rpc/gateways.js';
import type { FromCoordinator, ToCoordinator } from './coordinator-protocol.js';

/**
 * The JobMaster's side of a job's coordinator worker, where the split enumerators run (Flink's
 * SourceCoordinator, isolated in a thread because it is user code). Contract: called on the JobManager's thread.
 */
export class SourceCoordinatorHost {
  /** Resolves once the enumerators started (or the coordinator failed: the job fails through `onFailure`). */
  readonly ready: Promise<void>;
  private readonly worker: Worker;

  constructor(
    info: JobInformation,
    private readonly toReader: (nodeId: number, subtask: number, event: CoordinatorToReaderEvent) => void,
    private readonly onFailure: (error: SerializedError) => void,
  ) {
    const worker = spawnRuntimeWorker(siblingModule('./coordinator-worker', import.meta.url), {
      name: `coordinator-${info.jobGraph.jobId}`,
    });
    this.worker = worker;
    this.ready = new Promise<void>((resolve) => {
      worker.on('message', (message: FromCoordinator) => {
        switch (message.kind) {
          case 'ready':
            resolve();
            return;
          case 'failed':
            resolve();
            this.onFailure(message.error);
            return;
          case 'to-reader':
            this.toReader(message.nodeId, message.subtask, message.event);
            return;
          default: {
            const never: never = message;
            throw new Error(`unknown coordinator message ${JSON.stringify(never)}`);
          }
        }
      });
      worker.on('error', (error) => {
        resolve();
        this.onFailure(serializeError(error, 'source coordinator'));
      });
    });
    worker.postMessage({ kind: 'init', info } satisfies ToCoordinator);
  }

  /** A reader's event for the enumerator of source node `nodeId`, delivered once the enumerators run. */
  async fromReader(nodeId: number, event: ReaderToCoordinatorEvent): Promise<void> {
    await this.ready;
    this.worker.postMessage({ kind: 'reader-event', nodeId, event } satisfies ToCoordinator);
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}
