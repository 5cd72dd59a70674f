// A bounded source that is slow on purpose: the numbers 1..count, one every `intervalMs` per subtask (subtask i of
// p emits i+1, i+1+p, ...), then it waits `lingerMs` before it ends. For jobs that need wall-clock time to pass
// between records (processing-time timers). Splits are not needed: each reader knows its share from its index.
import type {
  InputStatus,
  ReaderOutput,
  Source,
  SourceReader,
  SourceReaderContext,
  SourceSplit,
  SplitEnumerator,
  SplitEnumeratorContext,
} from 'weir';

export class TickSource implements Source<number, SourceSplit, null> {
  constructor(
    private readonly count: number,
    private readonly intervalMs: number,
    private readonly lingerMs = 0,
  ) {}

  getBoundedness(): 'BOUNDED' {
    return 'BOUNDED';
  }

  createReader(context: SourceReaderContext): SourceReader<number, SourceSplit> {
    return new TickReader(context, this.count, this.intervalMs, this.lingerMs);
  }

  createEnumerator(context: SplitEnumeratorContext<SourceSplit>): SplitEnumerator<SourceSplit, null> {
    return {
      start() {},
      handleSplitRequest: (subtask: number) => context.signalNoMoreSplits(subtask),
      addSplitsBack() {},
      addReader() {},
      snapshotState: () => null,
      close() {},
    };
  }

  restoreEnumerator(context: SplitEnumeratorContext<SourceSplit>): SplitEnumerator<SourceSplit, null> {
    return this.createEnumerator(context);
  }
}

/** Contract: called on the source task's thread; pollNext never blocks, isAvailable resolves when one is due. */
class TickReader implements SourceReader<number, SourceSplit> {
  private next: number;
  private dueAt = 0;

  constructor(
    private readonly context: SourceReaderContext,
    private readonly count: number,
    private readonly intervalMs: number,
    private readonly lingerMs: number,
  ) {
    this.next = context.indexOfSubtask + 1;
  }

  start(): void {
    this.dueAt = Date.now();
  }

  pollNext(output: ReaderOutput<number>): InputStatus {
    if (Date.now() < this.dueAt) return 'NOTHING_AVAILABLE';
    if (this.next > this.count) return 'END_OF_INPUT';
    output.collect(this.next);
    this.next += this.context.currentParallelism;
    this.dueAt += this.next > this.count ? this.lingerMs : this.intervalMs;
    return 'NOTHING_AVAILABLE';
  }

  isAvailable(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, this.dueAt - Date.now())));
  }

  addSplits(): void {}
  notifyNoMoreSplits(): void {}
  snapshotState(): SourceSplit[] {
    return [];
  }
  close(): void {}
}
