import { log } from '../../../core/log.js';
import type { CheckpointFailureReason } from '../../checkpoint/checkpoint-failure-counter.js';
import type { SharedStateFile, SubtaskStateHandle } from '../../checkpoint/checkpoint-metadata.js';
import type { CheckpointStorage, CheckpointStorageLocation } from '../../checkpoint/checkpoint-storage.js';
import { IncrementalChain, type IncrementalLimits } from '../../checkpoint/incremental-chain.js';
import type { KeyedSnapshotMode, OperatorSubtaskState } from '../../checkpoint/subtask-state.js';
import { SubtaskStateEncoder } from '../../checkpoint/subtask-state-codec.js';
import type { CheckpointTrigger } from '../../deployment/task-deployment-descriptor.js';
import { type CheckpointBarrierEvent, checkpointBarrier } from '../../network/stream-event.js';
import type { BarrierHandlerListener, ChannelState } from './checkpoint-barrier-handler.js';

/** The pseudo operator id under which a subtask file keeps its in-flight records (unaligned checkpoints). */
export const IN_FLIGHT_STATE_ID = 'in-flight';

// Takes one subtask's part of each checkpoint (Flink's SubtaskCheckpointCoordinator). A checkpoint becomes ready
// when the JobMaster triggers a source task, or when the barrier handler saw the barrier on every input; the task
// loop then calls runPending() between two units of input, with no emission pending, so the snapshot sits exactly
// between the records before and after the barrier. Order: prepareSnapshotPreBarrier (awaited), synchronous
// snapshot, barrier downstream, input resumes; then the state is encoded in slices between records and written,
// and the JobMaster gets the acknowledgement. With incremental checkpoints, a checkpoint's file goes to shared/ and
// holds the keyed state's changes since the last checkpoint this subtask saw complete, or everything again when the
// chain reached its limits (IncrementalChain); savepoints are always complete files. Contract: task thread only.

/** What the checkpointer needs from the operator chain. */
export interface CheckpointableChain {
  prepareSnapshotPreBarrier(checkpointId: number): Promise<void>;
  snapshotState(checkpointId: number, timestamp: number, mode: KeyedSnapshotMode): Map<string, OperatorSubtaskState>;
  /** Incremental checkpoints: whether the next checkpoint must be full; a checkpoint completed (increments base). */
  requiresFullSnapshot(): boolean;
  confirmCheckpoint(checkpointId: number): void;
  /** Whether some operator has keyed state (only that is written incrementally). */
  hasKeyedState(): boolean;
  broadcastBarrier(barrier: CheckpointBarrierEvent): void;
  /** Stop-with-savepoint --drain: the source emits the final watermark (windows fire) before the barrier. */
  advanceToEndOfEventTime(): void;
  notifyCheckpointComplete(checkpointId: number): Promise<void>;
  notifyCheckpointAborted(checkpointId: number): void;
}

export interface CheckpointMetricsReport {
  readonly syncDurationMs: number;
  readonly asyncDurationMs: number;
  readonly alignmentDurationMs: number;
  /** The size of the subtask's whole state: this file and, for an increment, the files it builds on. */
  readonly stateSizeBytes: number;
  /** What this checkpoint wrote: the file's size (an increment's alone). */
  readonly checkpointedSizeBytes: number;
  /** The operators whose state is in the file (the others had none). */
  readonly operatorIds: readonly string[];
}

/** Where acknowledgements go (the TaskExecutor, then the JobMaster). */
export interface CheckpointResponder {
  acknowledge(checkpointId: number, handle: SubtaskStateHandle | undefined, metrics: CheckpointMetricsReport): void;
  decline(checkpointId: number, reason: CheckpointFailureReason, message: string): void;
}

interface ReadyCheckpoint {
  readonly barrier: CheckpointBarrierEvent;
  readonly alignmentMs: number;
  readonly drain?: boolean;
}

/** Entries encoded per slice before the task gets its turn back. */
const ENCODE_SLICE = 4096;

