import { log } from '../../../core/log.js';
import { type CheckpointConfig, parseCheckpointConfig } from '../../checkpoint/checkpoint-config.js';
import {
  CheckpointCoordinator,
  type CheckpointCoordinatorContext,
  type CheckpointTask,
} from '../../checkpoint/checkpoint-coordinator.js';
import { sharedFilesOf } from '../../checkpoint/checkpoint-metadata.js';
import type { CheckpointStorage } from '../../checkpoint/checkpoint-storage.js';
import {
  type CompletedCheckpoint,
  CompletedCheckpointStore,
  type TerminalJobStatus,
} from '../../checkpoint/completed-checkpoint-store.js';
import { verifySubtaskStateFile } from '../../checkpoint/subtask-state-codec.js';
import { checkpointStorageFor } from '../../checkpoint/task-checkpoint-settings.js';
import type { JobInformation, TaskExecutorGateway } from '../../rpc/gateways.js';
import type { Execution } from './execution.js';
import { checkRestorable, enumeratorStates, type RestoreSource } from './restore-assignment.js';
import type { SourceCoordinatorHost } from './source-coordinator-host.js';

// The JobMaster's side of checkpointing: reads the job's checkpoint configuration, owns the checkpoint coordinator,
// the completed-checkpoint store and the storage, decides what a (re)start restores from (the latest completed
// checkpoint, else the savepoint the job was submitted with), and triggers the final checkpoint once every source
// read all its input. Contract: JobMaster thread only.

export interface JobCheckpointingDeps {
  tasks(): readonly Execution[];
  coordinator(): SourceCoordinatorHost | undefined;
  taskExecutor(address: string): TaskExecutorGateway;
  failJob(message: string): void;
}

/** Flink's keys for starting a job from a savepoint. */
const SAVEPOINT_PATH = 'execution.savepoint.path';
const IGNORE_UNCLAIMED_STATE = 'execution.savepoint.ignore-unclaimed-state';

export class JobCheckpointing {
  readonly config: CheckpointConfig;
  coordinator: CheckpointCoordinator | undefined;
  /** What the first attempt starts from: the savepoint named by execution.savepoint.path, if any. */
  restoreSource: RestoreSource | undefined;
  private storage: CheckpointStorage | undefined;
  private store: CompletedCheckpointStore | undefined;
  private readonly endedSources = new Set<string>();
  private finalCheckpointWanted = false;
  /** The final checkpoint was triggered and has not settled yet. */
  private finalPending = false;
  private schedulerRunning = false;

  constructor(
    private readonly info: JobInformation,
    private readonly deps: JobCheckpointingDeps,
  ) {
    this.config = parseCheckpointConfig(info.jobGraph.config);
  }

  get enabled(): boolean {
    return this.config.enabled;
  }

  /** Sets up storage and the coordinator, and reads the savepoint to start from (failing clearly if unusable). */
  async initialize(): Promise<void> {
    const graph = this.info.jobGraph;
    const savepointPath = graph.config[SAVEPOINT_PATH];
    const storage = checkpointStorageFor(graph.config, graph.jobId);
    this.storage = storage;
    if (savepointPath !== undefined) {
      const metadata = await storage.readMetadata(savepointPath);
      const source = { checkpointId: metadata.checkpointId, pointer: savepointPath, metadata };
      checkRestorable(graph, source, graph.config[IGNORE_UNCLAIMED_STATE] === 'true');
      this.restoreSource = source;
    }
    // The coordinator exists without periodic checkpoints too: savepoints need it.
    const retention = this.config.externalizedRetention;
    this.store = new CompletedCheckpointStore(storage, this.config.numRetained, retention, (checkpoint) =>
      verifySharedFiles(storage, checkpoint),
    );
    this.coordinator = new CheckpointCoordinator(this.config, storage, this.store, this.context());
    if (this.restoreSource !== undefined) {
      this.coordinator.stats.restored(this.restoreSource.checkpointId, this.restoreSource.pointer, true);
    }
  }

