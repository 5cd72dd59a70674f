import { type JobStatus, TERMINAL_JOB_STATUSES } from '../../../api/execution/job-client.js';
import { durationOption } from '../../../core/config/duration-option.js';
import { log } from '../../../core/log.js';
import type { CheckpointFailureReason } from '../../checkpoint/checkpoint-failure-counter.js';
import type { SubtaskStateHandle } from '../../checkpoint/checkpoint-metadata.js';
import type { ReaderToCoordinatorEvent } from '../../deployment/operator-event.js';
import {
  type ExecutionState,
  type SerializedError,
  serializeError,
} from '../../deployment/task-deployment-descriptor.js';
import type {
  JobInformation,
  JobMasterGateway,
  JobResult,
  ResourceManagerGateway,
  SlotOffer,
  TaskExecutorGateway,
} from '../../rpc/gateways.js';
import type { RpcService } from '../../rpc/rpc-service.js';
import type { CheckpointMetricsReport } from '../../taskmanager/task/subtask-checkpointer.js';
import { CollectBuffers } from './collect-buffers.js';
import { requiredSlots } from './deployment-planner.js';
import type { Execution } from './execution.js';
import { JobCheckpointing } from './job-checkpointing.js';
import { isTerminal, isTerminalState, JobExecutions, type SubtaskId } from './job-executions.js';
import { JobRestarts } from './job-restarts.js';
import { JobSlotPool } from './job-slot-pool.js';
import type { RestoreSource } from './restore-assignment.js';
import { SourceCoordinatorHost } from './source-coordinator-host.js';

export type { Execution } from './execution.js';

// The JobMaster of one job (Flink's JobMaster with its scheduler): asks the ResourceManager for slots, accepts the
// TaskExecutors' offers, deploys every subtask, tracks execution states, and decides the job's status. Source
// enumerators run in a coordinator worker of their own. A failed task restarts, when the restart strategy allows
// (by default only with checkpointing on), either its pipelined region (jobmanager.execution.failover-strategy
// 'region', Flink's default: the job stays RUNNING, the enumerators keep their state and get the region's
// uncheckpointed splits back) or the whole job ('full'), from the latest completed checkpoint; otherwise the job
// fails. Checkpointing lives in job-checkpointing.ts, restarts in job-restarts.ts (bookkeeping in region-failover.ts),
// the executions and their deployment in job-executions.ts.

export class JobMaster implements JobMasterGateway {
  readonly jobId: string;
  readonly jobName: string;
  status: JobStatus = 'CREATED';
  readonly statusTimestamps: Partial<Record<JobStatus, number>> = {};
  /** The current execution of every subtask, by execution id. */
  readonly executions: ReadonlyMap<string, Execution>;
  private readonly tasks: JobExecutions;
  failure: SerializedError | undefined;
  /** Every task failure, newest first (Flink's exception history). */
  readonly exceptionHistory: Array<SerializedError & { timestamp: number }> = [];
  readonly checkpointing: JobCheckpointing;
  private readonly restarts: JobRestarts;
  private readonly slotPool: JobSlotPool;
  private readonly slotRequestTimeoutMs: number;
  private deployed = false;
  private coordinator: SourceCoordinatorHost | undefined;
  private readonly collect = new CollectBuffers();
  private readonly result: Promise<JobResult>;
  private resolveResult!: (result: JobResult) => void;
  private runningSince = 0;

  constructor(
    readonly address: string,
    private readonly rpc: RpcService,
    private readonly info: JobInformation,
    private readonly resourceManagerAddress: string,
  ) {
    this.jobId = info.jobGraph.jobId;
    this.jobName = info.jobGraph.jobName;
    this.result = new Promise((resolve) => {
      this.resolveResult = resolve;
    });
    this.statusTimestamps.INITIALIZING = Date.now();
    this.tasks = new JobExecutions(info.jobGraph, (address) => this.taskExecutor(address));
    this.executions = this.tasks.byId;
    this.transition('CREATED');
    this.checkpointing = new JobCheckpointing(info, {
      tasks: () => this.tasks.current(),
      coordinator: () => this.coordinator,
      taskExecutor: (address) => this.taskExecutor(address),
      failJob: (message) => {
        this.failJob(serializeError(new Error(message), 'checkpoint coordinator'));
        this.checkTerminal();
      },
    });
    this.slotPool = new JobSlotPool(requiredSlots(info.jobGraph));
    this.slotRequestTimeoutMs = durationOption(info.jobGraph.config, 'slot.request.timeout', 300_000);
    this.restarts = this.createRestarts();
  }

