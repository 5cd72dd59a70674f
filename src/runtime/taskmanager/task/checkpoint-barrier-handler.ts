import type { CheckpointBarrierEvent } from '../../network/stream-event.js';

// Collects the checkpoint barriers of all input channels of a subtask (Flink's CheckpointBarrierHandler:
// SingleCheckpointBarrierHandler for aligned and at-least-once). Channels are numbered across the task's gates.
// EXACTLY_ONCE blocks each channel once its barrier arrived, so no record that follows the barrier is processed
// before the snapshot; AT_LEAST_ONCE only counts barriers. A finished channel counts as having delivered every
// future barrier. When the last barrier of a checkpoint arrived, `onAligned` runs; the task takes the snapshot at
// its next turn and then calls `resume()`. Contract: task thread only, called from inside InputGate.pollNext.
//
// UNALIGNED (exactly-once without alignment): producers send each barrier twice, in the priority lane (it overtakes
// buffered data) and in band (a marker at its place among the records). The first priority barrier triggers the
// snapshot at once; from then on the records each channel delivers before its in-band marker are in flight — they
// were sent before the producer's snapshot but not yet processed at ours — and are recorded as channel state, which
// a restore replays before any new input. Backpressure then no longer delays checkpoints.

export type BarrierMode = 'EXACTLY_ONCE' | 'AT_LEAST_ONCE' | 'UNALIGNED';

/** In-flight records per input channel (flat [value, timestamp, value, timestamp, ...]), by global channel index. */
export type ChannelState = ReadonlyMap<number, readonly unknown[]>;

export interface BarrierChannels {
  block(channel: number): void;
  unblockAll(): void;
}

export interface BarrierHandlerListener {
  /** Every open channel delivered the barrier: take the snapshot (all channels are blocked until resume()). */
  onAligned(barrier: CheckpointBarrierEvent, alignmentMs: number): void;
  /** A newer barrier overtook an unfinished alignment: the older checkpoint cannot complete in this subtask. */
  onAborted(checkpointId: number, reason: string): void;
  /** UNALIGNED: every channel delivered its in-band marker; `state` holds the records that were in flight. */
  onChannelStateComplete(checkpointId: number, state: ChannelState): void;
}

export class CheckpointBarrierHandler {
  private readonly finished: boolean[];
  private readonly seen: boolean[];
  private openChannels: number;
  private current = -1;
  private received = 0;
  private alignmentStart = 0;
  private pendingBarrier: CheckpointBarrierEvent | undefined;
  /** UNALIGNED: the checkpoint whose in-flight records are being recorded, and per channel whether still recording. */
  private inFlightId = -1;
  private readonly awaitingMarker: boolean[];
  private awaitingCount = 0;
  private recorded = new Map<number, unknown[]>();
  /** True while some channel's records are recorded (read per record by TaskInput: a plain field). */
  recording = false;

  constructor(
    numChannels: number,
    private readonly mode: BarrierMode,
    private readonly channels: BarrierChannels,
    private readonly listener: BarrierHandlerListener,
  ) {
    this.finished = new Array<boolean>(numChannels).fill(false);
    this.seen = new Array<boolean>(numChannels).fill(false);
    this.awaitingMarker = new Array<boolean>(numChannels).fill(false);
    this.openChannels = numChannels;
  }

  /** The checkpoint being aligned, or -1. */
  get currentCheckpointId(): number {
    return this.pendingBarrier === undefined ? -1 : this.current;
  }

  onBarrier(barrier: CheckpointBarrierEvent, channel: number): void {
    if (this.mode === 'UNALIGNED') {
      this.onUnalignedBarrier(barrier, channel);
      return;
    }
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
    if (this.awaitingMarker[channel]) this.markerArrived(channel);
    this.checkComplete();
  }

  /** A record of `channel` that the task is about to process (called only while `recording`). */
  record(channel: number, value: unknown, timestamp: number): void {
    if (!this.awaitingMarker[channel]) return;
    let records = this.recorded.get(channel);
    if (records === undefined) this.recorded.set(channel, (records = []));
    records.push(value, timestamp);
  }

  private onUnalignedBarrier(barrier: CheckpointBarrierEvent, channel: number): void {
    const id = barrier.checkpointId;
    if (barrier.unaligned) {
      if (id <= this.current) return; // another channel's copy of a checkpoint already started
      if (this.inFlightId >= 0) this.abortInFlight(`checkpoint ${id} overtook it`);
      this.current = id;
      this.inFlightId = id;
      this.recorded = new Map();
      this.awaitingCount = 0;
      for (let c = 0; c < this.finished.length; c++) {
        this.awaitingMarker[c] = !this.finished[c];
        if (!this.finished[c]) {
          this.awaitingCount++;
          // Nothing moves until the snapshot is taken; resume() then starts recording.
          this.channels.block(c);
        }
      }
      this.listener.onAligned(barrier, 0);
      return;
    }
    if (id === this.inFlightId && this.awaitingMarker[channel]) this.markerArrived(channel);
  }

  private markerArrived(channel: number): void {
    this.awaitingMarker[channel] = false;
    this.awaitingCount--;
    if (this.awaitingCount > 0) return;
    const id = this.inFlightId;
    const state = this.recorded;
    this.inFlightId = -1;
    this.recorded = new Map();
    this.recording = false;
    this.listener.onChannelStateComplete(id, state);
  }

  private abortInFlight(reason: string): void {
    const id = this.inFlightId;
    this.inFlightId = -1;
    this.awaitingMarker.fill(false);
    this.awaitingCount = 0;
    this.recorded = new Map();
    this.recording = false;
    this.channels.unblockAll();
    this.listener.onAborted(id, reason);
  }

  /** The snapshot was taken (or the task declined it): channels flow again (recording in-flight records if UNALIGNED). */
  resume(): void {
    if (this.inFlightId >= 0) this.recording = this.awaitingCount > 0;
    this.channels.unblockAll();
  }

  /** The JobMaster aborted `checkpointId` (expired, declined elsewhere): stop waiting for its barriers. */
  abort(checkpointId: number): void {
    if (this.inFlightId === checkpointId) {
      this.inFlightId = -1;
      this.awaitingMarker.fill(false);
      this.awaitingCount = 0;
      this.recorded = new Map();
      this.recording = false;
      this.channels.unblockAll();
    }
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
