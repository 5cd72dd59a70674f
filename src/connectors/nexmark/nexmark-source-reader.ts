import type {
  InputStatus,
  ReaderOutput,
  SourceOutput,
  SourceReader,
  SourceReaderContext,
} from '../../api/source/source.js';
import type { ResolvedNexmarkConfig } from './generator-config.js';
import type { NexmarkEvent } from './model.js';
import { eventTimestamp } from './model.js';
import { NexmarkGenerator } from './nexmark-generator.js';
import type { NexmarkSplit } from './nexmark-split.js';
import { checkNexmarkSplit } from './nexmark-split.js';

// Runs the generators of the splits this subtask was given. Called only by the source task's mailbox thread:
// pollNext emits up to pollBatchSize events of one split per call (no await, no blocking), rotating over splits so
// their event-time lines advance together; each event carries its dateTime as timestamp, through a per-split output
// so per-split watermarks work. With max-emit-speed false a split emits an event only once the wall clock has
// advanced as far past the split's first emission as the event's time is past baseTime (the nexmark project's
// pacing); a reader with nothing due returns NOTHING_AVAILABLE and isAvailable() resolves from a timer. The
// split's first-emission time is part of its state, so after a restore a paced split catches up at full speed.

/** A split being read: the generator and the mutable position the immutable NexmarkSplit records. */
interface SplitCursor {
  readonly split: NexmarkSplit;
  readonly generator: NexmarkGenerator;
  nextEventNumber: number;
  wallclockBaseTime: number;
  output: SourceOutput<NexmarkEvent> | null;
}

export class NexmarkSourceReader implements SourceReader<NexmarkEvent, NexmarkSplit> {
  private readonly config: ResolvedNexmarkConfig;
  private readonly context: SourceReaderContext;
  private readonly now: () => number;
  private cursors: SplitCursor[] = [];
  /** Index of the cursor the next poll starts with. */
  private turn = 0;
  private noMoreSplits = false;
  private closed = false;
  /** Wall-clock ms when the earliest paced event is due; −1 when waiting for splits (or forever, keep-alive). */
  private wakeAt = -1;
  /** Set when splits or the end arrive after the last poll, so isAvailable() need not wait. */
  private changedSincePoll = false;
  private waiter: { promise: Promise<void>; resolve: () => void } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** `now` is the wall clock used for pacing (tests pass a manual one). */
  constructor(config: ResolvedNexmarkConfig, context: SourceReaderContext, now: () => number = Date.now) {
    this.config = config;
    this.context = context;
    this.now = now;
  }

  start(): void {
    // The enumerator also pushes splits when this reader registers; asking covers runtimes that only answer requests.
    this.context.sendSplitRequest();
  }

  pollNext(output: ReaderOutput<NexmarkEvent>): InputStatus {
    this.changedSincePoll = false;
    const count = this.cursors.length;
    if (count === 0) {
      this.wakeAt = -1;
      return this.noMoreSplits && !this.config.keepAlive ? 'END_OF_INPUT' : 'NOTHING_AVAILABLE';
    }
    const now = this.config.maxEmitSpeed ? 0 : this.now();
    let earliestDue = Number.POSITIVE_INFINITY;
    for (let tried = 0; tried < count; tried++) {
      const index = (this.turn + tried) % count;
      const cursor = this.cursors[index];
      const emitted = this.emitBatch(cursor, output, now);
      if (cursor.nextEventNumber >= cursor.generator.eventCount) {
        this.finish(index, output);
        this.turn = index;
        return 'MORE_AVAILABLE';
      }
      if (emitted > 0) {
        this.turn = index + 1;
        return 'MORE_AVAILABLE';
      }
      earliestDue = Math.min(earliestDue, this.dueAt(cursor));
    }
    this.wakeAt = earliestDue;
    return 'NOTHING_AVAILABLE';
  }

  isAvailable(): Promise<void> {
    if (this.changedSincePoll || this.closed) return Promise.resolve();
    if (this.waiter === null) {
      let resolve = (): void => {};
      const promise = new Promise<void>((r) => {
        resolve = r;
      });
      this.waiter = { promise, resolve };
      if (this.wakeAt >= 0) this.timer = setTimeout(() => this.wake(), Math.max(0, this.wakeAt - this.now()));
    }
    return this.waiter.promise;
  }

  addSplits(splits: NexmarkSplit[]): void {
    for (const split of splits) {
      checkNexmarkSplit(split);
      this.cursors.push({
        split,
        generator: new NexmarkGenerator(this.config, split),
        nextEventNumber: split.nextEventNumber,
        wallclockBaseTime: split.wallclockBaseTime,
        output: null,
      });
    }
    this.wake();
  }

  notifyNoMoreSplits(): void {
    this.noMoreSplits = true;
    this.wake();
  }

  snapshotState(_checkpointId: number): NexmarkSplit[] {
    return this.cursors.map((c) => ({
      ...c.split,
      nextEventNumber: c.nextEventNumber,
      wallclockBaseTime: c.wallclockBaseTime,
    }));
  }

  close(): void {
    this.closed = true;
    this.wake();
  }

  /** Emits up to pollBatchSize due events of one split; returns how many. The per-record loop allocates only events. */
  private emitBatch(cursor: SplitCursor, output: ReaderOutput<NexmarkEvent>, now: number): number {
    const generator = cursor.generator;
    let out = cursor.output;
    if (out === null) {
      out = output.createOutputForSplit(cursor.split.splitId);
      cursor.output = out;
    }
    const start = cursor.nextEventNumber;
    const end = Math.min(start + this.config.pollBatchSize, generator.eventCount);
    let n = start;
    if (this.config.maxEmitSpeed) {
      for (; n < end; n++) {
        const event = generator.eventAt(n);
        out.collect(event, eventTimestamp(event));
      }
    } else {
      if (cursor.wallclockBaseTime < 0) cursor.wallclockBaseTime = now;
      const dueEventTime = cursor.split.baseTime + (now - cursor.wallclockBaseTime);
      for (; n < end && generator.timestampForEvent(n) <= dueEventTime; n++) {
        const event = generator.eventAt(n);
        out.collect(event, eventTimestamp(event));
      }
    }
    cursor.nextEventNumber = n;
    return n - start;
  }

  /** Wall-clock ms at which the cursor's next event is due (paced mode). */
  private dueAt(cursor: SplitCursor): number {
    return (
      cursor.wallclockBaseTime + (cursor.generator.timestampForEvent(cursor.nextEventNumber) - cursor.split.baseTime)
    );
  }

  private finish(index: number, output: ReaderOutput<NexmarkEvent>): void {
    const [cursor] = this.cursors.splice(index, 1);
    if (cursor.output !== null) output.releaseOutputForSplit(cursor.split.splitId);
  }

  /** Ends a pending isAvailable() wait (called on new splits, the end of splits, the pacing timer, close). */
  private wake(): void {
    this.changedSincePoll = true;
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.resolve();
  }
}