  enumeratorStates(source: RestoreSource): Promise<Array<[number, Uint8Array]>> {
    return enumeratorStates(this.info.jobGraph, this.storage!, source);
  }

  /** Periodic checkpoints start once every task runs (Flink starts the scheduler when the job is RUNNING). */
  onAllTasksRunning(): void {
    if (this.coordinator === undefined || this.schedulerRunning) return;
    this.schedulerRunning = true;
    this.coordinator.startScheduler();
  }

  /**
   * Stops triggering and aborts what is in flight (restart, cancel, failure); periodic checkpoints resume with
   * onAllTasksRunning. `restarted`: the executions of a region that restarts — only they forget that their input
   * ended (sources of other regions that wait for the final checkpoint keep waiting); all executions when absent.
   */
  suspend(reason: string, restarted?: ReadonlySet<string>): void {
    this.schedulerRunning = false;
    if (restarted === undefined) this.endedSources.clear();
    else for (const id of restarted) this.endedSources.delete(id);
    this.finalCheckpointWanted = false;
    this.finalPending = false;
    this.coordinator?.stopScheduler();
    this.coordinator?.abortPending(reason);
  }

  /** The latest completed checkpoint that still reads back, else the starting savepoint. */
  async latestForRestart(): Promise<RestoreSource | undefined> {
    const warn = (message: string) => log('warn', 'CheckpointCoordinator', message);
    const latest = await this.store?.latestValid(warn);
    const jobId = this.info.jobGraph.jobId;
    if (latest === undefined) {
      const from = this.restoreSource === undefined ? 'without state' : `from savepoint ${this.restoreSource.pointer}`;
      log('info', 'CheckpointCoordinator', `No checkpoint found during restore of job ${jobId}: restarting ${from}.`);
      return this.restoreSource;
    }
    log(
      'info',
      'CheckpointCoordinator',
      `Restoring job ${jobId} from Checkpoint ${latest.checkpointId} @ ${latest.pointer}.`,
    );
    this.coordinator?.stats.restored(latest.checkpointId, latest.pointer, false);
    return { checkpointId: latest.checkpointId, pointer: latest.pointer, metadata: latest.metadata };
  }

  onSourceEndOfInput(executionId: string): void {
    this.endedSources.add(executionId);
    const sources = this.deps.tasks().filter((e) => this.isSource(e.vertexId));
    log('debug', 'CheckpointCoordinator', `source ${executionId} ended; ${this.endedSources.size}/${sources.length}`);
    if (sources.every((e) => this.endedSources.has(e.executionId))) {
      this.finalCheckpointWanted = true;
      this.triggerFinal();
    }
  }

  /** A savepoint of the running job (Flink's triggerSavepoint); resolves with its directory. */
  async triggerSavepoint(targetDirectory: string | undefined): Promise<string> {
    const completed = await this.requireCoordinator().triggerNow('savepoint', { targetDirectory });
    return completed.pointer;
  }

  /** Stop-with-savepoint: the sources stop at the savepoint and the job finishes once it completed. */
  async stopWithSavepoint(targetDirectory: string | undefined, drain: boolean): Promise<string> {
    const completed = await this.requireCoordinator().triggerNow('savepoint', {
      targetDirectory,
      terminate: true,
      drain,
    });
    this.coordinator?.stopScheduler();
    return completed.pointer;
  }

  private requireCoordinator(): CheckpointCoordinator {
    if (this.coordinator === undefined) throw new Error('The job is not running yet: try again once it runs.');
    return this.coordinator;
  }

  async shutdown(status: TerminalJobStatus): Promise<void> {
    this.coordinator?.shutdown();
    await this.store?.shutdown(status).catch(() => {});
  }

  /** The final checkpoint must be triggered after every source ended; one already in flight does not count. */
  private triggerFinal(): void {
    const coordinator = this.coordinator;
    if (coordinator === undefined || this.finalPending) return;
    this.finalPending = true;
    log('debug', 'CheckpointCoordinator', 'triggering the final checkpoint');
    coordinator.triggerNow('checkpoint', { isFinal: true }).then(
      () => {
        // The sources end now and the job finishes: no more periodic checkpoints.
        this.finalPending = false;
        this.finalCheckpointWanted = false;
        coordinator.stopScheduler();
      },
      (e) => {
        // Refused while another checkpoint is in flight, or failed: onSettled tries again.
        log('debug', 'CheckpointCoordinator', `final checkpoint not taken: ${e}`);
        this.finalPending = false;
      },
    );
  }

