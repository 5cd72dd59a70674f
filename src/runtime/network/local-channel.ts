import { nanTimestamp } from './buffer-encoder.js';
import type { ChannelReader, ChannelWriter, InputHandler } from './channel.js';
import { OverdraftBudget } from './overdraft-budget.js';
import { DEFAULT_CREDITS } from './shared-channel-layout.js';
import { END_OF_PARTITION, type StreamEvent } from './stream-event.js';

// A channel between two subtasks in the same worker (slot sharing): batches of objects pass without encoding,
// with the same credit semantics as the shared channel (at most `credits` batches in flight, then the bounded
// overdraft). A batch holds values and timestamps in parallel arrays; an event sits in `values` with a NaN
// timestamp (record timestamps are never NaN: writeRecord rejects it).

export const DEFAULT_BATCH_SIZE = 512;

export interface LocalChannelOptions {
  readonly name?: string;
  /** Batches in flight before the writer is out of credit; default as for shared channels. */
  readonly credits?: number;
  /** Entries per batch (the local counterpart of a 32 KiB buffer); default 512. */
  readonly batchSize?: number;
}

interface Batch {
  readonly values: unknown[];
  readonly timestamps: Float64Array;
  size: number;
}

const RESOLVED: Promise<void> = Promise.resolve();
const NEVER: Promise<void> = new Promise<void>(() => {});

/** The state both ends share; both ends live on one thread, so plain fields and promises suffice. */
export class LocalChannel {
  readonly name: string;
  readonly credits: number;
  readonly batchSize: number;
  /** Published batches, oldest first. */
  readonly queue: Batch[] = [];
  readonly free: Batch[] = [];
  readonly priority: StreamEvent[] = [];
  consumerClosed = false;
  /** The writer's overdraft budget: the reader gives back what batches beyond credit took. */
  budget: OverdraftBudget | undefined;
  wakeReader: (() => void) | undefined;
  wakeWriter: (() => void) | undefined;

  constructor(options: LocalChannelOptions = {}) {
    this.name = options.name ?? 'local channel';
    this.credits = checkPositive(options.credits ?? DEFAULT_CREDITS, 'credits');
    this.batchSize = checkPositive(options.batchSize ?? DEFAULT_BATCH_SIZE, 'batchSize');
  }

  takeFreeBatch(): Batch {
    return (
      this.free.pop() ?? { values: new Array(this.batchSize), timestamps: new Float64Array(this.batchSize), size: 0 }
    );
  }

  signalReader(): void {
    const wake = this.wakeReader;
    if (wake !== undefined) {
      this.wakeReader = undefined;
      wake();
    }
  }

  signalWriter(): void {
    const wake = this.wakeWriter;
    if (wake !== undefined) {
      this.wakeWriter = undefined;
      wake();
    }
  }
}

function checkPositive(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`createLocalChannel: ${what} must be a positive integer, got ${value}`);
  }
  return value;
}

export function createLocalChannel(options: LocalChannelOptions = {}): LocalChannel {
  return new LocalChannel(options);
}

/** The producer's end. Contract as for ChannelWriter; called on the worker's thread only. */
export class LocalChannelWriter<T> implements ChannelWriter<T> {
  buffersOut = 0;
  readonly bytesOut = 0;
  private current: Batch | undefined;
  private creditSignal: Promise<void> | undefined;
  private aborted = false;
  private closing = false;
  private closed = false;

  constructor(
    private readonly channel: LocalChannel,
    private readonly budget: OverdraftBudget = new OverdraftBudget(),
  ) {
    if (channel.budget !== undefined)
      throw new Error(`${channel.name}: a second writer attached; each local channel has exactly one writer`);
    channel.budget = budget;
  }

  writeRecord(value: T, timestamp: number): void {
    if (this.closed) throw this.closedError();
    if (Number.isNaN(timestamp)) throw nanTimestamp();
    this.append(value, timestamp);
  }

  writeEvent(event: StreamEvent, priority: boolean): void {
    if (this.closed) throw this.closedError();
    if (event.kind === 'end-of-partition') {
      this.close();
    } else if (priority) {
      this.channel.priority.push(event);
      this.channel.signalReader();
    } else {
      this.append(event, Number.NaN);
      if (event.kind === 'barrier') this.flush();
    }
  }

