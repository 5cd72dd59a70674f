import type { Output } from '../../../api/operators/output.js';
import type { OneInputStreamOperator, StreamOperatorParameters } from '../../../api/operators/stream-operator.js';
import type { Committer, Sink, SinkInitContext, SinkWriter, SinkWriterContext } from '../../../api/sink/sink.js';
import type { FunctionInitializationContext, FunctionSnapshotContext } from '../../../api/state/checkpointing.js';
import { ListStateDescriptor } from '../../../api/state/descriptors.js';
import type { ListState } from '../../../api/state/state.js';
import { MIN_WATERMARK, NO_TIMESTAMP } from '../../../core/time.js';

/** One entry of the `committables` operator state: a committable prepared at a checkpoint and not yet committed. */
export interface CheckpointCommittable {
  readonly checkpointId: number;
  readonly committable: unknown;
}

/** Operator list state names (stable: they are part of every checkpoint of a sink). */
export const WRITER_STATE_NAME = 'writer-state';
export const COMMITTABLES_STATE_NAME = 'committables';

/** Key under which end-of-input committables wait for their commit (after every real checkpoint id). */
const END_OF_INPUT = Number.MAX_SAFE_INTEGER;

/**
 * Drives a Sink V2 writer (Flink's SinkWriterOperator, with the committer folded in as in a sink without a separate
 * committer topology). write() is synchronous per record; flush() may be async and is awaited per batch by the task
 * (periodically and at the end), never per record. While a writer says it is unavailable, or a flush or commit is in
 * flight, the task stops feeding records (backpressure).
 *
 * Two-phase commit, per checkpoint n (all calls on the task's thread, each awaited before the next):
 * prepareSnapshotPreBarrier(n) flushes and asks the writer for its committables; snapshotState stores the writer's
 * state and every committable not yet committed; notifyCheckpointComplete(n) commits everything prepared at
 * checkpoints <= n. An aborted checkpoint keeps its committables: the next completed one commits them (subsumption).
 * On restore, the restored committables belong to a completed checkpoint and are committed in open() (commit is
 * idempotent, so committing again what a failed attempt already committed is harmless).
 */
export class SinkWriterOperator implements OneInputStreamOperator<unknown, unknown>, SinkWriterContext {
  private writer!: SinkWriter<unknown, unknown, unknown>;
  private committer: Committer<unknown> | undefined;
  private currentTimestamp = NO_TIMESTAMP;
  private watermark = MIN_WATERMARK;
  /** A flush or commit in flight: the task feeds no records until it settles; errors surface through the task. */
  private pendingIo: Promise<void> | undefined;
  /** The first failed flush or commit: every later hook rethrows it, so a failure is never lost. */
  private ioFailure: unknown;
  private output!: Output<unknown>;
  private writerState: ListState<unknown> | undefined;
  private committablesState: ListState<CheckpointCommittable> | undefined;
  private restoredWriterState: unknown[] | undefined;
  /** Prepared, not yet committed, by checkpoint id (insertion order is ascending checkpoint id). */
  private readonly uncommitted = new Map<number, unknown[]>();

  constructor(
    private readonly sink: Sink<unknown, unknown, unknown>,
    private readonly initContext: SinkInitContext,
  ) {}

  setup(parameters: StreamOperatorParameters<unknown>): void {
    this.output = parameters.output;
  }

  /** Before open(), on every (re)start with checkpointing: registers the operator states and reads restored ones. */
  initializeState(context: FunctionInitializationContext): void {
    const store = context.getOperatorStateStore();
    this.writerState = store.getListState(new ListStateDescriptor<unknown>(WRITER_STATE_NAME));
    this.committablesState = store.getListState(
      new ListStateDescriptor<CheckpointCommittable>(COMMITTABLES_STATE_NAME),
    );
    if (!context.isRestored()) return;
    this.restoredWriterState = Array.from(this.writerState.get());
    for (const entry of this.committablesState.get()) this.keep(entry.checkpointId, [entry.committable]);
  }

  open(): void {
    this.writer = this.createWriter();
    if (this.sink.createCommitter !== undefined) {
      this.committer = this.sink.createCommitter(this.initContext);
    } else if (this.writer.prepareCommit !== undefined) {
      throw new Error(
        `The sink's writer has prepareCommit (two-phase commit) but the sink has no createCommitter, so what it ` +
          'prepares would never be committed: add createCommitter(context) to the Sink, or drop prepareCommit.',
      );
    }
    // Restored committables: commit before any record is taken (inputBlocked waits); a failure is kept in ioFailure.
    if (this.uncommitted.size > 0) this.track(this.commitUpTo(END_OF_INPUT)).catch(() => {});
  }

  private createWriter(): SinkWriter<unknown, unknown, unknown> {
    const restored = this.restoredWriterState;
    if (restored === undefined || restored.length === 0) return this.sink.createWriter(this.initContext);
    if (this.sink.restoreWriter === undefined) {
      throw new Error(
        `The sink restores ${restored.length} writer state entr${restored.length === 1 ? 'y' : 'ies'} from a ` +
          'checkpoint but has no restoreWriter(context, states): add restoreWriter to the Sink, or start the job ' +
          'without that checkpoint or savepoint.',
      );
    }
    return this.sink.restoreWriter(this.initContext, restored);
  }

  processElement(value: unknown, timestamp: number): void {
    this.currentTimestamp = timestamp;
    this.writer.write(value, this);
  }

