import type { SourceSplit, SplitEnumerator, SplitEnumeratorContext } from './source.js';

/**
 * Hands out a fixed set of splits on request (Flink's IteratorSourceEnumerator): each reader asks for a split when it
 * starts and whenever it finished one; the answer is the next remaining split, or "no more splits". Splits of a failed
 * reader come back and are handed out again. The checkpoint is the list of splits not yet handed out.
 *
 * Contract: runs in the JobMaster's source coordinator; every method is called there, one at a time.
 */
export class IteratorSourceEnumerator<SplitT extends SourceSplit> implements SplitEnumerator<SplitT, SplitT[]> {
  private readonly remaining: SplitT[];

  constructor(
    private readonly context: SplitEnumeratorContext<SplitT>,
    splits: Iterable<SplitT>,
  ) {
    this.remaining = [...splits];
  }

  start(): void {}

  handleSplitRequest(subtaskId: number): void {
    const next = this.remaining.shift();
    if (next === undefined) this.context.signalNoMoreSplits(subtaskId);
    else this.context.assignSplit(next, subtaskId);
  }

  addSplitsBack(splits: SplitT[]): void {
    this.remaining.push(...splits);
  }

  /** Readers ask for splits themselves (sendSplitRequest), so registering one assigns nothing. */
  addReader(): void {}

  snapshotState(): SplitT[] {
    return this.remaining.slice();
  }

  close(): void {}
}
