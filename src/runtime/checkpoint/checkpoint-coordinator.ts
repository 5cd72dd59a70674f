import type { CheckpointTrigger } from '../deployment/task-deployment-descriptor.js';
import { type CheckpointMetricsReport, IN_FLIGHT_STATE_ID } from '../taskmanager/task/subtask-checkpointer.js';
import type { CheckpointConfig } from './checkpoint-config.js';
import { CheckpointFailureCounter, type CheckpointFailureReason } from './checkpoint-failure-counter.js';
import {
  type CheckpointKind,
  type CheckpointMetadata,
  type OperatorStateMetadata,
  SHARED_PATH_PREFIX,
  type SubtaskStateHandle,
} from './checkpoint-metadata.js';
import { baseIntervalMs, decideTrigger, initialTriggerDelayMs } from './checkpoint-scheduler.js';
import { type CheckpointStats, CheckpointStatsTracker } from './checkpoint-stats-tracker.js';
import type { CheckpointStorage, CheckpointStorageLocation } from './checkpoint-storage.js';
import type { CompletedCheckpoint, CompletedCheckpointStore } from './completed-checkpoint-store.js';

// The JobMaster's checkpoint coordinator (Flink's CheckpointCoordinator): triggers checkpoints periodically and on
// request (savepoints), first snapshotting the source coordinators, then announcing the checkpoint to every subtask
// and letting the sources inject barriers; collects the acknowledgements; writes `_metadata` when all arrived, adds the
// checkpoint to the store and notifies the subtasks. Expired and declined checkpoints are aborted and counted against
// the tolerance. Contract: JobMaster thread only.

/** One subtask that must acknowledge a checkpoint. */
export interface CheckpointTask {
  readonly executionId: string;
  readonly vertexId: string;
  readonly subtaskIndex: number;
  readonly isSource: boolean;
}

/** One operator as the metadata records it. */
export interface CheckpointOperator {
  readonly operatorId: string;
  readonly vertexId: string;
  readonly parallelism: number;
  readonly maxParallelism: number;
  /** The source node whose enumerator state belongs to this operator, if any. */
  readonly sourceNodeId?: number;
}

export interface CheckpointCoordinatorContext {
  readonly jobId: string;
  readonly operators: readonly CheckpointOperator[];
  /** The subtasks to checkpoint, or why a checkpoint cannot run now (some subtask is not running). */
  tasksToCheckpoint(): readonly CheckpointTask[] | string;
  /** Snapshots the split enumerators (by source node id) and holds their events to readers until releaseEvents. */
  snapshotCoordinators(checkpointId: number): Promise<ReadonlyMap<number, Uint8Array>>;
  releaseCoordinatorEvents(): void;
  triggerTask(task: CheckpointTask, trigger: CheckpointTrigger): void;
  notifyTask(task: CheckpointTask, checkpointId: number, complete: boolean): void;
  /** A checkpoint completed (after the tasks were notified) or failed. */
  onSettled(checkpointId: number, completed: boolean): void;
  /** Checkpoint failures exceeded the tolerance. */
  failJob(message: string): void;
  log(level: 'info' | 'warn', message: string): void;
}

interface PendingCheckpoint {
  readonly id: number;
  readonly kind: CheckpointKind;
  readonly timestamp: number;
  readonly location: CheckpointStorageLocation;
  readonly tasks: readonly CheckpointTask[];
  readonly waiting: Set<string>;
  readonly handles: Map<string, { handle: SubtaskStateHandle | undefined; operatorIds: readonly string[] }>;
  readonly coordinatorHandles: Map<number, SubtaskStateHandle>;
  /** Stop-with-savepoint: the job ends once it completes. */
  readonly terminate: boolean;
  readonly timeout: NodeJS.Timeout;
  readonly done: { resolve(c: CompletedCheckpoint): void; reject(e: Error): void };
}

export class CheckpointCoordinator {
  private nextId: number;
  private readonly pending = new Map<number, PendingCheckpoint>();
  private triggering = false;
  private lastCompletionMs: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private shutDown = false;
  private readonly failures: CheckpointFailureCounter;
  readonly stats = new CheckpointStatsTracker();

