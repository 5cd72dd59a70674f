import type { Worker } from 'node:worker_threads';
import type { CoordinatorToReaderEvent } from '../deployment/operator-event.js';
import {
  type CheckpointTrigger,
  type SerializedError,
  serializeError,
  type TaskDeploymentDescriptor,
} from '../deployment/task-deployment-descriptor.js';
import { siblingModule, spawnRuntimeWorker } from '../job-loading/spawn-worker.js';
import { createSharedChannel, type SharedChannelDescriptor } from '../network/shared-channel-layout.js';
import type { JobInformation, JobMasterGateway, ResourceManagerGateway, TaskExecutorGateway } from '../rpc/gateways.js';
import type { RpcService } from '../rpc/rpc-service.js';
import type { FromSlotWorker, ResolvedChannel, ToSlotWorker } from './slot/slot-protocol.js';

// The TaskExecutor (Flink's TaskExecutor): registers its slots with the ResourceManager, offers allocated slots to
// JobMasters, and runs deployed subtasks in its slots. A slot of a job is a worker thread, started when the first
// subtask of the job lands in it and ended with the job (ES modules cannot be unloaded). This class holds the RPC
// handlers and the slot table; the tasks themselves run in slot-worker.ts.

interface SlotState {
  allocationId: string | undefined;
  jobId: string | undefined;
  worker: Worker | undefined;
  ready: Promise<void> | undefined;
  /** The job attempt the worker was started for: a restarted job gets fresh workers (fresh user objects). */
  attempt: number;
}

interface RunningTask {
  readonly tdd: TaskDeploymentDescriptor;
  readonly slotIndex: number;
}

export interface TaskExecutorOptions {
  readonly taskManagerId: string;
  readonly address: string;
  readonly numberOfSlots: number;
  readonly resourceManagerAddress: string;
  readonly testMode?: boolean;
  readonly maxOldGenerationSizeMb?: number;
}

export class TaskExecutor implements TaskExecutorGateway {
  private readonly slots: SlotState[];
  private readonly jobMasters = new Map<string, JobMasterGateway>();
  private readonly tasks = new Map<string, RunningTask>();
  /** Cross-thread channels between this TaskExecutor's slots, by channel id: both ends get one descriptor. */
  private readonly sharedChannels = new Map<string, SharedChannelDescriptor>();

  constructor(
    private readonly rpc: RpcService,
    private readonly options: TaskExecutorOptions,
  ) {
    this.slots = Array.from({ length: options.numberOfSlots }, () => ({
      allocationId: undefined,
      jobId: undefined,
      worker: undefined,
      ready: undefined,
      attempt: 0,
    }));
  }

  async start(): Promise<void> {
    this.rpc.register(this.options.address, this);
    const rm = this.rpc.connect<ResourceManagerGateway>(this.options.resourceManagerAddress);
    await rm.registerTaskExecutor({
      taskManagerId: this.options.taskManagerId,
      address: this.options.address,
      numberOfSlots: this.options.numberOfSlots,
      host: 'localhost',
    });
  }

  async requestSlot(slotIndex: number, allocationId: string, jobId: string, jobMasterAddress: string): Promise<void> {
    const slot = this.slots[slotIndex];
    if (slot === undefined) throw new Error(`TaskExecutor ${this.options.taskManagerId} has no slot ${slotIndex}`);
    if (slot.allocationId !== undefined) throw new Error(`Slot ${slotIndex} is already allocated to job ${slot.jobId}`);
    slot.allocationId = allocationId;
    slot.jobId = jobId;
    const jm = this.jobMaster(jobId, jobMasterAddress);
    await jm.offerSlots(this.options.taskManagerId, this.options.address, [{ allocationId, slotIndex }]);
  }

