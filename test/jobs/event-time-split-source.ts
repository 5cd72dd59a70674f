// A bounded split-based source for the event-time jobs (not a job itself). Each split is a list of events read in
// order; the enumerator gives split i to subtask i % p when the reader registers (or all splits to subtask 0 with
// `allToFirst`). A reader emits one event per poll, taking its splits in turn, through a per-split output
// (createOutputForSplit), so the watermark strategy runs per split. A reader lingers `lingerMs` (wall clock) after
// its last event before it ends; readers without splits linger `emptyLingerMs`.
import type {
  InputStatus,
  ReaderOutput,
  Source,
  SourceOutput,
  SourceReader,
  SourceReaderContext,
  SourceSplit,
  SplitEnumerator,
  SplitEnumeratorContext,
} from 'weir';

export interface TimedEvent {
  readonly key: string;
  readonly ts: number;
  readonly value: number;
}

export interface EventSplit extends SourceSplit {
  readonly events: readonly TimedEvent[];
  /** How long a reader holding this split lingers after its last event (the longest of its splits counts). */
  readonly lingerMs?: number;
}

export interface SplitSourceOptions {
  readonly allToFirst?: boolean;
  readonly lingerMs?: number;
  readonly emptyLingerMs?: number;
}

export class EventSplitSource implements Source<TimedEvent, EventSplit, null> {
  constructor(
    private readonly splits: readonly EventSplit[],
    private readonly options: SplitSourceOptions = {},
  ) {}

  getBoundedness(): 'BOUNDED' {
    return 'BOUNDED';
  }

  createReader(_context: SourceReaderContext): SourceReader<TimedEvent, EventSplit> {
    return new EventSplitReader(this.options.lingerMs ?? 0, this.options.emptyLingerMs ?? this.options.lingerMs ?? 0);
  }

  createEnumerator(context: SplitEnumeratorContext<EventSplit>): SplitEnumerator<EventSplit, null> {
    const splits = this.splits;
    const allToFirst = this.options.allToFirst === true;
    return {
      start() {},
      handleSplitRequest() {},
      addSplitsBack() {},
      addReader(subtask: number) {
        const p = context.currentParallelism();
        const mine = splits.filter((_, i) => (allToFirst ? subtask === 0 : i % p === subtask));
        if (mine.length > 0) context.assignSplits(new Map([[subtask, mine]]));
        context.signalNoMoreSplits(subtask);
      },
      snapshotState: () => null,
      close() {},
    };
  }

  restoreEnumerator(context: SplitEnumeratorContext<EventSplit>): SplitEnumerator<EventSplit, null> {
    return this.createEnumerator(context);
  }
}

interface Reading {
  readonly split: EventSplit;
  output: SourceOutput<TimedEvent> | undefined;
  next: number;
}

/** Contract: called on the source task's thread; pollNext never blocks. */
class EventSplitReader implements SourceReader<TimedEvent, EventSplit> {
  private readonly reading: Reading[] = [];
  private turn = 0;
  /** Splits with events still to emit. */
  private left = 0;
  private noMoreSplits = false;
  private hadSplits = false;
  private endAt = Number.POSITIVE_INFINITY;

  constructor(
    private readonly lingerMs: number,
    private readonly emptyLingerMs: number,
  ) {}

  start(): void {}

  pollNext(output: ReaderOutput<TimedEvent>): InputStatus {
    if (this.left > 0) {
      // Split outputs are created before the first event so a split without events yet holds the watermark back.
      for (const each of this.reading) each.output ??= output.createOutputForSplit(each.split.splitId);
      // Round robin over the splits, one event each, skipping finished ones.
      let r = this.reading[this.turn++ % this.reading.length];
      while (r.next === r.split.events.length) r = this.reading[this.turn++ % this.reading.length];
      r.output?.collect(r.split.events[r.next++]);
      if (r.next === r.split.events.length) this.left--;
      return 'MORE_AVAILABLE';
    }
    if (!this.noMoreSplits) return 'NOTHING_AVAILABLE';
    if (this.endAt === Number.POSITIVE_INFINITY) {
      let linger = this.hadSplits ? this.lingerMs : this.emptyLingerMs;
      for (const r of this.reading) linger = Math.max(linger, r.split.lingerMs ?? 0);
      this.endAt = Date.now() + linger;
    }
    if (Date.now() < this.endAt) return 'NOTHING_AVAILABLE';
    for (const r of this.reading) output.releaseOutputForSplit(r.split.splitId);
    return 'END_OF_INPUT';
  }

  isAvailable(): Promise<void> {
    const wait = this.endAt === Number.POSITIVE_INFINITY ? 5 : Math.max(0, this.endAt - Date.now());
    return new Promise((resolve) => setTimeout(resolve, Math.min(wait, 20)));
  }

  addSplits(splits: EventSplit[]): void {
    for (const split of splits) {
      if (split.events.length === 0) continue;
      this.reading.push({ split, output: undefined, next: 0 });
      this.left++;
    }
    this.hadSplits ||= splits.length > 0;
  }

  notifyNoMoreSplits(): void {
    this.noMoreSplits = true;
  }

  snapshotState(): EventSplit[] {
    return this.reading
      .filter((r) => r.next < r.split.events.length)
      .map((r) => ({ splitId: r.split.splitId, events: r.split.events.slice(r.next) }));
  }

  close(): void {}
}
