import type {
  InputStatus,
  ReaderOutput,
  SourceOutput,
  SourceReader,
  SourceReaderContext,
  SourceSplit,
} from './source.js';

/**
 * A range of positions [from, to] (both inclusive) of a sequence a source reads (Flink's NumberSequenceSplit): the
 * numbers themselves for fromSequence, element indexes for fromData. `from` is the next position to read, so a
 * snapshot of a half-read split is the same kind of split with a larger `from`. Positions are safe integers.
 */
export interface NumberSequenceSplit extends SourceSplit {
  readonly from: number;
  readonly to: number;
}

/** Emits the records at positions [from, to] (inclusive); called once per batch, never per record. */
export type RangeEmitter<T> = (output: SourceOutput<T>, from: number, to: number) => void;

/** Records per pollNext: large enough to amortise the call, small enough to stay within the output's overdraft. */
export const DEFAULT_READER_BATCH_SIZE = 128;

/** The split being read; mutable so that advancing allocates nothing. */
interface Cursor {
  readonly splitId: string;
  next: number;
  readonly to: number;
}

/**
 * Reads position-range splits one after another (Flink's IteratorSourceReader). Asks the enumerator for a split on
 * start (unless restored splits were added) and again whenever it runs out; emits at most `batchSize` records per
 * pollNext, so the run loop can check backpressure, checkpoints and timers between batches.
 *
 * Contract: called on the source task's thread only; pollNext never blocks.
 */
export class IteratorSourceReader<T> implements SourceReader<T, NumberSequenceSplit> {
  private readonly queue: NumberSequenceSplit[] = [];
  private current: Cursor | undefined;
  private noMoreSplits = false;
  private requestPending = false;
  private availability: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly context: SourceReaderContext,
    private readonly emitRange: RangeEmitter<T>,
    private readonly batchSize = DEFAULT_READER_BATCH_SIZE,
  ) {
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`IteratorSourceReader: batchSize must be a positive integer, got ${batchSize}`);
    }
  }

  start(): void {
    if (this.current === undefined && this.queue.length === 0) this.requestSplit();
  }

  pollNext(output: ReaderOutput<T>): InputStatus {
    let cursor = this.current;
    if (cursor === undefined) {
      const split = this.queue.shift();
      if (split === undefined) return this.awaitSplits();
      cursor = this.current = { splitId: split.splitId, next: split.from, to: split.to };
    }
    const end = Math.min(cursor.to, cursor.next + this.batchSize - 1);
    this.emitRange(output, cursor.next, end);
    cursor.next = end + 1;
    if (cursor.next <= cursor.to) return 'MORE_AVAILABLE';
    this.current = undefined;
    return this.queue.length > 0 ? 'MORE_AVAILABLE' : this.awaitSplits();
  }

  /** No split left to read: ask for one (the answer may arrive synchronously) and say what to do meanwhile. */
  private awaitSplits(): InputStatus {
    if (!this.noMoreSplits) this.requestSplit();
    if (this.queue.length > 0) return 'MORE_AVAILABLE';
    return this.noMoreSplits ? 'END_OF_INPUT' : 'NOTHING_AVAILABLE';
  }

  isAvailable(): Promise<void> {
    if (this.current !== undefined || this.queue.length > 0 || this.noMoreSplits) return Promise.resolve();
    if (this.availability === undefined) {
      this.availability = new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    return this.availability;
  }

  addSplits(splits: NumberSequenceSplit[]): void {
    for (const split of splits) this.queue.push(checkSplit(split));
    this.requestPending = false;
    this.signal();
  }

  notifyNoMoreSplits(): void {
    this.noMoreSplits = true;
    this.requestPending = false;
    this.signal();
  }

  /** The unread rest of the current split, then the queued splits: what a restored reader continues from. */
  snapshotState(): NumberSequenceSplit[] {
    const splits: NumberSequenceSplit[] = [];
    const cursor = this.current;
    if (cursor !== undefined && cursor.next <= cursor.to) {
      splits.push({ splitId: cursor.splitId, from: cursor.next, to: cursor.to });
    }
    for (const split of this.queue) splits.push({ splitId: split.splitId, from: split.from, to: split.to });
    return splits;
  }

  close(): void {
    this.signal();
  }

  private requestSplit(): void {
    if (this.requestPending) return;
    this.requestPending = true;
    this.context.sendSplitRequest();
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    this.availability = undefined;
    wake?.();
  }
}

function checkSplit(split: NumberSequenceSplit): NumberSequenceSplit {
  const ok =
    split !== null &&
    typeof split === 'object' &&
    typeof split.splitId === 'string' &&
    Number.isSafeInteger(split.from) &&
    Number.isSafeInteger(split.to) &&
    split.from <= split.to;
  if (!ok) {
    throw new TypeError(
      `A sequence source reader got an invalid split ${JSON.stringify(split)}: expected ` +
        '{ splitId: string, from: safe integer, to: safe integer } with from <= to. Was the checkpoint written by ' +
        'a different source?',
    );
  }
  return { splitId: split.splitId, from: split.from, to: split.to };
}
