import type { Worker } from 'node:worker_threads';
import type { CoordinatorToReaderEvent } from '../deployment/operator-event.js';
import {
  type ChannelSpec,
  type CheckpointTrigger,
  type SerializedError,
  serializeError,
  type TaskDeploymentDescriptor,
} from '../deployment/task-deployment-descriptor.js';
import { siblingModule, spawnRuntimeWorker } from '../job-loading/spawn-worker.js';
import type { NetworkEnvironmentOptions } from '../network/remote/network-environment.js';
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
  /** The port the worker accepts data connections on (known once it is ready). */
  dataPort: number;
  /** The subtasks (vertexId#subtaskIndex) deployed into the current worker: a redeployment means a restart. */
  deployed: Set<string>;
}

interface RunningTask {
  readonly tdd: TaskDeploymentDescriptor;
  readonly slotIndex: number;
  /** The task reported a terminal state: it no longer needs its slot's worker (a died worker forgets its tasks). */
  ended: boolean;
}

const TERMINAL_TASK_STATES: ReadonlySet<string> = new Set(['FINISHED', 'CANCELED', 'FAILED']);

export interface TaskExecutorOptions {
  readonly taskManagerId: string;
  readonly address: string;
  readonly numberOfSlots: number;
  readonly resourceManagerAddress: string;
  readonly testMode?: boolean;
  readonly maxOldGenerationSizeMb?: number;
  /** The host reported to the ResourceManager (taskmanager.host); default 'localhost'. */
  readonly host?: string;
  /**
   * The slot workers' data plane to other TaskManagers: interface to listen on (default the host, or 127.0.0.1),
   * request backoff, credits, TLS.
   */
  readonly network?: Partial<NetworkEnvironmentOptions>;
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
      dataPort: 0,
      deployed: new Set(),
    }));
  }

  async start(): Promise<void> {
    this.rpc.register(this.options.address, this);
    await this.registerAtResourceManager();
  }

  /** (Re-)registers this TaskExecutor's slots; the TaskManager process calls it again after the RM lost it. */
  async registerAtResourceManager(): Promise<void> {
    const rm = this.rpc.connect<ResourceManagerGateway>(this.options.resourceManagerAddress);
    await rm.registerTaskExecutor({
      taskManagerId: this.options.taskManagerId,
      address: this.options.address,
      numberOfSlots: this.options.numberOfSlots,
      host: this.options.host ?? 'localhost',
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
    // A restarted subtask gets a fresh worker (fresh user objects, as Flink loads user code per attempt) unless the
    // worker still runs tasks of another pipelined region (region failover): then it joins the loaded job module.
    const subtask = `${tdd.vertexId}#${tdd.subtaskIndex}`;
    if (slot.worker === undefined) this.forgetTasksOfSlot(tdd.slot.slotIndex);
    else if (slot.deployed.has(subtask) && !this.hasLiveTasks(tdd.slot.slotIndex)) await this.recycleWorker(slot);
    slot.deployed.add(subtask);
    this.tasks.set(tdd.executionId, { tdd, slotIndex: tdd.slot.slotIndex, ended: false });
    const channels: Record<string, ResolvedChannel> = {};
    try {
      for (const spec of tdd.inputs.flatMap((i) => i.channels)) {
        channels[spec.channelId] = this.resolveChannel(tdd.jobId, spec, tdd.slot.slotIndex, 'input');
      }
      for (const spec of tdd.outputs.flatMap((o) => o.channels)) {
        channels[spec.channelId] = this.resolveChannel(tdd.jobId, spec, tdd.slot.slotIndex, 'output');
      }
    } catch (error) {
      // No worker will ever report this task: tell the JobMaster it failed, or its cancel would wait forever.
      this.tasks.delete(tdd.executionId);
      const failed = serializeError(error);
      setImmediate(() => {
        this.jobMasters
          .get(tdd.jobId)
          ?.updateTaskExecutionState(tdd.executionId, 'FAILED', failed)
          .catch(() => {});
      });
      throw error;
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

  async requestDataAddress(jobId: string, slotIndex: number): Promise<{ host: string; port: number }> {
    const slot = this.slots[slotIndex];
    if (slot === undefined || slot.jobId !== jobId) {
      throw new Error(
        `Slot ${slotIndex} of TaskManager ${this.options.taskManagerId} is not allocated to job ${jobId}`,
      );
    }
    // As in submitTask: a worker that died left its tasks behind; a fresh one starts without them.
    if (slot.worker === undefined) this.forgetTasksOfSlot(slotIndex);
    await this.ensureWorker(slotIndex, jobId);
    return { host: this.options.host ?? '127.0.0.1', port: slot.dataPort };
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

  /**
   * The JobManager is gone or no longer knows this TaskExecutor: every job's workers end and all slots are free
   * again (Flink's TaskExecutor on JobManager loss). The ResourceManager is not told; the caller registers anew.
   */
  async releaseAllSlots(): Promise<void> {
    const jobIds = new Set(this.slots.flatMap((slot) => (slot.jobId === undefined ? [] : [slot.jobId])));
    for (const jobId of jobIds) await this.releaseJob(jobId).catch(() => {});
  }

  async stop(): Promise<void> {
    for (const slot of this.slots) await slot.worker?.terminate();
    this.rpc.unregister(this.options.address);
  }

  /**
   * Ends a slot's worker before a restarted subtask deploys into it, once none of its tasks runs any more (a full
   * restart, or a region whose slot holds no other region's tasks): user functions, module state and resources of
   * the failed attempt go with it, as a Flink TaskManager deserializes fresh user code for every attempt.
   */
  private async recycleWorker(slot: SlotState): Promise<void> {
    const worker = slot.worker;
    slot.worker = undefined;
    slot.ready = undefined;
    this.forgetTasksOfSlot(this.slots.indexOf(slot));
    if (worker !== undefined) await worker.terminate();
  }

  /** The slot's worker is gone (recycled or died): its tasks and the subtasks it ran are forgotten. */
  private forgetTasksOfSlot(slotIndex: number): void {
    this.slots[slotIndex].deployed = new Set();
    for (const [id, task] of this.tasks) if (task.slotIndex === slotIndex) this.tasks.delete(id);
  }

  private hasLiveTasks(slotIndex: number): boolean {
    for (const task of this.tasks.values()) if (task.slotIndex === slotIndex && !task.ended) return true;
    return false;
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
    spec: ChannelSpec,
    slotIndex: number,
    direction: 'input' | 'output',
  ): ResolvedChannel {
    const { channelId, peer } = spec;
    if (peer.taskManagerId !== this.options.taskManagerId) {
      if (direction === 'output') return { kind: 'remote-output' };
      if (peer.address === undefined) {
        throw new Error(`internal error: channel ${channelId} names no address of TaskManager ${peer.taskManagerId}`);
      }
      return { kind: 'remote-input', peer: { ...peer, address: peer.address } };
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

  /** The data plane options every slot worker of this TaskExecutor gets. */
  private networkOptions(): NetworkEnvironmentOptions {
    const network = this.options.network ?? {};
    return { ...network, bindHost: network.bindHost ?? this.options.host ?? '127.0.0.1' };
  }

  /** A consumer task in a slot worker asks where its producer's worker (in another TaskManager) listens. */
  private resolveDataAddress(slot: SlotState, message: Extract<FromSlotWorker, { kind: 'resolve-data-address' }>) {
    const { requestId, jobId, peer } = message;
    this.rpc
      .connect<TaskExecutorGateway>(peer.address)
      .requestDataAddress(jobId, peer.slotIndex)
      .then(
        ({ host, port }) => this.post(slot, { kind: 'data-address', requestId, host, port }),
        (error: Error) => this.post(slot, { kind: 'data-address', requestId, error: error.message }),
      );
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
          if (message.kind === 'loaded') {
            slot.dataPort = message.dataPort;
            resolve();
          } else if (message.kind === 'load-failed') {
            reject(toError(message.error));
          } else if (message.kind === 'resolve-data-address') {
            this.resolveDataAddress(slot, message);
          } else {
            this.onWorkerMessage(jobId, message);
          }
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
        this.post(slot, {
          kind: 'init',
          info: info as JobInformation,
          testMode: this.options.testMode ?? false,
          network: this.networkOptions(),
        });
      });
    })();
    slot.ready.catch((error) => this.failTasksOfSlot(slotIndex, serializeError(error)));
    return slot.ready;
  }

  private onWorkerMessage(jobId: string, message: FromSlotWorker): void {
    const jm = this.jobMaster(jobId);
    const ignore = () => {};
    switch (message.kind) {
      case 'task-state': {
        const task = this.tasks.get(message.executionId);
        if (task !== undefined && TERMINAL_TASK_STATES.has(message.state)) task.ended = true;
        jm.updateTaskExecutionState(message.executionId, message.state, message.error).catch(ignore);
        return;
      }
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
      case 'resolve-data-address':
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
