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
  private readonly snapshots = new Map<number, (states: ReadonlyMap<number, Uint8Array>) => void>();
  /** Events to readers held while a checkpoint is being triggered (Flink's OperatorEventValve). */
  private held: Array<() => void> | undefined;

  constructor(
    info: JobInformation,
    private readonly toReader: (nodeId: number, subtask: number, event: CoordinatorToReaderEvent) => void,
    private readonly onFailure: (error: SerializedError) => void,
    restored?: ReadonlyArray<readonly [number, Uint8Array]>,
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
          case 'to-reader': {
            const send = () => this.toReader(message.nodeId, message.subtask, message.event);
            if (this.held !== undefined) this.held.push(send);
            else send();
            return;
          }
          case 'snapshot-done': {
            // Events the enumerators sent after their snapshot must reach readers only after the barrier was
            // injected: a split assigned after the snapshot would otherwise be in both the enumerator's and a
            // reader's state.
            this.held ??= [];
            this.snapshots.get(message.checkpointId)?.(new Map(message.states));
            this.snapshots.delete(message.checkpointId);
            return;
          }
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
    worker.postMessage({ kind: 'init', info, restored } satisfies ToCoordinator);
  }

  /** The enumerators' states; events to readers are held from the snapshot on until releaseEvents(). */
  async snapshot(checkpointId: number): Promise<ReadonlyMap<number, Uint8Array>> {
    await this.ready;
    return new Promise((resolve) => {
      this.snapshots.set(checkpointId, resolve);
      this.worker.postMessage({ kind: 'snapshot', checkpointId } satisfies ToCoordinator);
    });
  }

  releaseEvents(): void {
    const held = this.held;
    this.held = undefined;
    if (held !== undefined) for (const send of held) send();
  }

  /** `oldestRestorable`: set when a checkpoint (not a savepoint) completed, the oldest one a restart may use. */
  notifyCheckpointComplete(checkpointId: number, oldestRestorable?: number): void {
    this.worker.postMessage({ kind: 'checkpoint-complete', checkpointId, oldestRestorable } satisfies ToCoordinator);
  }

  /**
   * Reader subtask `subtask` of source node `nodeId` restarts in a region failover from `restoredCheckpointId`:
   * its splits assigned since go back to the enumerator. Must be called before the restarted reader registers.
   */
  subtaskReset(nodeId: number, subtask: number, restoredCheckpointId: number | undefined): void {
    this.worker.postMessage({ kind: 'subtask-reset', nodeId, subtask, restoredCheckpointId } satisfies ToCoordinator);
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