  constructor(
    readonly config: CheckpointConfig,
    private readonly storage: CheckpointStorage,
    readonly store: CompletedCheckpointStore,
    private readonly context: CheckpointCoordinatorContext,
  ) {
    this.nextId = (store.latest()?.checkpointId ?? 0) + 1;
    this.failures = new CheckpointFailureCounter(config.tolerableFailedCheckpoints);
  }

  /** Starts periodic checkpoints (after a random initial delay within the interval, as Flink does). */
  startScheduler(): void {
    if (!this.config.enabled || this.shutDown) return;
    this.schedule(initialTriggerDelayMs(this.config, Math.random));
  }

  stopScheduler(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Aborts everything in flight (job restart, cancel, end); periodic triggering stops until startScheduler. */
  abortPending(reason: string): void {
    for (const p of [...this.pending.values()]) this.abort(p, 'CHECKPOINT_COORDINATOR_SUSPEND', reason, false);
  }

  shutdown(): void {
    this.shutDown = true;
    this.stopScheduler();
    this.abortPending('the job ended');
  }

  /** A checkpoint now, e.g. the final checkpoint of finished sources, or a savepoint (kind 'savepoint'). */
  triggerNow(kind: CheckpointKind = 'checkpoint', options: TriggerOptions = {}): Promise<CompletedCheckpoint> {
    return this.trigger(kind, true, options);
  }

  private schedule(delayMs: number): void {
    this.stopScheduler();
    if (this.shutDown) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.trigger('checkpoint', false).catch(() => {});
    }, delayMs);
    this.timer.unref?.();
  }

  private async trigger(
    kind: CheckpointKind,
    force: boolean,
    options: TriggerOptions = {},
  ): Promise<CompletedCheckpoint> {
    const { targetDirectory, isFinal = false, terminate = false, drain = false } = options;
    const periodic = kind === 'checkpoint' && !force;
    const decide = () =>
      decideTrigger(
        this.config,
        { pendingCount: this.pending.size, lastCompletionMs: this.lastCompletionMs, triggering: this.triggering },
        Date.now(),
        { periodic, force },
      );
    let decision = decide();
    // A requested checkpoint or savepoint waits while another one is being started (Flink queues it).
    while (force && decision.kind === 'busy' && !this.shutDown) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      decision = decide();
    }
    if (periodic) {
      if (decision.kind === 'min-pause') this.schedule(decision.delayMs);
      else this.schedule(baseIntervalMs(this.config));
    }
    if (decision.kind !== 'trigger') {
      const why = decision.kind === 'min-pause' ? 'MINIMUM_TIME_BETWEEN_CHECKPOINTS' : 'TOO_MANY_CHECKPOINT_REQUESTS';
      throw new CheckpointFailure(why, `checkpoint not triggered: ${decision.kind}`);
    }
    const tasks = this.context.tasksToCheckpoint();
    if (typeof tasks === 'string') throw new CheckpointFailure('NOT_ALL_REQUIRED_TASKS_RUNNING', tasks);
    this.triggering = true;
    const id = this.nextId++;
    const timestamp = Date.now();
    let pending: PendingCheckpoint;
    try {
      const location =
        kind === 'savepoint'
          ? await this.storage.initializeSavepointLocation(id, targetDirectory)
          : await this.storage.initializeLocation(id);
      const coordinatorStates = await this.context.snapshotCoordinators(id);
      const coordinatorHandles = new Map<number, SubtaskStateHandle>();
      for (const [nodeId, bytes] of coordinatorStates) {
        coordinatorHandles.set(nodeId, await this.storage.writeState(location, `coordinator-${nodeId}`, 0, bytes));
      }
      pending = this.register(id, kind, timestamp, location, tasks, coordinatorHandles, terminate);
    } catch (error) {
      this.context.releaseCoordinatorEvents();
      this.triggering = false;
      throw new CheckpointFailure('TRIGGER_CHECKPOINT_FAILURE', (error as Error).message ?? String(error));
    }
    this.triggering = false;
    const trigger: CheckpointTrigger = {
      checkpointId: id,
      timestamp,
      location: pending.location,
      isFinal,
      terminate,
      drain,
    };
    // Non-sources first: they must know the location before a barrier reaches them.
    for (const task of tasks) if (!task.isSource) this.context.triggerTask(task, trigger);
    for (const task of tasks) if (task.isSource) this.context.triggerTask(task, trigger);
    this.context.releaseCoordinatorEvents();
    return new Promise<CompletedCheckpoint>((resolve, reject) => {
      Object.assign(pending.done, { resolve, reject });
    });
  }

  private register(
    id: number,
    kind: CheckpointKind,
    timestamp: number,
    location: CheckpointStorageLocation,
    tasks: readonly CheckpointTask[],
    coordinatorHandles: Map<number, SubtaskStateHandle>,
    terminate: boolean,
  ): PendingCheckpoint {
    const timeout = setTimeout(() => {
      const p = this.pending.get(id);
      if (p !== undefined) this.abort(p, 'CHECKPOINT_EXPIRED', `expired after ${this.config.timeoutMs} ms`, true);
    }, this.config.timeoutMs);
    timeout.unref?.();
    const pending: PendingCheckpoint = {
      id,
      kind,
      timestamp,
      location,
      tasks,
      waiting: new Set(tasks.map((t) => t.executionId)),
      handles: new Map(),
      coordinatorHandles,
      terminate,
      timeout,
      done: { resolve: () => {}, reject: () => {} },
    };
    this.pending.set(id, pending);
    this.stats.triggered(id, kind, timestamp, tasks.length, tasks, terminate);
    return pending;
  }

  acknowledge(
    executionId: string,
    checkpointId: number,
    handle: SubtaskStateHandle | undefined,
    metrics: CheckpointMetricsReport,
  ): void {
    const p = this.pending.get(checkpointId);
    if (p === undefined || !p.waiting.delete(executionId)) return;
    p.handles.set(executionId, { handle, operatorIds: metrics.operatorIds });
    this.stats.acknowledged(checkpointId, metrics, executionId);
    if (p.waiting.size === 0) void this.complete(p);
  }

  /** A subtask ended: checkpoints still waiting for it cannot complete (not counted as failures, as in Flink). */
  onTaskFinished(executionId: string): void {
    for (const p of [...this.pending.values()]) {
      if (p.waiting.has(executionId)) this.abort(p, 'CHECKPOINT_DECLINED_TASK_CLOSING', 'a subtask finished', true);
    }
  }

  /** A subtask cannot take the checkpoint; `reason` decides whether the failure counts against the tolerance. */
  decline(executionId: string, checkpointId: number, reason: CheckpointFailureReason, message: string): void {
    const p = this.pending.get(checkpointId);
    if (p === undefined || !p.waiting.has(executionId)) return;
    this.abort(p, reason, `declined by a subtask: ${message}`, true);
  }

  private async complete(p: PendingCheckpoint): Promise<void> {
    clearTimeout(p.timeout);
    const metadata: CheckpointMetadata = {
      kind: p.kind,
      jobId: this.context.jobId,
      checkpointId: p.id,
      timestamp: p.timestamp,
      operators: this.operatorMetadata(p),
    };
    let completed: CompletedCheckpoint;
    try {
      await this.storage.finalizeCheckpoint(p.location, metadata);
      completed = { checkpointId: p.id, pointer: p.location.pointer, metadata };
      if (!this.pending.has(p.id)) return;
      this.pending.delete(p.id);
      if (p.kind === 'checkpoint') await this.store.addCheckpoint(completed);
    } catch (error) {
      this.abort(p, 'FINALIZE_CHECKPOINT_FAILURE', (error as Error).message ?? String(error), true);
      return;
    }
    this.lastCompletionMs = Date.now();
    this.failures.onSuccess(p.id);
    this.stats.completed(p.id, completed.pointer);
    const s = this.stats.find(p.id);
    this.context.log(
      'info',
      `Completed checkpoint ${p.id} for job ${this.context.jobId} (${s?.stateSizeBytes ?? 0} bytes, ` +
        `${Date.now() - p.timestamp} ms; max sync ${s?.maxSyncDurationMs.toFixed(1)} ms, async ` +
        `${s?.maxAsyncDurationMs.toFixed(1)} ms, alignment ${s?.maxAlignmentDurationMs.toFixed(1)} ms); ` +
        `${s?.checkpointedSizeBytes ?? 0} bytes written.`,
    );
    // As in Flink 1.15+, an intermediate savepoint commits no side effects: only checkpoints and the savepoint that
    // stops the job notify the tasks (a later failover restores from a checkpoint, never from a savepoint).
    if (p.kind === 'checkpoint' || p.terminate) for (const task of p.tasks) this.context.notifyTask(task, p.id, true);
    // Older pending checkpoints are subsumed.
    for (const older of [...this.pending.values()]) {
      if (older.id < p.id && older.kind === 'checkpoint') this.abort(older, 'CHECKPOINT_SUBSUMED', 'subsumed', false);
    }
    p.done.resolve(completed);
    this.context.onSettled(p.id, true);
  }

  private operatorMetadata(p: PendingCheckpoint): OperatorStateMetadata[] {
    const byOperator = new Map<string, SubtaskStateHandle[]>();
    for (const task of p.tasks) {
      const acked = p.handles.get(task.executionId);
      if (acked?.handle === undefined) continue;
      for (const acknowledged of acked.operatorIds) {
        // In-flight records of unaligned checkpoints belong to the subtask: listed under its head operator.
        const operatorId =
          acknowledged === IN_FLIGHT_STATE_ID
            ? (this.context.operators.find((op) => op.vertexId === task.vertexId)?.operatorId ?? acknowledged)
            : acknowledged;
        const list = byOperator.get(operatorId) ?? [];
        if (list.includes(acked.handle)) continue;
        list.push(acked.handle);
        byOperator.set(operatorId, list);
      }
    }
    return this.context.operators.map((op) => ({
      operatorId: op.operatorId,
      parallelism: op.parallelism,
      maxParallelism: op.maxParallelism,
      states: [],
      subtasks: byOperator.get(op.operatorId) ?? [],
      coordinatorState: op.sourceNodeId === undefined ? undefined : p.coordinatorHandles.get(op.sourceNodeId),
    }));
  }

  private abort(p: PendingCheckpoint, reason: CheckpointFailureReason, message: string, notify: boolean): void {
    if (!this.pending.delete(p.id)) return;
    clearTimeout(p.timeout);
    this.stats.failed(p.id, `${reason}: ${message}`);
    if (notify) for (const task of p.tasks) this.context.notifyTask(task, p.id, false);
    void this.storage.discard(p.location.pointer).catch(() => {});
    // Increments only build on completed checkpoints: the shared files this one's subtasks wrote are nobody's.
    for (const { handle } of p.handles.values()) {
      if (handle?.path.startsWith(SHARED_PATH_PREFIX)) {
        void this.storage.discardSharedState(p.location.pointer, handle.path).catch(() => {});
      }
    }
    this.context.log('info', `Checkpoint ${p.id} of job ${this.context.jobId} failed (${reason}): ${message}`);
    p.done.reject(new CheckpointFailure(reason, `checkpoint ${p.id} failed: ${message}`));
    const verdict = this.failures.onFailure(p.id, reason, p.kind === 'savepoint');
    if (verdict.kind === 'fail-job') this.context.failJob(verdict.message);
    else this.context.onSettled(p.id, false);
  }
}

export interface TriggerOptions {
  /** Where a savepoint goes (default: execution.checkpointing.savepoint-dir). */
  readonly targetDirectory?: string;
  /** The job's final checkpoint (all sources ended). */
  readonly isFinal?: boolean;
  /** Stop-with-savepoint. */
  readonly terminate?: boolean;
  /** With terminate: emit the final watermark first (--drain). */
  readonly drain?: boolean;
}

/** Why a checkpoint was not taken or did not complete, with Flink's reason name. */
export class CheckpointFailure extends Error {
  constructor(
    readonly reason: CheckpointFailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'CheckpointException';
  }
}

export type { CheckpointStats };
