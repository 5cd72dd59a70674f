import { type JobStatus, TERMINAL_JOB_STATUSES } from '../../../api/execution/job-client.js';
import { durationOption } from '../../../core/config/duration-option.js';
import { log } from '../../../core/log.js';
import type { CheckpointFailureReason } from '../../checkpoint/checkpoint-failure-counter.js';
import type { SubtaskStateHandle } from '../../checkpoint/checkpoint-metadata.js';
import type { CoordinatorToReaderEvent, ReaderToCoordinatorEvent } from '../../deployment/operator-event.js';
import {
  type ExecutionState,
  type SerializedError,
  serializeError,
  type TaskDeploymentDescriptor,
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
import { createRestartStrategy, parseFailoverStrategy, type RestartBackoffTimeStrategy } from '../failover/index.js';
import { CollectBuffers } from './collect-buffers.js';
import { assignSlots, requiredSlots, subtaskKey } from './deployment-planner.js';
import { type Execution, newExecution } from './execution.js';
import { JobCheckpointing } from './job-checkpointing.js';
import { JobSlotPool } from './job-slot-pool.js';
import { RegionFailover } from './region-failover.js';
import type { RestoreSource } from './restore-assignment.js';
import { SourceCoordinatorHost } from './source-coordinator-host.js';

export type { Execution } from './execution.js';

// The JobMaster of one job (Flink's JobMaster with its scheduler): asks the ResourceManager for slots, accepts the
// TaskExecutors' offers, deploys every subtask, tracks execution states, and decides the job's status. Source
// enumerators run in a coordinator worker of their own. A failed task restarts, when the restart strategy allows
// (by default only with checkpointing on), either its pipelined region (jobmanager.execution.failover-strategy
// 'region', Flink's default: the job stays RUNNING, the enumerators keep their state and get the region's
// uncheckpointed splits back) or the whole job ('full'), from the latest completed checkpoint; otherwise the job
// fails. Checkpointing itself lives in job-checkpointing.ts, restart bookkeeping in region-failover.ts.

const TERMINAL_EXECUTION: ReadonlySet<ExecutionState> = new Set(['FINISHED', 'CANCELED', 'FAILED']);

export class JobMaster implements JobMasterGateway {
  readonly jobId: string;
  readonly jobName: string;
  status: JobStatus = 'CREATED';
  readonly statusTimestamps: Partial<Record<JobStatus, number>> = {};
  readonly executions = new Map<string, Execution>();
  failure: SerializedError | undefined;
  /** Every task failure, newest first (Flink's exception history). */
  readonly exceptionHistory: Array<SerializedError & { timestamp: number }> = [];
  readonly checkpointing: JobCheckpointing;
  private readonly restartStrategy: RestartBackoffTimeStrategy;
  /** Attempt numbers, channel epochs (so old and new exchanges never meet) and pending region restarts. */
  private readonly failover: RegionFailover;
  private restartTimer: NodeJS.Timeout | undefined;
  private restartBackoffElapsed = false;
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
    this.transition('CREATED');
    this.checkpointing = new JobCheckpointing(info, {
      tasks: () => this.currentExecutions(),
      coordinator: () => this.coordinator,
      taskExecutor: (address) => this.taskExecutor(address),
      failJob: (message) => {
        this.failJob(serializeError(new Error(message), 'checkpoint coordinator'));
        this.checkTerminal();
      },
    });
    this.slotPool = new JobSlotPool(requiredSlots(info.jobGraph));
    this.slotRequestTimeoutMs = durationOption(info.jobGraph.config, 'slot.request.timeout', 300_000);
    this.restartStrategy = createRestartStrategy(info.jobGraph.config, {
      checkpointingEnabled: this.checkpointing.enabled,
    });
    this.failover = new RegionFailover(info.jobGraph, parseFailoverStrategy(info.jobGraph.config));
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
      (nodeId, subtask, event) => this.toReader(nodeId, subtask, event),
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
    if (execution === undefined || TERMINAL_EXECUTION.has(execution.state)) return;
    // Once cancelling, only the end counts: a late RUNNING must not hide that cancellation is under way.
    if (execution.state === 'CANCELING' && !TERMINAL_EXECUTION.has(state)) return;
    execution.state = state;
    execution.timestamps[state] = Date.now();
    if (state === 'RUNNING' && this.allRunning()) this.checkpointing.onAllTasksRunning();
    if (state === 'FINISHED') this.checkpointing.coordinator?.onTaskFinished(executionId);
    if (state === 'FAILED') {
      this.onTaskFailure(error ?? serializeError(new Error('a task failed without an error')), execution);
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
    if (execution === undefined || execution.state === 'CANCELING' || TERMINAL_EXECUTION.has(execution.state)) return;
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
    if (this.restartTimer !== undefined) clearTimeout(this.restartTimer);
    this.failover.clearPending();
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

  private toReader(nodeId: number, subtask: number, event: CoordinatorToReaderEvent): void {
    const vertex = this.info.jobGraph.vertices.find((v) => v.chain.some((n) => n.nodeId === nodeId));
    if (vertex === undefined) return;
    const execution = this.currentExecutions().find((e) => e.vertexId === vertex.id && e.subtaskIndex === subtask);
    if (execution?.slot === undefined) return;
    this.taskExecutor(execution.slot.address)
      .sendOperatorEventToTask(execution.executionId, nodeId, event)
      .catch(() => {});
  }

  private async deployAll(): Promise<void> {
    if (this.deployed || TERMINAL_JOB_STATUSES.has(this.status)) return;
    this.deployed = true;
    await this.deploySubtasks(this.allSubtasks(), this.checkpointing.restoreSource);
  }

  private allSubtasks(): Array<{ vertexId: string; subtaskIndex: number }> {
    return this.failover.regions.flatMap((r) => r.subtasks);
  }

  /** Deploys `subtasks` (every subtask, or a region's) in their current attempt, from `restore` when given. */
  private async deploySubtasks(
    subtasks: ReadonlyArray<{ readonly vertexId: string; readonly subtaskIndex: number }>,
    restore: RestoreSource | undefined,
  ): Promise<void> {
    try {
      await this.coordinator?.ready;
      if (TERMINAL_JOB_STATUSES.has(this.status) || this.status !== 'RUNNING') return;
      const graph = this.info.jobGraph;
      const placement = assignSlots(graph, this.slotPool.slots);
      const byLocation = new Map(this.slotPool.slots.map((s) => [`${s.taskManagerId}/${s.slotIndex}`, s]));
      const byId = new Map(graph.vertices.map((v) => [v.id, v]));
      const deployments: Array<{ execution: Execution; tdd: TaskDeploymentDescriptor }> = [];
      for (const { vertexId, subtaskIndex } of subtasks) {
        const slot = placement.get(subtaskKey(vertexId, subtaskIndex))!;
        const offered = byLocation.get(`${slot.taskManagerId}/${slot.slotIndex}`)!;
        const { execution, tdd } = newExecution({
          graph,
          vertex: byId.get(vertexId)!,
          subtaskIndex,
          attempt: this.failover.attemptOf(vertexId, subtaskIndex),
          channelEpoch: this.failover.channelEpochOf(vertexId, subtaskIndex),
          slot: offered,
          placement,
          restore,
        });
        this.executions.set(execution.executionId, execution);
        deployments.push({ execution, tdd });
      }
      for (const { execution, tdd } of deployments) {
        // Cancelled or failed while deploying: the rest stays undeployed (cancelAll marked it CANCELED).
        if (this.status !== 'RUNNING' || execution.state !== 'SCHEDULED') continue;
        execution.state = 'DEPLOYING';
        execution.timestamps.DEPLOYING = Date.now();
        await this.taskExecutor(execution.slot!.address).submitTask(tdd);
      }
    } catch (error) {
      this.failJob(serializeError(error, 'deployment'));
      this.checkTerminal();
    }
  }

  /**
   * A task failed: restart its region (or, with the 'full' strategy, everything) from the latest checkpoint if the
   * restart strategy allows, else fail the job. A failure inside a region already restarting merges into it.
   */
  private onTaskFailure(error: SerializedError, failed: Execution): void {
    if (this.status === 'RESTARTING') return; // merged into the restart under way
    if (this.status !== 'RUNNING') {
      this.failJob(error);
      return;
    }
    const region =
      this.failover.strategy === 'region'
        ? this.failover.regionIndexOf(failed.vertexId, failed.subtaskIndex)
        : undefined;
    if (region !== undefined && this.failover.isRestarting(region)) return;
    this.failure = error;
    this.exceptionHistory.unshift({ ...error, timestamp: Date.now() });
    this.restartStrategy.notifyFailure(error);
    if (!this.restartStrategy.canRestart()) {
      this.failJob(error);
      return;
    }
    log(
      'info',
      'JobMaster',
      `Job ${this.jobId} restarts after a task failed: ${error.taskName ?? ''} ${error.message}`,
    );
    if (region !== undefined) {
      this.scheduleRegionRestart(region);
      return;
    }
    this.transition('RESTARTING');
    this.checkpointing.suspend('a task failed; the job restarts');
    this.restartBackoffElapsed = false;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      this.restartBackoffElapsed = true;
      this.checkTerminal();
    }, this.restartStrategy.getBackoffTime());
    this.cancelAll();
  }

  /** Every old execution ended and the backoff passed: a new attempt from the latest completed checkpoint. */
  private async restart(): Promise<void> {
    this.restartBackoffElapsed = false;
    this.failover.jobRedeploying();
    const restore = await this.checkpointing.latestForRestart();
    await this.slotPool.whenComplete(this.slotRequestTimeoutMs);
    if (this.status !== 'RESTARTING') return;
    await this.coordinator?.terminate();
    this.coordinator = undefined;
    this.executions.clear();
    await this.startCoordinator(restore);
    if (this.status !== 'RESTARTING') return;
    this.transition('RUNNING');
    await this.deploySubtasks(this.allSubtasks(), restore);
  }

  /**
   * Region failover, first half: cancels the region's executions and starts the backoff; the job stays RUNNING
   * and the other regions keep running. Checkpoints in flight are aborted (they would wait for the region forever).
   */
  private scheduleRegionRestart(region: number): void {
    const executions = this.regionExecutions(region);
    const total = this.info.jobGraph.vertices.reduce((n, v) => n + v.parallelism, 0);
    log(
      'info',
      'JobMaster',
      `Restarting region of ${this.failover.regions[region].subtasks.length} tasks (of ${total} in job ${this.jobId}; region ${region + 1} of ` +
        `${this.failover.regions.length}).`,
    );
    this.checkpointing.suspend('a task failed; its region restarts', new Set(executions.map((e) => e.executionId)));
    this.failover.scheduleRegionRestart(region, this.restartStrategy.getBackoffTime(), () => this.checkTerminal());
    this.cancelExecutions(executions);
  }

  /**
   * Region failover, second half (the region's executions ended, the backoff passed): new executions of the
   * region's subtasks restored from the latest completed checkpoint. Their splits assigned since go back to the
   * enumerators before the new readers register.
   */
  private async restartRegion(region: number): Promise<void> {
    const restore = await this.checkpointing.latestForRestart();
    await this.slotPool.whenComplete(this.slotRequestTimeoutMs);
    if (this.status !== 'RUNNING') return;
    this.failover.regionRedeploying(region);
    for (const execution of this.regionExecutions(region)) this.executions.delete(execution.executionId);
    // Splits restored with the starting savepoint's enumerator state (or none) count as never checkpointed.
    const restoredId = restore === this.checkpointing.restoreSource ? undefined : restore?.checkpointId;
    const subtasks = this.failover.regions[region].subtasks;
    const byId = new Map(this.info.jobGraph.vertices.map((v) => [v.id, v]));
    for (const { vertexId, subtaskIndex } of subtasks) {
      for (const node of byId.get(vertexId)!.chain) {
        if (node.kind === 'source') this.coordinator?.subtaskReset(node.nodeId, subtaskIndex, restoredId);
      }
    }
    await this.deploySubtasks(subtasks, restore);
  }

  private regionExecutions(region: number): Execution[] {
    return this.currentExecutions().filter((e) => this.failover.regionIndexOf(e.vertexId, e.subtaskIndex) === region);
  }

  private failJob(error: SerializedError): void {
    if (TERMINAL_JOB_STATUSES.has(this.status) || this.status === 'FAILING') return;
    if (this.restartTimer !== undefined) clearTimeout(this.restartTimer);
    this.failover.clearPending();
    this.checkpointing.suspend('the job is failing');
    this.failure = error;
    if (this.exceptionHistory[0]?.message !== error.message)
      this.exceptionHistory.unshift({ ...error, timestamp: Date.now() });
    this.transition('FAILING');
    this.cancelAll();
  }

  private currentExecutions(): Execution[] {
    return [...this.executions.values()];
  }

  private allRunning(): boolean {
    const expected = this.info.jobGraph.vertices.reduce((n, v) => n + v.parallelism, 0);
    const executions = this.currentExecutions();
    return executions.length === expected && executions.every((e) => e.state === 'RUNNING');
  }

  private cancelAll(): void {
    this.cancelExecutions(this.executions.values());
  }

  private cancelExecutions(executions: Iterable<Execution>): void {
    for (const execution of executions) {
      if (TERMINAL_EXECUTION.has(execution.state)) continue;
      if (execution.slot === undefined || execution.state === 'SCHEDULED') {
        execution.state = 'CANCELED';
        continue;
      }
      execution.state = 'CANCELING';
      this.taskExecutor(execution.slot.address)
        .cancelTask(execution.executionId)
        .catch(() => {});
    }
  }

  /** Moves the job to its terminal state once every execution is terminal. */
  private checkTerminal(): void {
    if (TERMINAL_JOB_STATUSES.has(this.status)) return;
    const executions = [...this.executions.values()];
    const allTerminal = executions.every((e) => TERMINAL_EXECUTION.has(e.state));
    if (this.status === 'RUNNING') {
      const expected = this.info.jobGraph.vertices.reduce((n, v) => n + v.parallelism, 0);
      const finished = executions.length === expected && executions.every((e) => e.state === 'FINISHED');
      if (finished && !this.failover.hasPendingRestarts()) this.terminate('FINISHED');
      else this.restartEndedRegions();
    } else if (this.status === 'RESTARTING' && allTerminal && this.restartBackoffElapsed) {
      void this.restart().catch((error) => {
        this.failJob(serializeError(error, 'restart'));
        this.checkTerminal();
      });
    } else if (this.status === 'FAILING' && allTerminal) {
      this.terminate('FAILED');
    } else if (this.status === 'CANCELLING' && allTerminal) {
      this.terminate('CANCELED');
    }
  }

  private restartEndedRegions(): void {
    const ended = (region: number) => this.regionExecutions(region).every((e) => TERMINAL_EXECUTION.has(e.state));
    for (const region of this.failover.takeRegionsToRestart(ended)) {
      void this.restartRegion(region).catch((error) => {
        this.failJob(serializeError(error, 'restart'));
        this.checkTerminal();
      });
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
