import type { JobStatus } from '../../../api/execution/job-client.js';
import { log } from '../../../core/log.js';
import type { JobGraph } from '../../../graph/job-graph.js';
import { type SerializedError, serializeError } from '../../deployment/task-deployment-descriptor.js';
import { createRestartStrategy, parseFailoverStrategy, type RestartBackoffTimeStrategy } from '../failover/index.js';
import type { Execution } from './execution.js';
import type { JobCheckpointing } from './job-checkpointing.js';
import { isTerminal, type JobExecutions, type SubtaskId } from './job-executions.js';
import { RegionFailover } from './region-failover.js';
import type { RestoreSource } from './restore-assignment.js';

// What the JobMaster does when a task fails (Flink's scheduler with its restart and failover strategies): the
// restart strategy decides whether to restart at all; the 'region' strategy restarts only the failed task's
// pipelined region (the job stays RUNNING), 'full' cancels everything, waits for the backoff and redeploys the
// whole job. Both restore the latest completed checkpoint. Attempt numbers and channel epochs live in
// region-failover.ts. Contract: JobMaster thread only; the host calls checkRestarts() from its checkTerminal().

/** The parts of the JobMaster a restart needs. */
export interface RestartHost {
  readonly jobId: string;
  readonly jobGraph: JobGraph;
  readonly checkpointing: JobCheckpointing;
  readonly executions: JobExecutions;
  currentStatus(): JobStatus;
  transition(status: JobStatus): void;
  /** Records the failure in the job's exception history. */
  recordFailure(error: SerializedError): void;
  failJob(error: SerializedError): void;
  checkTerminal(): void;
  /** Resolves once the slot pool holds every slot again (or rejects after slot.request.timeout). */
  whenSlotsComplete(): Promise<void>;
  /**
   * A full restart: ends the source coordinator, forgets every execution, then starts a coordinator restored
   * from `restore`.
   */
  restartCoordinator(restore: RestoreSource | undefined): Promise<void>;
  /** A region's source reader restarts: its splits assigned after checkpoint `restoredId` go back. */
  resetReader(nodeId: number, subtaskIndex: number, restoredId: number | undefined): void;
  deploySubtasks(subtasks: readonly SubtaskId[], restore: RestoreSource | undefined): Promise<void>;
}

export class JobRestarts {
  private readonly restartStrategy: RestartBackoffTimeStrategy;
  /** Attempt numbers, channel epochs (so old and new exchanges never meet) and pending region restarts. */
  readonly failover: RegionFailover;
  private restartTimer: NodeJS.Timeout | undefined;
  private restartBackoffElapsed = false;

  constructor(private readonly host: RestartHost) {
    const config = host.jobGraph.config;
    this.restartStrategy = createRestartStrategy(config, { checkpointingEnabled: host.checkpointing.enabled });
    this.failover = new RegionFailover(host.jobGraph, parseFailoverStrategy(config));
  }

  allSubtasks(): SubtaskId[] {
    return this.failover.regions.flatMap((r) => r.subtasks);
  }

  /** True while a restart waits or runs, so the job cannot count as FINISHED yet. */
  get hasPendingRestarts(): boolean {
    return this.failover.hasPendingRestarts();
  }

  /** The job is cancelled or fails: no pending restart happens any more. */
  stop(): void {
    if (this.restartTimer !== undefined) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    this.failover.clearPending();
  }

