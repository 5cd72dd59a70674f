import type { CheckpointBarrierEvent } from '../../network/stream-event.js';

// Collects the checkpoint barriers of all input channels of a subtask (Flink's CheckpointBarrierHandler:
// SingleCheckpointBarrierHandler for aligned and at-least-once). Channels are numbered across the task's gates.
// EXACTLY_ONCE blocks each channel once its barrier arrived, so no record that follows the barrier is processed
// before the snapshot; AT_LEAST_ONCE only counts barriers. A finished channel counts as having delivered every
// future barrier. When the last barrier of a checkpoint arrived, `onAligned` runs; the task takes the snapshot at
// its next turn and then calls `resume()`. Contract: task thread only, called from inside InputGate.pollNext.

export type BarrierMode = 'EXACTLY_ONCE' | 'AT_LEAST_ONCE';

export interface BarrierChannels {
  block(channel: number): void;
  unblockAll(): void;
}

export interface BarrierHandlerListener {
  /** Every open channel delivered the barrier: take the snapshot (all channels are blocked until resume()). */
  onAligned(barrier: CheckpointBarrierEvent, alignmentMs: number): void;
  /** A newer barrier overtook an unfinished alignment: the older checkpoint cannot complete in this subtask. */
  onAborted(checkpointId: number, reason: string): void;
}

export class CheckpointBarrierHandler {
  private readonly finished: boolean[];
  private readonly seen: boolean[];
  private openChannels: number;
  private current = -1;
  private received = 0;
  private alignmentStart = 0;
  private pendingBarrier: CheckpointBarrierEvent | undefined;

  constructor(
    numChannels: number,
    private readonly mode: BarrierMode,
    private readonly channels: BarrierChannels,
    private readonly listener: BarrierHandlerListener,
  ) {
    this.finished = new Array<boolean>(numChannels).fill(false);
    this.seen = new Array<boolean>(numChannels).fill(false);
    this.openChannels = numChannels;
  }

  /** The checkpoint being aligned, or -1. */
  get currentCheckpointId(): number {
    return this.pendingBarrier === undefined ? -1 : this.current;
  }

  onBarrier(barrier: CheckpointBarrierEvent, channel: number): void {
    const id = barrier.checkpointId;
    if (id < this.current || (id === this.current && this.pendingBarrier === undefined)) return; // stale or done
    if (id > this.current) {
      if (this.pendingBarrier !== undefined) this.abortCurrent(`checkpoint ${id} overtook it`);
      this.start(barrier);
    }
    if (this.seen[channel]) return;
    this.seen[channel] = true;
    this.received++;
    if (this.mode === 'EXACTLY_ONCE') this.channels.block(channel);
    this.checkComplete();
  }

  /** End-of-partition on `channel`: it owes no more barriers. */
  onChannelFinished(channel: number): void {
    if (this.finished[channel]) return;
    this.finished[channel] = true;
    this.openChannels--;
    if (this.pendingBarrier !== undefined && this.seen[channel]) this.received--;
    this.checkComplete();
  }

  /** The snapshot was taken (or the task declined it): channels flow again. */
  resume(): void {
    this.channels.unblockAll();
  }

  /** The JobMaster aborted `checkpointId` (expired, declined elsewhere): stop waiting for its barriers. */
  abort(checkpointId: number): void {
    if (this.pendingBarrier !== undefined && this.current === checkpointId) {
      this.pendingBarrier = undefined;
      this.seen.fill(false);
      this.received = 0;
      this.channels.unblockAll();
    }
  }

  private start(barrier: CheckpointBarrierEvent): void {
    this.current = barrier.checkpointId;
    this.pendingBarrier = barrier;
    this.seen.fill(false);
    this.received = 0;
    this.alignmentStart = performance.now();
  }

  private checkComplete(): void {
    const barrier = this.pendingBarrier;
    if (barrier === undefined || this.received < this.openChannels) return;
    this.pendingBarrier = undefined;
    // Hold all input until the snapshot is taken: records behind the barrier belong to the next checkpoint.
    for (let c = 0; c < this.finished.length; c++) if (!this.finished[c]) this.channels.block(c);
    this.listener.onAligned(barrier, performance.now() - this.alignmentStart);
  }

  private abortCurrent(reason: string): void {
    const id = this.current;
    this.pendingBarrier = undefined;
    this.channels.unblockAll();
    this.listener.onAborted(id, reason);
  }
}
