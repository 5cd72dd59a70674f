import { performance } from 'node:perf_hooks';
import type { TaskIOMetricGroup } from '../../metrics/task-io-metric-group.js';
import type { Mailbox } from '../mailbox/mailbox.js';
import type { InFlightReplay } from './in-flight-replay.js';
import type { OperatorChain } from './operator-chain.js';
import type { SubtaskCheckpointer } from './subtask-checkpointer.js';
import type { TaskInput } from './task-input.js';

// One subtask running its operator chain (Flink's StreamTask with its MailboxProcessor). The loop takes turns:
// mails (timers, async results, control) first, then one unit of input (a buffer per gate, or a batch of source
// polls), checking output credit and blocked operators between units. It yields to the event loop about every
// millisecond so other tasks of the worker, timers and ports are served (cooperative turns; never Atomics.wait).

/** What a gate offers the task loop (implemented by network/InputGate). */
export interface TaskInputGate {
  pollNext(handler: TaskInput, maxBuffers: number): 'MORE' | 'NOTHING_AVAILABLE' | 'END_OF_INPUT';
  whenAvailable(): Promise<void>;
}

export interface GateBinding {
  readonly gate: TaskInputGate;
  readonly input: TaskInput;
}

export interface TaskTimes {
  busyMs: number;
  idleMs: number;
  backPressuredMs: number;
}

type Poll = 'MORE' | 'NOTHING' | 'END';

/** Checkpointing of one task; absent when checkpointing is off. */
export interface TaskCheckpointing {
  readonly checkpointer: SubtaskCheckpointer;
  /** Periodic checkpointing is on: a source waits for the job's final checkpoint before it ends. */
  readonly finalCheckpoint: boolean;
  /**
   * A source task that reached the end of its input waits for one more checkpoint to complete before it ends, so
   * everything it emitted is covered by a completed checkpoint (sinks commit it). `onEndOfInput` tells the JobMaster.
   */
  readonly onEndOfInput: () => void;
}

const SLICE_MS = 1;
const SOURCE_POLLS_PER_TURN = 16;
/** Lazily emitted values between two output availability checks: well inside the overdraft of 5 buffers. */
const PENDING_PER_CHECK = 32;

export class StreamTask {
  private canceled = false;
  private ended: boolean[];
  private nextGate = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  readonly times: TaskTimes = { busyMs: 0, idleMs: 0, backPressuredMs: 0 };

  constructor(
    readonly name: string,
    private readonly chain: OperatorChain,
    private readonly gates: readonly GateBinding[],
    private readonly mailbox: Mailbox,
    private readonly bufferTimeoutMs: number,
    private readonly ioMetrics: TaskIOMetricGroup,
    private readonly checkpointing?: TaskCheckpointing,
    /** Records in flight at the unaligned checkpoint restored from: processed before any new input. */
    private readonly replay?: InFlightReplay,
  ) {
    this.ended = gates.map(() => false);
  }

  /** The task's logical inputs (one per input gate; none for a source task), read by the watermark metrics. */
  get inputs(): readonly TaskInput[] {
    return this.gates.map((g) => g.input);
  }

  get isCanceled(): boolean {
    return this.canceled;
  }

  /** Opens the chain, runs it to the end of input, finishes and closes. Rejects with the first failure. */
  async invoke(onRunning: () => void): Promise<void> {
    let failure: unknown;
    try {
      this.chain.open();
      this.ioMetrics.markTaskStart();
      onRunning();
      this.startFlusher();
      let completed = await this.runLoop();
      const cp = this.checkpointing;
      if (completed && cp?.finalCheckpoint && this.chain.source !== undefined && !cp.checkpointer.stopping) {
        completed = await this.awaitFinalCheckpoint(cp);
      }
      if (completed) {
        await this.runningMail(this.chain.endInputAndFinish(() => this.drainPending()));
        this.mailbox.drain();
        await this.drainPending();
        this.chain.flushOutputs();
      }
    } catch (error) {
      failure = error;
    } finally {
      if (this.flushTimer !== undefined) clearInterval(this.flushTimer);
      // State already snapshotted is still encoded and written: its acknowledgement may complete a checkpoint.
      const cp = this.checkpointing?.checkpointer;
      if (failure === undefined && !this.canceled) while (cp?.isEncoding) cp.encodeSlice();
      try {
        await this.chain.close(failure !== undefined || this.canceled);
      } catch (error) {
        failure ??= error;
      }
      this.mailbox.close();
    }
    if (failure !== undefined) throw failure;
  }