  async submitTask(tdd: TaskDeploymentDescriptor): Promise<void> {
    const slot = this.slots[tdd.slot.slotIndex];
    if (slot === undefined || slot.jobId !== tdd.jobId) {
      throw new Error(
        `Slot ${tdd.slot.slotIndex} of ${this.options.taskManagerId} is not allocated to job ${tdd.jobId}`,
      );
    }
    if (slot.worker !== undefined && slot.attempt !== tdd.attemptNumber) await this.recycleWorker(slot);
    slot.attempt = tdd.attemptNumber;
    this.tasks.set(tdd.executionId, { tdd, slotIndex: tdd.slot.slotIndex });
    const channels: Record<string, ResolvedChannel> = {};
    for (const spec of [...tdd.inputs.flatMap((i) => i.channels), ...tdd.outputs.flatMap((o) => o.channels)]) {
      channels[spec.channelId] = this.resolveChannel(tdd.jobId, spec.channelId, tdd.slot.slotIndex, spec.peer);
    }
    await this.ensureWorker(tdd.slot.slotIndex, tdd.jobId);
    this.post(slot, { kind: 'deploy', tdd, channels });
  }

  async cancelTask(executionId: string): Promise<void> {
    const task = this.tasks.get(executionId);
    if (task === undefined) return;
    const slot = this.slots[task.slotIndex];
    if (slot.worker !== undefined) this.post(slot, { kind: 'cancel', executionId });
  }

  async sendOperatorEventToTask(executionId: string, nodeId: number, event: CoordinatorToReaderEvent): Promise<void> {
    const task = this.tasks.get(executionId);
    if (task === undefined) return;
    this.post(this.slots[task.slotIndex], { kind: 'operator-event', executionId, nodeId, event });
  }

  async triggerCheckpoint(executionId: string, trigger: CheckpointTrigger, isSource: boolean): Promise<void> {
    const task = this.tasks.get(executionId);
    // An unknown task (ended, or its worker died) never acknowledges: the checkpoint expires or the job restarts.
    if (task === undefined) return;
    this.post(this.slots[task.slotIndex], { kind: 'trigger-checkpoint', executionId, trigger, isSource });
  }

  async notifyCheckpoint(executionId: string, checkpointId: number, complete: boolean): Promise<void> {
    const task = this.tasks.get(executionId);
    if (task === undefined) return;
    this.post(this.slots[task.slotIndex], { kind: 'notify-checkpoint', executionId, checkpointId, complete });
  }

  async releaseJob(jobId: string): Promise<void> {
    const freed: string[] = [];
    for (const slot of this.slots) {
      if (slot.jobId !== jobId) continue;
      if (slot.allocationId !== undefined) freed.push(slot.allocationId);
      const worker = slot.worker;
      slot.worker = undefined;
      slot.ready = undefined;
      slot.allocationId = undefined;
      slot.jobId = undefined;
      if (worker !== undefined) await worker.terminate();
    }
    for (const [id, task] of this.tasks) if (task.tdd.jobId === jobId) this.tasks.delete(id);
    for (const id of [...this.sharedChannels.keys()]) if (id.startsWith(`${jobId}/`)) this.sharedChannels.delete(id);
    this.jobMasters.delete(jobId);
    const rm = this.rpc.connect<ResourceManagerGateway>(this.options.resourceManagerAddress);
    await rm.notifySlotsFreed(this.options.taskManagerId, freed);
  }

  async stop(): Promise<void> {
    for (const slot of this.slots) await slot.worker?.terminate();
    this.rpc.unregister(this.options.address);
  }

  /**
   * Ends a slot's worker before a restarted job deploys into it: user functions, module state and resources of the
   * failed attempt go with it, as a Flink TaskManager deserializes fresh user code for every attempt.
   */
  private async recycleWorker(slot: SlotState): Promise<void> {
    const worker = slot.worker;
    slot.worker = undefined;
    slot.ready = undefined;
    for (const [id, task] of this.tasks) if (this.slots[task.slotIndex] === slot) this.tasks.delete(id);
    if (worker !== undefined) await worker.terminate();
  }

  private jobMaster(jobId: string, address?: string): JobMasterGateway {
    let jm = this.jobMasters.get(jobId);
    if (jm === undefined) {
      if (address === undefined) throw new Error(`internal error: no JobMaster known for job ${jobId}`);
      jm = this.rpc.connect<JobMasterGateway>(address);
      this.jobMasters.set(jobId, jm);
    }
    return jm;
  }