  /**
   * A task failed: restart its region (or, with the 'full' strategy, everything) from the latest checkpoint if the
   * restart strategy allows, else fail the job. A failure inside a region already restarting merges into it.
   */
  onTaskFailure(error: SerializedError, failed: Execution): void {
    const host = this.host;
    if (host.currentStatus() === 'RESTARTING') return; // merged into the restart under way
    if (host.currentStatus() !== 'RUNNING') {
      host.failJob(error);
      return;
    }
    const region =
      this.failover.strategy === 'region'
        ? this.failover.regionIndexOf(failed.vertexId, failed.subtaskIndex)
        : undefined;
    if (region !== undefined && this.failover.isRestarting(region)) return;
    host.recordFailure(error);
    this.restartStrategy.notifyFailure(error);
    if (!this.restartStrategy.canRestart()) {
      host.failJob(error);
      return;
    }
    log(
      'info',
      'JobMaster',
      `Job ${host.jobId} restarts after a task failed: ${error.taskName ?? ''} ${error.message}`,
    );
    if (region !== undefined) {
      this.scheduleRegionRestart(region);
      return;
    }
    host.transition('RESTARTING');
    host.checkpointing.suspend('a task failed; the job restarts');
    this.restartBackoffElapsed = false;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      this.restartBackoffElapsed = true;
      host.checkTerminal();
    }, this.restartStrategy.getBackoffTime());
    host.executions.cancel(host.executions.current());
  }

  /**
   * Called by the host's checkTerminal(): a full restart starts once every old execution ended and the backoff
   * passed; while RUNNING, region restarts start whose old executions ended and whose backoff passed.
   */
  checkRestarts(allTerminal: boolean): void {
    const host = this.host;
    if (host.currentStatus() === 'RESTARTING' && allTerminal && this.restartBackoffElapsed) {
      void this.restart().catch((error) => this.failed(error));
    } else if (host.currentStatus() === 'RUNNING') {
      const ended = (region: number) => this.regionExecutions(region).every(isTerminal);
      for (const region of this.failover.takeRegionsToRestart(ended)) {
        void this.restartRegion(region).catch((error) => this.failed(error));
      }
    }
  }

  private failed(error: unknown): void {
    this.host.failJob(serializeError(error, 'restart'));
    this.host.checkTerminal();
  }

  /** Every old execution ended and the backoff passed: a new attempt from the latest completed checkpoint. */
  private async restart(): Promise<void> {
    const host = this.host;
    this.restartBackoffElapsed = false;
    this.failover.jobRedeploying();
    const restore = await host.checkpointing.latestForRestart();
    await host.whenSlotsComplete();
    if (host.currentStatus() !== 'RESTARTING') return;
    await host.restartCoordinator(restore);
    if (host.currentStatus() !== 'RESTARTING') return;
    host.transition('RUNNING');
    await host.deploySubtasks(this.allSubtasks(), restore);
  }

  /**
   * Region failover, first half: cancels the region's executions and starts the backoff; the job stays RUNNING
   * and the other regions keep running. Checkpoints in flight are aborted (they would wait for the region forever).
   */
  private scheduleRegionRestart(region: number): void {
    const host = this.host;
    const executions = this.regionExecutions(region);
    const total = host.jobGraph.vertices.reduce((n, v) => n + v.parallelism, 0);
    log(
      'info',
      'JobMaster',
      `Restarting region of ${this.failover.regions[region].subtasks.length} tasks (of ${total} in job ${host.jobId}; region ${region + 1} of ` +
        `${this.failover.regions.length}).`,
    );
    host.checkpointing.suspend('a task failed; its region restarts', new Set(executions.map((e) => e.executionId)));
    this.failover.scheduleRegionRestart(region, this.restartStrategy.getBackoffTime(), () => host.checkTerminal());
    host.executions.cancel(executions);
  }

  /**
   * Region failover, second half (the region's executions ended, the backoff passed): new executions of the
   * region's subtasks restored from the latest completed checkpoint. Their splits assigned since go back to the
   * enumerators before the new readers register.
   */
  private async restartRegion(region: number): Promise<void> {
    const host = this.host;
    const restore = await host.checkpointing.latestForRestart();
    await host.whenSlotsComplete();
    if (host.currentStatus() !== 'RUNNING') return;
    this.failover.regionRedeploying(region);
    host.executions.forget(this.regionExecutions(region));
    // Splits restored with the starting savepoint's enumerator state (or none) count as never checkpointed.
    const restoredId = restore === host.checkpointing.restoreSource ? undefined : restore?.checkpointId;
    const subtasks = this.failover.regions[region].subtasks;
    const byId = new Map(host.jobGraph.vertices.map((v) => [v.id, v]));
    for (const { vertexId, subtaskIndex } of subtasks) {
      for (const node of byId.get(vertexId)!.chain) {
        if (node.kind === 'source') host.resetReader(node.nodeId, subtaskIndex, restoredId);
      }
    }
    await host.deploySubtasks(subtasks, restore);
  }

  private regionExecutions(region: number): Execution[] {
    return this.host.executions
      .current()
      .filter((e) => this.failover.regionIndexOf(e.vertexId, e.subtaskIndex) === region);
  }
}