  cancel(): void {
    this.canceled = true;
    this.mailbox.wakeUp();
  }

  private startFlusher(): void {
    if (this.bufferTimeoutMs < 0) return;
    const every = Math.max(1, this.bufferTimeoutMs);
    this.flushTimer = setInterval(() => this.mailbox.execute(() => this.flushAll(), 'output flush'), every);
  }

  private flushAll(): void {
    this.chain.flushOutputs();
    for (const sink of this.chain.sinks) {
      const pending = sink.flushPeriodically();
      // A failed flush fails the task: the error surfaces through the mailbox on the next turn.
      pending?.catch((error) =>
        this.mailbox.execute(() => {
          throw error;
        }, 'sink flush failure'),
      );
    }
  }

  /** True when input ended normally, false when canceled. */
  private async runLoop(): Promise<boolean> {
    let sliceStart = performance.now();
    while (!this.canceled) {
      this.mailbox.drain();
      if (this.canceled) break;
      const cp = this.checkpointing?.checkpointer;
      // Checkpoints go ahead under backpressure (barriers may use the overdraft), once lazy emissions are out.
      if (cp?.hasWork && this.chain.pending.isEmpty) {
        await cp.runPending();
        continue;
      }
      if (!this.chain.outputsAvailable()) {
        if (cp?.isEncoding) {
          cp.encodeSlice();
          await new Promise<void>((resolve) => setImmediate(resolve));
        } else {
          await this.waitFor(this.chain.whenOutputsAvailable(), 'backpressured');
        }
        continue;
      }
      if (!this.chain.pending.isEmpty) {
        // A generator's values first: no input moves before they are all out (they belong to the last input).
        this.chain.pending.drain(PENDING_PER_CHECK);
        if (performance.now() - sliceStart > SLICE_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
        continue;
      }
      if (cp !== undefined) {
        if (cp.isEncoding) cp.encodeSlice();
        if (cp.stopping) {
          // Stop-with-savepoint: no more input; end once the savepoint completed, read on if it was aborted.
          if (cp.finalCheckpointCompleted) return true;
          if (!cp.isEncoding) await this.waitFor(this.mailbox.whenMail(), 'idle');
          continue;
        }
      }
      const blocked = this.chain.inputBlocked();
      if (blocked !== undefined) {
        await this.waitFor(blocked, 'backpressured');
        continue;
      }
      if (this.replay?.hasMore) {
        this.replay.step(PENDING_PER_CHECK);
        if (performance.now() - sliceStart > SLICE_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
        continue;
      }
      const poll = this.processInput();
      if (poll === 'END') {
        await this.drainPending();
        return true;
      }
      if (this.bufferTimeoutMs === 0) this.chain.flushOutputs();
      if (poll === 'NOTHING') {
        if (cp !== undefined && (cp.hasWork || cp.isEncoding)) continue;
        await this.waitFor(this.inputAvailable(), 'idle');
        sliceStart = performance.now();
      } else if (performance.now() - sliceStart > SLICE_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
    return false;
  }

  /**
   * A source at the end of its input: its final watermark is out; it keeps taking checkpoints (its reader has no
   * splits left) until the job's final checkpoint, triggered once every source ended, completes. Then it ends, and
   * every sink has committed everything. True unless canceled meanwhile.
   */
  private async awaitFinalCheckpoint({ checkpointer, onEndOfInput }: TaskCheckpointing): Promise<boolean> {
    let done = false;
    void checkpointer.whenFinalCheckpointCompletes().then(() => {
      done = true;
      this.mailbox.wakeUp();
    });
    this.chain.flushOutputs();
    onEndOfInput();
    while (!done && !this.canceled) {
      this.mailbox.drain();
      if (checkpointer.hasWork) await checkpointer.runPending();
      else if (checkpointer.isEncoding) checkpointer.encodeSlice();
      else if (!done) await this.waitFor(this.mailbox.whenMail(), 'idle');
    }
    return !this.canceled;
  }

  /**
   * Awaits `work` while running mail, as Flink's operators yield to the mailbox in finish(): an operator that
   * finishes only once its async results or timers arrived (AsyncWaitOperator) gets them through mail. A failing
   * mail fails the task; on cancellation it stops waiting.
   */
  private async runningMail(work: Promise<void>): Promise<void> {
    let settled = false;
    const done = work.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    while (!settled && !this.canceled) {
      this.mailbox.drain();
      if (!settled) await Promise.race([done, this.mailbox.whenMail()]);
    }
    if (settled) await work;
  }

  /** Emits what generators and sliced timers still hold, waiting for output credit between slices. */
  private async drainPending(): Promise<void> {
    const pending = this.chain.pending;
    while (!pending.isEmpty && !this.canceled) {
      if (!this.chain.outputsAvailable()) await this.waitFor(this.chain.whenOutputsAvailable(), 'backpressured');
      else pending.drain(PENDING_PER_CHECK);
      this.mailbox.drain();
    }
  }

  private async waitFor(what: Promise<void>, kind: 'idle' | 'backpressured'): Promise<void> {
    const start = performance.now();
    this.ioMetrics.setActivity(kind === 'idle' ? 'idle' : 'hardBackPressured', start);
    await Promise.race([what, this.mailbox.whenMail()]);
    const end = performance.now();
    this.ioMetrics.setActivity('busy', end);
    if (kind === 'idle') this.times.idleMs += end - start;
    else this.times.backPressuredMs += end - start;
  }

  private processInput(): Poll {
    const source = this.chain.source;
    if (source !== undefined) {
      const status = source.emitNext(SOURCE_POLLS_PER_TURN, this.chain, performance.now() + SLICE_MS);
      return status === 'MORE_AVAILABLE' ? 'MORE' : status === 'NOTHING_AVAILABLE' ? 'NOTHING' : 'END';
    }
    return this.pollGates();
  }

  /** Polls the gates round robin, one buffer each turn, so two inputs progress fairly. */
  private pollGates(): Poll {
    const n = this.gates.length;
    let progressed = false;
    for (let k = 0; k < n; k++) {
      const i = (this.nextGate + k) % n;
      if (this.ended[i]) continue;
      const { gate, input } = this.gates[i];
      const status = gate.pollNext(input, 1);
      if (status === 'END_OF_INPUT') {
        this.ended[i] = true;
        if (n > 1) this.chain.head!.endInput(input.inputIndex);
        else this.chain.head!.endInput(1);
        progressed = true;
      } else if (status === 'MORE') {
        progressed = true;
      }
    }
    this.nextGate = (this.nextGate + 1) % Math.max(1, n);
    if (this.ended.every(Boolean)) return 'END';
    return progressed ? 'MORE' : 'NOTHING';
  }

  private inputAvailable(): Promise<void> {
    const source = this.chain.source;
    if (source !== undefined) return source.whenAvailable();
    const waiting: Promise<void>[] = [];
    for (let i = 0; i < this.gates.length; i++) if (!this.ended[i]) waiting.push(this.gates[i].gate.whenAvailable());
    return Promise.race(waiting);
  }
}