  get jobGraph() {
    return this.info.jobGraph;
  }

  async start(): Promise<void> {
    this.rpc.register(this.address, this);
    await this.checkpointing.initialize();
    this.transition('RUNNING');
    this.runningSince = Date.now();
    await this.startCoordinator(this.checkpointing.restoreSource);
    const rm = this.rpc.connect<ResourceManagerGateway>(this.resourceManagerAddress);
    await rm.requestSlots(this.jobId, this.address, requiredSlots(this.info.jobGraph));
  }

  whenTerminal(): Promise<JobResult> {
    return this.result;
  }

  private async startCoordinator(restore: RestoreSource | undefined): Promise<void> {
    if (!this.info.jobGraph.vertices.some((v) => v.chain.some((n) => n.kind === 'source'))) return;
    const restored = restore === undefined ? undefined : await this.checkpointing.enumeratorStates(restore);
    this.coordinator = new SourceCoordinatorHost(
      this.info,
      (nodeId, subtask, event) => this.tasks.sendToReader(nodeId, subtask, event),
      (error) => {
        this.failJob(error);
        this.checkTerminal();
      },
      restored,
    );
  }

  async offerSlots(taskManagerId: string, address: string, offers: readonly SlotOffer[]): Promise<SlotOffer[]> {
    if (TERMINAL_JOB_STATUSES.has(this.status)) return [];
    const accepted = this.slotPool.offer(taskManagerId, address, offers, this.deployed);
    if (!this.deployed && this.slotPool.complete) {
      // Deploy after this RPC answered, so the TaskExecutor has recorded the offer before tasks arrive.
      setImmediate(() => void this.deployAll());
    }
    return accepted;
  }

  async getJobInformation(): Promise<JobInformation> {
    return this.info;
  }

  async updateTaskExecutionState(executionId: string, state: ExecutionState, error?: SerializedError): Promise<void> {
    const execution = this.executions.get(executionId);
    if (execution === undefined || isTerminal(execution)) return;
    // Once cancelling, only the end counts: a late RUNNING must not hide that cancellation is under way.
    if (execution.state === 'CANCELING' && !isTerminalState(state)) return;
    execution.state = state;
    execution.timestamps[state] = Date.now();
    if (state === 'RUNNING' && this.tasks.allIn('RUNNING')) this.checkpointing.onAllTasksRunning();
    if (state === 'FINISHED') this.checkpointing.coordinator?.onTaskFinished(executionId);
    if (state === 'FAILED') {
      this.restarts.onTaskFailure(error ?? serializeError(new Error('a task failed without an error')), execution);
    }
    this.checkTerminal();
  }

  async acknowledgeCheckpoint(
    executionId: string,
    checkpointId: number,
    handle: SubtaskStateHandle | undefined,
    metrics: CheckpointMetricsReport,
  ): Promise<void> {
    this.checkpointing.coordinator?.acknowledge(executionId, checkpointId, handle, metrics);
  }

  async declineCheckpoint(
    executionId: string,
    checkpointId: number,
    reason: CheckpointFailureReason,
    message: string,
  ): Promise<void> {
    this.checkpointing.coordinator?.decline(executionId, checkpointId, reason, message);
  }

  async notifySourceEndOfInput(executionId: string): Promise<void> {
    this.checkpointing.onSourceEndOfInput(executionId);
  }

