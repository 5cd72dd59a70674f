import type { JobGraph } from '../../../graph/job-graph.js';
import { computePipelinedRegions, type FailoverStrategy, type PipelinedRegion } from '../failover/index.js';
import { subtaskKey } from './deployment-planner.js';

// The JobMaster's bookkeeping for restarts (Flink's ExecutionVertex attempt numbers and the pending restarts of
// its scheduler): the attempt number of every subtask, the channel epoch of every pipelined region, and the region
// restarts waiting for their old executions to end and for the backoff. Contract: JobMaster thread only.

interface PendingRegionRestart {
  timer: NodeJS.Timeout | undefined;
  backoffElapsed: boolean;
  /** restartRegion() was called: the restart is under way and must not start twice. */
  started: boolean;
}

export class RegionFailover {
  readonly regions: readonly PipelinedRegion[];
  private readonly regionOf: ReadonlyMap<string, number>;
  /** Attempt number per subtask key: previous + 1 on every restart of that subtask (Flink counts per vertex). */
  private readonly attempts = new Map<string, number>();
  /**
   * Channel id suffix per region. Every (full or region) restart takes a number never used before, so channels
   * of a redeployed region never share an id with the old ones; all channels of a subtask are inside its region.
   */
  private readonly epochs: number[];
  private lastEpoch = 0;
  private readonly pending = new Map<number, PendingRegionRestart>();

  constructor(
    graph: JobGraph,
    readonly strategy: FailoverStrategy,
  ) {
    const { regions, regionOf } = computePipelinedRegions(graph);
    this.regions = regions;
    this.regionOf = regionOf;
    this.epochs = regions.map(() => 0);
  }

  attemptOf(vertexId: string, subtaskIndex: number): number {
    return this.attempts.get(subtaskKey(vertexId, subtaskIndex)) ?? 0;
  }

  channelEpochOf(vertexId: string, subtaskIndex: number): number {
    return this.epochs[this.regionIndexOf(vertexId, subtaskIndex)];
  }

  regionIndexOf(vertexId: string, subtaskIndex: number): number {
    const region = this.regionOf.get(subtaskKey(vertexId, subtaskIndex));
    if (region === undefined) throw new Error(`internal error: subtask ${subtaskIndex} of ${vertexId} has no region`);
    return region;
  }

  /** A restart of `region` was decided and not started yet, or is under way. */
  isRestarting(region: number): boolean {
    return this.pending.has(region);
  }

  hasPendingRestarts(): boolean {
    return this.pending.size > 0;
  }

  /** Records a region restart; `onBackoffElapsed` runs once the backoff passed. */
  scheduleRegionRestart(region: number, backoffMs: number, onBackoffElapsed: () => void): void {
    const entry: PendingRegionRestart = { timer: undefined, backoffElapsed: false, started: false };
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      entry.backoffElapsed = true;
      onBackoffElapsed();
    }, backoffMs);
    this.pending.set(region, entry);
  }

  /** Regions whose backoff passed and whose old executions all ended (per `ended`); each is marked started. */
  takeRegionsToRestart(ended: (region: number) => boolean): number[] {
    const ready: number[] = [];
    for (const [region, entry] of this.pending) {
      if (entry.started || !entry.backoffElapsed || !ended(region)) continue;
      entry.started = true;
      ready.push(region);
    }
    return ready;
  }

  /** The region's new executions are about to be created: new attempt numbers and a new channel epoch. */
  regionRedeploying(region: number): void {
    this.pending.delete(region);
    this.lastEpoch++;
    this.epochs[region] = this.lastEpoch;
    for (const { vertexId, subtaskIndex } of this.regions[region].subtasks) this.bump(vertexId, subtaskIndex);
  }

  /** A full restart: every subtask gets its next attempt number, every region a new channel epoch. */
  jobRedeploying(): void {
    this.lastEpoch++;
    this.epochs.fill(this.lastEpoch);
    for (const region of this.regions)
      for (const { vertexId, subtaskIndex } of region.subtasks) this.bump(vertexId, subtaskIndex);
  }

  /** The job is cancelled or fails: no pending region restart happens any more. */
  clearPending(): void {
    for (const entry of this.pending.values()) if (entry.timer !== undefined) clearTimeout(entry.timer);
    this.pending.clear();
  }

  private bump(vertexId: string, subtaskIndex: number): void {
    const key = subtaskKey(vertexId, subtaskIndex);
    this.attempts.set(key, (this.attempts.get(key) ?? 0) + 1);
  }
}