const PLAIN: KeyedSnapshotMode = { kind: 'plain' };

/** Where the checkpointer writes and whether checkpoints are incremental (TaskCheckpointSettings). */
export interface CheckpointerSettings {
  readonly storage: CheckpointStorage;
  readonly incremental: IncrementalLimits | undefined;
}

interface WriteContext {
  readonly syncMs: number;
  readonly alignmentMs: number;
  readonly asyncStart: number;
  readonly operatorIds: readonly string[];
  readonly mode: KeyedSnapshotMode;
}

export class SubtaskCheckpointer implements BarrierHandlerListener {
  private ready: ReadyCheckpoint | undefined;
  private readonly locations = new Map<number, Deferred<CheckpointStorageLocation>>();
  private readonly notifications: Array<{ id: number; complete: boolean }> = [];
  private lastCompleted = -1;
  /** Checkpoints taken but not yet encoded and acknowledged (async part), oldest first. */
  private encoding: Array<{ readonly id: number; readonly step: () => boolean }> = [];
  private readonly finalIds = new Set<number>();
  private stopAt: number | undefined;
  private finalCompleted = false;
  private finalWaiters: Array<() => void> = [];
  resumeInput: () => void = () => {};
  /** Unaligned checkpoints with inputs: snapshots wait for the in-flight records before they are encoded. */
  expectsChannelState = false;
  /** Unaligned checkpoints: barriers this task injects (a source) are unaligned ones. */
  unalignedBarriers = false;
  private readonly awaitingChannelState = new Map<number, (state: ChannelState) => void>();
  /** Stops waiting for the barriers of an aborted checkpoint (set by the task factory). */
  abortAlignment: (checkpointId: number) => void = () => {};
  private readonly storage: CheckpointStorage;
  /** Incremental checkpoints: this subtask's chain of files; undefined when off. */
  private readonly incremental: IncrementalChain | undefined;

  constructor(
    private readonly chain: CheckpointableChain,
    settings: CheckpointerSettings,
    private readonly operatorIdForFiles: string,
    private readonly subtaskIndex: number,
    private readonly responder: CheckpointResponder,
  ) {
    this.storage = settings.storage;
    this.incremental = settings.incremental === undefined ? undefined : new IncrementalChain(settings.incremental);
  }

  /** After a restore: increments build on the restored checkpoint's files (see RestoredChainState.incrementalBase). */
  continueChain(checkpointId: number, files: readonly SharedStateFile[]): void {
    if (this.incremental === undefined || !this.chain.hasKeyedState()) return;
    this.incremental.continueFrom(checkpointId, files, Date.now());
    this.chain.confirmCheckpoint(checkpointId);
  }

  /** True when runPending() has something to do. */
  get hasWork(): boolean {
    return this.ready !== undefined || this.notifications.length > 0;
  }

  /** True while encoded state is still being produced in slices (the loop calls encodeSlice between inputs). */
  get isEncoding(): boolean {
    return this.encoding.length > 0;
  }

  /** The JobMaster announced a checkpoint and where its files go; a source task also injects its barrier. */
  onTrigger(trigger: CheckpointTrigger, isSource: boolean): void {
    const id = trigger.checkpointId;
    this.deferred(id).resolve(trigger.location);
    if (trigger.isFinal || trigger.terminate) this.finalIds.add(id);
    if (!isSource) return;
    if (trigger.terminate) this.stopAt = id;
    this.ready = {
      barrier: checkpointBarrier(id, trigger.timestamp, this.unalignedBarriers),
      alignmentMs: 0,
      drain: trigger.terminate && trigger.drain,
    };
  }

  /**
   * A source asked to stop with a savepoint: it reads no more input. Cleared when that savepoint is aborted (the
   * job goes on); once it completes, whenFinalCheckpointCompletes resolves and the source ends.
   */
  get stopping(): boolean {
    return this.stopAt !== undefined;
  }

  /** True once the job's final checkpoint or the stop-with-savepoint completed. */
  get finalCheckpointCompleted(): boolean {
    return this.finalCompleted;
  }