  private isSource(vertexId: string): boolean {
    return this.info.jobGraph.vertices.find((v) => v.id === vertexId)?.chain[0]?.kind === 'source';
  }

  private context(): CheckpointCoordinatorContext {
    const graph = this.info.jobGraph;
    return {
      jobId: graph.jobId,
      operators: graph.vertices.flatMap((v) =>
        v.chain.map((node) => ({
          operatorId: node.operatorId,
          vertexId: v.id,
          parallelism: v.parallelism,
          maxParallelism: v.maxParallelism,
          sourceNodeId: node.kind === 'source' ? node.nodeId : undefined,
        })),
      ),
      tasksToCheckpoint: () => {
        const tasks: CheckpointTask[] = [];
        for (const e of this.deps.tasks()) {
          if (e.state !== 'RUNNING' || e.slot === undefined) {
            return `Not all required tasks are currently running: subtask ${e.subtaskIndex} of vertex ${e.vertexId} is ${e.state}`;
          }
          tasks.push({
            executionId: e.executionId,
            vertexId: e.vertexId,
            subtaskIndex: e.subtaskIndex,
            isSource: this.isSource(e.vertexId),
          });
        }
        return tasks.length === 0 ? 'Not all required tasks are currently running: none is deployed yet' : tasks;
      },
      snapshotCoordinators: async (id) => (await this.deps.coordinator()?.snapshot(id)) ?? new Map(),
      releaseCoordinatorEvents: () => this.deps.coordinator()?.releaseEvents(),
      triggerTask: (task, trigger) => {
        const address = this.addressOf(task.executionId);
        if (address === undefined) return;
        this.deps
          .taskExecutor(address)
          .triggerCheckpoint(task.executionId, trigger, task.isSource)
          .catch(() => {});
      },
      notifyTask: (task, id, complete) => {
        const address = this.addressOf(task.executionId);
        if (address === undefined) return;
        this.deps
          .taskExecutor(address)
          .notifyCheckpoint(task.executionId, id, complete)
          .catch(() => {});
      },
      onSettled: (id, completed) => {
        if (completed) this.deps.coordinator()?.notifyCheckpointComplete(id, this.oldestRestorable(id));
        if (this.finalCheckpointWanted) this.triggerFinal();
      },
      failJob: (message) => this.deps.failJob(message),
      log: (level, message) => log(level, 'CheckpointCoordinator', message),
    };
  }

  /** For a completed checkpoint (savepoints are never restored by failover): the oldest one a restart may use. */
  private oldestRestorable(completedId: number): number | undefined {
    const retained = this.store?.all() ?? [];
    return retained.some((c) => c.checkpointId === completedId) ? retained[0]?.checkpointId : undefined;
  }

  private addressOf(executionId: string): string | undefined {
    return this.deps.tasks().find((e) => e.executionId === executionId)?.slot?.address;
  }
}

/**
 * Before a restore from an incremental checkpoint: every shared file it references reads back whole (a damaged
 * increment would otherwise fail every restarted task); throws naming the file, and the store falls back to the
 * previous checkpoint. Complete (non-incremental) files are checked by the tasks that read them, as before.
 */
async function verifySharedFiles(storage: CheckpointStorage, checkpoint: CompletedCheckpoint): Promise<void> {
  for (const path of sharedFilesOf(checkpoint.metadata)) {
    const where = `${checkpoint.pointer}/${path}`;
    let bytes: Uint8Array;
    try {
      bytes = await storage.readState(checkpoint.pointer, { path });
    } catch (e) {
      throw new Error(`its state file '${where}' cannot be read (${(e as Error).message})`);
    }
    verifySubtaskStateFile(bytes, where);
  }
}