  timestamp(): number | undefined {
    return this.currentTimestamp === NO_TIMESTAMP ? undefined : this.currentTimestamp;
  }

  currentWatermark(): number {
    return this.watermark;
  }

  processWatermark(watermark: number): void {
    this.watermark = watermark;
    this.writer.writeWatermark?.(watermark);
    this.output.emitWatermark(watermark);
  }

  processWatermarkStatus(idle: boolean): void {
    this.output.emitWatermarkStatus(idle);
  }

  endInput(): void {}

  inputBlocked(): Promise<void> | undefined {
    if (this.ioFailure !== undefined) return Promise.reject(this.ioFailure);
    if (this.pendingIo !== undefined) return this.pendingIo;
    const writer = this.writer;
    if (writer.isAvailable !== undefined && !writer.isAvailable()) {
      return writer.whenAvailable?.() ?? Promise.resolve();
    }
    return undefined;
  }

  /** Called on the buffer-timeout tick: starts a flush unless one is in flight. Errors surface through the task. */
  flushPeriodically(): Promise<void> | undefined {
    if (this.pendingIo !== undefined) return undefined;
    const result = this.writer.flush(false);
    if (result === undefined) return undefined;
    return this.track(result);
  }

  /** Phase one: no records arrive until this settles, so the committables cover exactly the input before barrier n. */
  async prepareSnapshotPreBarrier(checkpointId: number): Promise<void> {
    await this.settle();
    await this.writer.flush(false);
    await this.prepare(checkpointId);
  }

  /** Synchronous: copies the writer's state and every uncommitted committable into operator state. */
  snapshotState(context: FunctionSnapshotContext): void {
    const writerState = this.writerState;
    const committablesState = this.committablesState;
    if (writerState === undefined || committablesState === undefined) {
      throw new Error(
        'SinkWriterOperator.snapshotState was called before initializeState: the task must call it first',
      );
    }
    writerState.update(this.writer.snapshotState?.(context.getCheckpointId()) ?? []);
    const entries: CheckpointCommittable[] = [];
    for (const [checkpointId, committables] of this.uncommitted) {
      for (const committable of committables) entries.push({ checkpointId, committable });
    }
    committablesState.update(entries);
  }

  /** Phase two: the checkpoint is durable, so what was prepared up to it may become visible. */
  async notifyCheckpointComplete(checkpointId: number): Promise<void> {
    await this.settle();
    await this.commitUpTo(checkpointId);
  }

  /** Keeps the committables: the next completed checkpoint subsumes this one and commits them (as Flink does). */
  notifyCheckpointAborted(_checkpointId: number): void {}

  /**
   * End of input: flush, prepare and commit at once, including what earlier checkpoints prepared. Committing here,
   * not at a final checkpoint, makes bounded jobs' output visible when they finish (with or without checkpointing);
   * the cost is that a failure between this commit and the job's end replays records after the last checkpoint,
   * whose output is then committed twice.
   */
  async finish(): Promise<void> {
    await this.settle();
    await this.writer.flush(true);
    await this.prepare(END_OF_INPUT);
    await this.commitUpTo(END_OF_INPUT);
  }

  async close(): Promise<void> {
    try {
      if (this.writer !== undefined) await this.writer.close();
    } finally {
      await this.committer?.close();
    }
  }

  private async prepare(checkpointId: number): Promise<void> {
    if (this.writer.prepareCommit === undefined) return;
    const committables = await this.writer.prepareCommit();
    if (committables.length > 0) this.keep(checkpointId, committables);
  }

  private keep(checkpointId: number, committables: unknown[]): void {
    const existing = this.uncommitted.get(checkpointId);
    if (existing === undefined) {
      this.uncommitted.set(checkpointId, committables.slice());
      this.sortUncommitted();
    } else {
      for (const c of committables) existing.push(c);
    }
  }

  /** Restored entries may arrive in any order; commits must go in checkpoint order. Called rarely (per checkpoint). */
  private sortUncommitted(): void {
    let last = -Infinity;
    for (const id of this.uncommitted.keys()) {
      if (id < last) {
        const sorted = Array.from(this.uncommitted).sort((a, b) => a[0] - b[0]);
        this.uncommitted.clear();
        for (const [k, v] of sorted) this.uncommitted.set(k, v);
        return;
      }
      last = id;
    }
  }

  /** Commits, in checkpoint order, everything prepared at checkpoints <= upTo; drops each batch once committed. */
  private async commitUpTo(upTo: number): Promise<void> {
    const committer = this.committer;
    if (committer === undefined) return;
    for (const [checkpointId, committables] of Array.from(this.uncommitted)) {
      if (checkpointId > upTo) break;
      await committer.commit(committables);
      this.uncommitted.delete(checkpointId);
    }
  }

  /** Waits until no flush or commit is in flight (one may start another's turn, hence the loop). */
  private async settle(): Promise<void> {
    while (this.pendingIo !== undefined) await this.pendingIo;
    if (this.ioFailure !== undefined) throw this.ioFailure;
  }

  private track(io: Promise<void>): Promise<void> {
    const tracked: Promise<void> = io.then(
      () => {
        if (this.pendingIo === tracked) this.pendingIo = undefined;
      },
      (error: unknown) => {
        if (this.pendingIo === tracked) this.pendingIo = undefined;
        this.ioFailure ??= error;
        throw error;
      },
    );
    this.pendingIo = tracked;
    return tracked;
  }
}
