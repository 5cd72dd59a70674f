import type { Output } from './output.js';

// The queue of AsyncWaitOperator (Flink's Ordered/UnorderedStreamElementQueue): input records with their
// request state and the watermarks that arrived between them, in arrival order. Task thread only.

export interface Cancellable {
  cancel(): void;
}

/** One input record and its request(s). */
export class AsyncRequest<IN, OUT> {
  readonly kind = 'record';
  done = false;
  results: readonly OUT[] = [];
  /** Calls made so far; a settled promise of an older call is ignored. */
  attempts = 0;
  timeoutTimer: Cancellable | undefined = undefined;
  retryTimer: Cancellable | undefined = undefined;
  constructor(
    readonly input: IN,
    readonly timestamp: number,
  ) {}

  cancelTimers(): void {
    this.timeoutTimer?.cancel();
    this.timeoutTimer = undefined;
    this.retryTimer?.cancel();
    this.retryTimer = undefined;
  }
}

/**
 * One queued element as checkpoint data (Flink's AsyncWaitOperator keeps its queue's StreamElements in operator
 * state): a record's input and timestamp, or a held watermark. Plain data, so the state codec can encode it.
 */
export type AsyncQueueElement<IN> =
  | { readonly kind: 'record'; readonly value: IN; readonly timestamp: number }
  | { readonly kind: 'watermark'; readonly watermark: number };

/** A watermark waiting behind the records that arrived before it. */
class HeldWatermark {
  readonly kind = 'watermark';
  constructor(readonly watermark: number) {}
}

/**
 * ORDERED emits completed records in arrival order; UNORDERED emits them as they complete, but only within the
 * stretch between two watermarks, so no record overtakes a watermark and a watermark passes only after every
 * record before it. A completed record keeps its place (and counts towards `size`) until emitted.
 */
export class AsyncElementQueue<IN, OUT> {
  private readonly entries: (AsyncRequest<IN, OUT> | HeldWatermark)[] = [];
  private records = 0;

  constructor(private readonly ordered: boolean) {}

  /** Records queued: in flight, or complete and waiting to be emitted. */
  get size(): number {
    return this.records;
  }
  isEmpty(): boolean {
    return this.entries.length === 0;
  }

  addRecord(request: AsyncRequest<IN, OUT>): void {
    this.entries.push(request);
    this.records++;
  }

  /** Emits the watermark at once when nothing is queued, else queues it behind the records. */
  addWatermark(watermark: number, output: Output<OUT>): void {
    if (this.entries.length === 0) output.emitWatermark(watermark);
    else this.entries.push(new HeldWatermark(watermark));
  }

  /** Records still queued, in arrival order. */
  *requests(): IterableIterator<AsyncRequest<IN, OUT>> {
    for (const entry of this.entries) if (entry.kind === 'record') yield entry;
  }

  /** Everything still queued (in flight, completed but not emitted, held watermarks), in arrival order. */
  snapshotElements(): AsyncQueueElement<IN>[] {
    const out: AsyncQueueElement<IN>[] = new Array(this.entries.length);
    for (let i = 0; i < this.entries.length; i++) {
      const e = this.entries[i] as AsyncRequest<IN, OUT> | HeldWatermark;
      out[i] =
        e.kind === 'record'
          ? { kind: 'record', value: e.input, timestamp: e.timestamp }
          : { kind: 'watermark', watermark: e.watermark };
    }
    return out;
  }

  /** Emits every entry whose turn has come (records with the input's timestamp). */
  emitCompleted(output: Output<OUT>): void {
    if (this.ordered) this.emitOrdered(output);
    else this.emitUnordered(output);
  }

  /** Drops everything (the operator is closing); cancels the requests' timers. */
  clear(): void {
    for (const request of this.requests()) request.cancelTimers();
    this.entries.length = 0;
    this.records = 0;
  }

  private emitOrdered(output: Output<OUT>): void {
    const entries = this.entries;
    while (entries.length > 0) {
      const head = entries[0];
      if (head.kind === 'record' && !head.done) return;
      entries.shift();
      this.emit(head, output);
    }
  }

  private emitUnordered(output: Output<OUT>): void {
    const entries = this.entries;
    let i = 0;
    while (i < entries.length) {
      const entry = entries[i];
      if (entry.kind === 'watermark') {
        if (i !== 0) return; // records before it are still in flight
        entries.shift();
        this.emit(entry, output);
      } else if (entry.done) {
        entries.splice(i, 1);
        this.emit(entry, output);
      } else {
        i++;
      }
    }
  }

  private emit(entry: AsyncRequest<IN, OUT> | HeldWatermark, output: Output<OUT>): void {
    if (entry.kind === 'watermark') {
      output.emitWatermark(entry.watermark);
      return;
    }
    this.records--;
    const results = entry.results;
    for (let i = 0; i < results.length; i++) output.collect(results[i], entry.timestamp);
  }
}