  onAligned(barrier: CheckpointBarrierEvent, alignmentMs: number): void {
    this.ready = { barrier, alignmentMs };
  }

  onAborted(checkpointId: number, reason: string): void {
    this.responder.decline(checkpointId, 'CHECKPOINT_DECLINED_SUBSUMED', reason);
  }

  onChannelStateComplete(checkpointId: number, state: ChannelState): void {
    const continueWith = this.awaitingChannelState.get(checkpointId);
    this.awaitingChannelState.delete(checkpointId);
    continueWith?.(state);
  }

  onNotify(checkpointId: number, complete: boolean): void {
    if (!complete) {
      // An aborted checkpoint is neither finished encoding nor written.
      this.abortAlignment(checkpointId);
      this.awaitingChannelState.delete(checkpointId);
      this.encoding = this.encoding.filter((e) => e.id !== checkpointId);
    }
    this.notifications.push({ id: checkpointId, complete });
  }

  /** Resolves once the job's final checkpoint completed (a source waits for it before it ends). */
  whenFinalCheckpointCompletes(): Promise<void> {
    if (this.finalCompleted) return Promise.resolve();
    return new Promise((resolve) => this.finalWaiters.push(resolve));
  }

  async runPending(): Promise<void> {
    const ready = this.ready;
    if (ready !== undefined) {
      this.ready = undefined;
      await this.take(ready);
    }
    while (this.notifications.length > 0) {
      const { id, complete } = this.notifications.shift()!;
      if (!complete) {
        this.incremental?.onAborted(id);
        this.chain.notifyCheckpointAborted(id);
        this.locations.delete(id);
        this.finalIds.delete(id);
        if (this.stopAt === id) this.stopAt = undefined;
        continue;
      }
      if (id <= this.lastCompleted) continue;
      this.lastCompleted = id;
      if (this.incremental?.onCompleted(id)) this.chain.confirmCheckpoint(id);
      await this.chain.notifyCheckpointComplete(id);
      for (const key of this.locations.keys()) if (key <= id) this.locations.delete(key);
      if (this.finalIds.has(id)) {
        this.finalCompleted = true;
        const waiting = this.finalWaiters;
        this.finalWaiters = [];
        for (const resolve of waiting) resolve();
      }
    }
  }

  /** Encodes one slice of the oldest checkpoint being encoded. */
  encodeSlice(): void {
    const next = this.encoding[0];
    if (next?.step()) this.encoding.shift();
  }

  private async take({ barrier, alignmentMs, drain }: ReadyCheckpoint): Promise<void> {
    const id = barrier.checkpointId;
    const start = performance.now();
    let states: Map<string, OperatorSubtaskState>;
    let mode = PLAIN;
    try {
      if (drain === true) this.chain.advanceToEndOfEventTime();
      await this.chain.prepareSnapshotPreBarrier(id);
      const t1 = performance.now();
      mode = this.snapshotMode(id);
      states = this.chain.snapshotState(id, barrier.timestamp, mode);
      const t2 = performance.now();
      this.chain.broadcastBarrier(barrier);
      log(
        'debug',
        'SubtaskCheckpointer',
        `${this.operatorIdForFiles}/${this.subtaskIndex} ckpt ${id}: pre ${(t1 - start).toFixed(1)} snap ${(t2 - t1).toFixed(1)} barrier ${(performance.now() - t2).toFixed(1)}`,
      );
    } finally {
      this.resumeInput();
    }
    const syncMs = performance.now() - start;
    const asyncStart = performance.now();
    const encode = (all: Map<string, OperatorSubtaskState>) => {
      const operatorIds = [...all.keys()];
      if (operatorIds.length === 0) {
        void this.write(id, new Uint8Array(0), { syncMs, alignmentMs, asyncStart, operatorIds, mode });
        return;
      }
      const encoder = new SubtaskStateEncoder(all);
      this.encoding.push({
        id,
        step: () => {
          if (!encoder.encodeSome(ENCODE_SLICE)) return false;
          void this.write(id, encoder.result(), { syncMs, alignmentMs, asyncStart, operatorIds, mode });
          return true;
        },
      });
    };
    if (!(barrier.unaligned && this.expectsChannelState)) {
      encode(states);
      return;
    }
    this.awaitingChannelState.set(id, (channelState) => {
      if (channelState.size > 0) states.set(IN_FLIGHT_STATE_ID, inFlightState(channelState));
      encode(states);
    });
  }