  async sendOperatorEventToCoordinator(
    executionId: string,
    nodeId: number,
    event: ReaderToCoordinatorEvent,
  ): Promise<void> {
    // Events of an execution that is being cancelled or ended (a restarting region's old reader) are dropped, as
    // Flink's coordinator drops events of old attempts: a late split request must not win a split for nobody.
    const execution = this.executions.get(executionId);
    if (execution === undefined || execution.state === 'CANCELING' || isTerminal(execution)) return;
    await this.coordinator?.fromReader(nodeId, event);
  }

  async deliverCollected(collectId: string, values: unknown[], last: boolean): Promise<void> {
    this.collect.add(collectId, values, last);
  }

  async reportTaskMetrics(executionId: string, metrics: Readonly<Record<string, number>>): Promise<void> {
    const execution = this.executions.get(executionId);
    if (execution !== undefined) execution.metrics = metrics;
  }

  pollCollected(collectId: string): Promise<{ values: unknown[]; done: boolean }> {
    return this.collect.poll(collectId, TERMINAL_JOB_STATUSES.has(this.status));
  }

  /**
   * A TaskManager is gone (heartbeat timeout): its slots are replaced by asking the ResourceManager for as many
   * again; restarts wait for them (Flink's slot.request.timeout), so the job recovers on the remaining or a newly
   * registered TaskManager. The Dispatcher fails the lost TaskManager's executions right after.
   */
  taskManagerLost(taskManagerId: string): void {
    if (TERMINAL_JOB_STATUSES.has(this.status)) return;
    const lost = this.slotPool.lose(taskManagerId);
    if (lost === 0) return;
    log('info', 'JobMaster', `TaskManager ${taskManagerId} lost: requesting ${lost} slots for job ${this.jobId}.`);
    const rm = this.rpc.connect<ResourceManagerGateway>(this.resourceManagerAddress);
    rm.requestSlots(this.jobId, this.address, lost).catch((error) => {
      this.failJob(serializeError(error, 'slot request'));
      this.checkTerminal();
    });
  }

  /** Flink's triggerSavepoint: the savepoint's directory once it completed. */
  async triggerSavepoint(targetDirectory?: string): Promise<string> {
    this.requireRunning('trigger a savepoint');
    return this.checkpointing.triggerSavepoint(targetDirectory);
  }

  /** Flink's stopWithSavepoint: the job finishes after the savepoint; resolves with its directory. */
  async stopWithSavepoint(targetDirectory: string | undefined, drain: boolean): Promise<string> {
    this.requireRunning('stop it with a savepoint');
    return this.checkpointing.stopWithSavepoint(targetDirectory, drain);
  }

  private requireRunning(what: string): void {
    if (this.status !== 'RUNNING') {
      throw new Error(`Job ${this.jobId} is ${this.status}, not RUNNING: cannot ${what}.`);
    }
  }

  cancel(): void {
    if (TERMINAL_JOB_STATUSES.has(this.status) || this.status === 'CANCELLING') return;
    this.restarts.stop();
    this.checkpointing.suspend('the job is being cancelled');
    this.transition('CANCELLING');
    this.cancelAll();
    this.checkTerminal();
  }

  /** Stops at once (the cluster shuts down): ends the coordinator worker whatever the executions' states. */
  async shutdown(): Promise<void> {
    this.cancel();
    await this.coordinator?.terminate();
    this.rpc.unregister(this.address);
  }

  private async deployAll(): Promise<void> {
    if (this.deployed || TERMINAL_JOB_STATUSES.has(this.status)) return;
    this.deployed = true;
    await this.deploySubtasks(this.restarts.allSubtasks(), this.checkpointing.restoreSource);
  }