  private resolveChannel(
    jobId: string,
    channelId: string,
    slotIndex: number,
    peer: { taskManagerId: string; slotIndex: number },
  ): ResolvedChannel {
    if (peer.taskManagerId !== this.options.taskManagerId) {
      throw new Error(
        `Channel ${channelId} connects TaskManagers ${this.options.taskManagerId} and ${peer.taskManagerId}; ` +
          'network channels between TaskManager processes are not available in this runtime yet',
      );
    }
    if (peer.slotIndex === slotIndex) return { kind: 'local' };
    const key = `${jobId}/${channelId}`;
    let descriptor = this.sharedChannels.get(key);
    if (descriptor === undefined) {
      descriptor = createSharedChannel({ name: channelId });
      this.sharedChannels.set(key, descriptor);
    }
    return { kind: 'shared', descriptor };
  }

  private ensureWorker(slotIndex: number, jobId: string): Promise<void> {
    const slot = this.slots[slotIndex];
    if (slot.ready !== undefined) return slot.ready;
    const worker = spawnRuntimeWorker(siblingModule('./slot/slot-worker', import.meta.url), {
      name: `slot-${slotIndex}`,
      maxOldGenerationSizeMb: this.options.maxOldGenerationSizeMb,
    });
    slot.worker = worker;
    slot.ready = (async () => {
      const info = await this.jobMaster(jobId).getJobInformation();
      await new Promise<void>((resolve, reject) => {
        worker.on('message', (message: FromSlotWorker) => {
          if (message.kind === 'loaded') resolve();
          else if (message.kind === 'load-failed') reject(toError(message.error));
          else this.onWorkerMessage(jobId, message);
        });
        worker.on('error', (error) => {
          reject(error);
          this.failTasksOfSlot(slotIndex, serializeError(error));
        });
        worker.on('exit', (code) => {
          if (slot.worker !== worker) return;
          // The slot stays allocated to the job; its next deployment (a restart) starts a fresh worker.
          slot.worker = undefined;
          slot.ready = undefined;
          this.failTasksOfSlot(
            slotIndex,
            serializeError(new Error(`The worker thread of slot ${slotIndex} exited with code ${code}`)),
          );
        });
        this.post(slot, { kind: 'init', info: info as JobInformation, testMode: this.options.testMode ?? false });
      });
    })();
    slot.ready.catch((error) => this.failTasksOfSlot(slotIndex, serializeError(error)));
    return slot.ready;
  }

  private onWorkerMessage(jobId: string, message: FromSlotWorker): void {
    const jm = this.jobMaster(jobId);
    const ignore = () => {};
    switch (message.kind) {
      case 'task-state':
        jm.updateTaskExecutionState(message.executionId, message.state, message.error).catch(ignore);
        return;
      case 'operator-event':
        jm.sendOperatorEventToCoordinator(message.executionId, message.nodeId, message.event).catch(ignore);
        return;
      case 'collect':
        jm.deliverCollected(message.collectId, message.values, message.last).catch(ignore);
        return;
      case 'metrics':
        jm.reportTaskMetrics(message.executionId, message.metrics).catch(ignore);
        return;
      case 'checkpoint-ack':
        jm.acknowledgeCheckpoint(message.executionId, message.checkpointId, message.handle, message.metrics).catch(
          ignore,
        );
        return;
      case 'checkpoint-decline':
        jm.declineCheckpoint(message.executionId, message.checkpointId, message.reason, message.message).catch(ignore);
        return;
      case 'source-end-of-input':
        jm.notifySourceEndOfInput(message.executionId).catch(ignore);
        return;
      case 'loaded':
      case 'load-failed':
        return;
      default: {
        const never: never = message;
        throw new Error(`unknown worker message ${JSON.stringify(never)}`);
      }
    }
  }

  private failTasksOfSlot(slotIndex: number, error: SerializedError): void {
    for (const [executionId, task] of this.tasks) {
      if (task.slotIndex !== slotIndex) continue;
      this.jobMaster(task.tdd.jobId)
        .updateTaskExecutionState(executionId, 'FAILED', error)
        .catch(() => {});
    }
  }

  private post(slot: SlotState, message: ToSlotWorker): void {
    slot.worker?.postMessage(message);
  }
}

function toError(error: SerializedError): Error {
  const result = new Error(error.message);
  result.name = error.name;
  result.stack = error.stack;
  return result;
}