  /**
   * How this checkpoint takes keyed state. Incremental: builds on the last completed checkpoint when the chain allows;
   * full while the trigger has not told yet whether this is a savepoint (a full file serves either way).
   */
  private snapshotMode(id: number): KeyedSnapshotMode {
    const chain = this.incremental;
    // Operator state alone is small and written whole each time: no chain for subtasks without keyed state.
    if (chain === undefined || !this.chain.hasKeyedState()) return PLAIN;
    const location = this.locations.get(id)?.value;
    if (location?.kind === 'savepoint') return PLAIN;
    const now = Date.now();
    const base = location === undefined ? undefined : chain.baseFor(now, this.chain.requiresFullSnapshot());
    chain.onTaken(id, base, now);
    return { kind: 'checkpoint', checkpointId: id, base };
  }

  private async write(id: number, bytes: Uint8Array, context: WriteContext): Promise<void> {
    try {
      const location = await this.deferred(id).promise;
      let handle: SubtaskStateHandle | undefined;
      let stateSizeBytes = bytes.byteLength;
      if (bytes.byteLength === 0) {
        this.incremental?.onAborted(id);
      } else if (context.mode.kind === 'checkpoint' && location.kind === 'checkpoint' && this.incremental) {
        const own = await this.storage.writeSharedState(location, this.operatorIdForFiles, this.subtaskIndex, bytes);
        const files = this.incremental.onWritten(id, own);
        const chain = files.slice(0, -1);
        for (const file of chain) stateSizeBytes += file.sizeBytes;
        handle = { subtaskIndex: this.subtaskIndex, path: own.path, sizeBytes: own.sizeBytes, chain };
      } else {
        // A savepoint (decided late: the snapshot was full) does not join the chain.
        if (context.mode.kind === 'checkpoint') this.incremental?.onAborted(id);
        handle = await this.storage.writeState(location, this.operatorIdForFiles, this.subtaskIndex, bytes);
      }
      this.responder.acknowledge(id, handle, {
        syncDurationMs: context.syncMs,
        asyncDurationMs: performance.now() - context.asyncStart,
        alignmentDurationMs: context.alignmentMs,
        stateSizeBytes,
        checkpointedSizeBytes: bytes.byteLength,
        operatorIds: context.operatorIds,
      });
    } catch (error) {
      this.incremental?.onAborted(id);
      const message = `writing the state failed: ${(error as Error).message ?? String(error)}`;
      this.responder.decline(id, 'CHECKPOINT_ASYNC_EXCEPTION', message);
    }
  }

  private deferred(id: number): Deferred<CheckpointStorageLocation> {
    let d = this.locations.get(id);
    if (d === undefined) {
      d = new Deferred();
      this.locations.set(id, d);
    }
    return d;
  }
}

/** In-flight records as operator list state, one list per input channel ("channel-<global index>"). */
function inFlightState(channelState: ChannelState): OperatorSubtaskState {
  const lists = new Map<string, { mode: 'split'; values: readonly unknown[] }>();
  for (const [channel, records] of channelState) lists.set(`channel-${channel}`, { mode: 'split', values: records });
  return { operator: { lists, broadcast: new Map() } };
}

class Deferred<T> {
  readonly promise: Promise<T>;
  /** The value once resolved (read synchronously at the barrier). */
  value: T | undefined = undefined;
  resolve!: (value: T) => void;
  constructor() {
    this.promise = new Promise<T>((resolve) => {
      this.resolve = (value) => {
        this.value = value;
        resolve(value);
      };
    });
  }
}