  flush(): void {
    const batch = this.current;
    if (batch === undefined || batch.size === 0) return;
    const channel = this.channel;
    if (channel.consumerClosed) {
      this.current = undefined;
      batch.values.fill(undefined, 0, batch.size);
      batch.size = 0;
      channel.free.push(batch);
      return;
    }
    if (channel.queue.length >= channel.credits) this.budget.acquire(channel.name, this.closing);
    this.current = undefined;
    channel.queue.push(batch);
    this.buffersOut++;
    channel.signalReader();
  }

  hasCredit(): boolean {
    const channel = this.channel;
    return channel.queue.length < channel.credits || channel.consumerClosed || this.aborted;
  }

  whenCredit(): Promise<void> {
    return this.hasCredit() ? RESOLVED : this.waitForCredit();
  }

  private async waitForCredit(): Promise<void> {
    while (!this.hasCredit()) {
      if (this.creditSignal === undefined) {
        this.creditSignal = new Promise<void>((resolve) => {
          this.channel.wakeWriter = resolve;
        }).then(() => {
          this.creditSignal = undefined;
        });
      }
      await this.creditSignal;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closing = true;
    this.append(END_OF_PARTITION, Number.NaN);
    this.flush();
    this.closed = true;
  }

  abort(): void {
    this.closed = true;
    this.aborted = true;
    this.channel.signalWriter();
    this.current = undefined;
    const channel = this.channel;
    while (channel.queue.length > channel.credits) {
      channel.queue.pop();
      this.budget.release();
    }
  }

  private append(value: unknown, timestamp: number): void {
    let batch = this.current;
    if (batch === undefined) batch = this.current = this.channel.takeFreeBatch();
    const i = batch.size;
    batch.values[i] = value;
    batch.timestamps[i] = timestamp;
    batch.size = i + 1;
    if (i + 1 === this.channel.batchSize) this.flush();
  }

  private closedError(): Error {
    return new Error(`${this.channel.name}: write after close (end-of-partition was already sent)`);
  }
}

/** The consumer's end. Contract as for ChannelReader; called on the worker's thread only. */
export class LocalChannelReader implements ChannelReader {
  blocked = false;
  finished = false;
  buffersIn = 0;
  readonly bytesIn = 0;
  recordsIn = 0;
  /** The batch being delivered (taken off the queue, so its credit is back) and the next entry in it. */
  private batch: Batch | undefined;
  private next = 0;
  private pending: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly channel: LocalChannel) {}

  readPriority(handler: InputHandler, channel: number): boolean {
    const events = this.channel.priority;
    if (events.length === 0) return false;
    while (events.length > 0) handler.onEvent(events.shift() as StreamEvent, channel);
    return true;
  }

  readData(handler: InputHandler, channel: number): boolean {
    if (this.blocked || this.finished) return false;
    const batch = this.batch ?? this.takeBatch();
    if (batch === undefined) return false;
    const { values, timestamps, size } = batch;
    for (let i = this.next; i < size; i++) {
      const value = values[i];
      const timestamp = timestamps[i];
      values[i] = undefined;
      if (!Number.isNaN(timestamp)) {
        this.recordsIn++;
        handler.onRecord(value, timestamp, channel);
        continue;
      }
      const event = value as StreamEvent;
      if (event.kind === 'end-of-partition') this.finished = true;
      handler.onEvent(event, channel);
      if ((this.finished || this.blocked) && i + 1 < size) {
        this.next = i + 1;
        return true;
      }
    }
    this.recycle(batch);
    return true;
  }

  /** Takes the oldest batch off the queue, which returns its credit (or overdraft) to the writer. */
  private takeBatch(): Batch | undefined {
    const channel = this.channel;
    const queue = channel.queue;
    if (queue.length === 0) return undefined;
    if (queue.length > channel.credits) channel.budget?.release();
    const batch = queue.shift() as Batch;
    this.batch = batch;
    this.next = 0;
    this.buffersIn++;
    channel.signalWriter();
    return batch;
  }

  private recycle(batch: Batch): void {
    batch.size = 0;
    this.batch = undefined;
    this.next = 0;
    this.channel.free.push(batch);
  }

  isAvailable(): boolean {
    if (this.channel.priority.length > 0) return true;
    if (this.blocked || this.finished) return false;
    return this.batch !== undefined || this.channel.queue.length > 0;
  }

  whenAvailable(): Promise<void> {
    if (this.pending !== undefined) return this.pending;
    if (this.closed || this.isAvailable()) return RESOLVED;
    if (this.finished) return NEVER;
    this.pending = new Promise<void>((resolve) => {
      this.channel.wakeReader = resolve;
    }).then(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const channel = this.channel;
    channel.consumerClosed = true;
    channel.signalWriter();
    channel.signalReader();
  }
}