  /** JobRestarts with what it may do to this job (see RestartHost). */
  private createRestarts(): JobRestarts {
    return new JobRestarts({
      jobId: this.jobId,
      jobGraph: this.info.jobGraph,
      checkpointing: this.checkpointing,
      executions: this.tasks,
      currentStatus: () => this.status,
      transition: (status) => this.transition(status),
      recordFailure: (error) => {
        this.failure = error;
        this.exceptionHistory.unshift({ ...error, timestamp: Date.now() });
      },
      failJob: (error) => this.failJob(error),
      checkTerminal: () => this.checkTerminal(),
      whenSlotsComplete: () => this.slotPool.whenComplete(this.slotRequestTimeoutMs),
      restartCoordinator: async (restore) => {
        await this.coordinator?.terminate();
        this.coordinator = undefined;
        this.tasks.forget('all');
        await this.startCoordinator(restore);
      },
      resetReader: (nodeId, subtask, restoredId) => this.coordinator?.subtaskReset(nodeId, subtask, restoredId),
      deploySubtasks: (subtasks, restore) => this.deploySubtasks(subtasks, restore),
    });
  }

  /** Deploys `subtasks` (every subtask, or a region's) in their current attempt, from `restore` when given. */
  private async deploySubtasks(subtasks: readonly SubtaskId[], restore: RestoreSource | undefined): Promise<void> {
    try {
      await this.coordinator?.ready;
      if (TERMINAL_JOB_STATUSES.has(this.status) || this.status !== 'RUNNING') return;
      const { slots } = this.slotPool;
      await this.tasks.deploy(subtasks, restore, slots, this.restarts.failover, () => this.status === 'RUNNING');
    } catch (error) {
      this.failJob(serializeError(error, 'deployment'));
      this.checkTerminal();
    }
  }

  private failJob(error: SerializedError): void {
    if (TERMINAL_JOB_STATUSES.has(this.status) || this.status === 'FAILING') return;
    this.restarts.stop();
    this.checkpointing.suspend('the job is failing');
    this.failure = error;
    if (this.exceptionHistory[0]?.message !== error.message)
      this.exceptionHistory.unshift({ ...error, timestamp: Date.now() });
    this.transition('FAILING');
    this.cancelAll();
  }

  private cancelAll(): void {
    this.tasks.cancel(this.tasks.current());
  }

  /** Moves the job to its terminal state once every execution is terminal. */
  private checkTerminal(): void {
    if (TERMINAL_JOB_STATUSES.has(this.status)) return;
    const allTerminal = this.tasks.allTerminal();
    if (this.status === 'RUNNING') {
      if (this.tasks.allIn('FINISHED') && !this.restarts.hasPendingRestarts) this.terminate('FINISHED');
      else this.restarts.checkRestarts(allTerminal);
    } else if (this.status === 'RESTARTING') {
      this.restarts.checkRestarts(allTerminal);
    } else if (this.status === 'FAILING' && allTerminal) {
      this.terminate('FAILED');
    } else if (this.status === 'CANCELLING' && allTerminal) {
      this.terminate('CANCELED');
    }
  }

  private terminate(status: JobStatus): void {
    this.transition(status);
    void this.checkpointing.shutdown(status as 'FINISHED' | 'CANCELED' | 'FAILED');
    this.collect.endAll();
    void this.releaseResources();
    this.resolveResult({
      jobId: this.jobId,
      jobName: this.jobName,
      status,
      netRuntime: Date.now() - this.runningSince,
      failure: status === 'FAILED' ? this.failure : undefined,
      checkpoints: this.checkpointSummary(),
    });
  }

  private async releaseResources(): Promise<void> {
    const addresses = this.slotPool.addresses();
    for (const address of addresses)
      await this.taskExecutor(address)
        .releaseJob(this.jobId)
        .catch(() => {});
    await this.coordinator?.terminate();
    this.rpc.unregister(this.address);
  }

  /** What checkpointing did, for the client; absent when the job took no checkpoint or savepoint at all. */
  private checkpointSummary(): JobResult['checkpoints'] {
    const summary = this.checkpointing.coordinator?.stats.summary();
    if (summary === undefined || summary.completed + summary.failed + summary.restored === 0) return undefined;
    return summary;
  }

  private transition(status: JobStatus): void {
    this.status = status;
    this.statusTimestamps[status] = Date.now();
  }

  private taskExecutor(address: string): TaskExecutorGateway {
    return this.rpc.connect<TaskExecutorGateway>(address);
  }
}
