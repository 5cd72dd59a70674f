import { ByteWriter } from '../../../core/types/bytes.js';
import type { Codec } from '../../../core/types/codec.js';
import { BufferEncoder, type BufferSink } from '../buffer-encoder.js';
import { DEFAULT_SEGMENT_SIZE } from '../buffer-format.js';
import type { ChannelWriter } from '../channel.js';
import { OverdraftBudget } from '../overdraft-budget.js';
import { encodeStreamEvent, type StreamEvent } from '../stream-event.js';

/** Where a producer's buffers go once its consumer connected: one stream of a data connection. */
export interface ConsumerLink {
  /** Sends `bytes[from, to)` as one DATA frame (copied before the call returns). */
  sendData(stream: number, bytes: Uint8Array, from: number, to: number): void;
  sendPriority(stream: number, bytes: Uint8Array, length: number): void;
  /** A readable name of the consumer's end, for errors. */
  readonly remote: string;
}

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * The producer's end of a channel whose consumer runs in another TaskManager process (Flink: a pipelined
 * subpartition served to a RemoteInputChannel). Buffers leave as DATA frames within the credit the consumer
 * announced; without credit (or before the consumer connected) finished buffers wait in a bounded overdraft queue
 * and drain as credit arrives. Priority events are sent at once, ahead of every queued buffer.
 *
 * Contract: used on the producer's worker thread only; the PartitionRequestServer of that worker calls attach /
 * addCredit / release / connectionLost from socket events, between the task's turns.
 */
export class RemoteChannelWriter<T> implements ChannelWriter<T> {
  buffersOut = 0;
  bytesOut = 0;
  private readonly encoder: BufferEncoder<T>;
  private readonly sink: BufferSink = { acceptBuffer: (b, from, to) => this.acceptBuffer(b, from, to) };
  private link: ConsumerLink | undefined;
  private stream = 0;
  private credit = 0;
  /** The consumer released the channel (it finished or was cancelled): what is written from now on is dropped. */
  private released = false;
  private failure: Error | undefined;
  private readonly queue: Uint8Array[] = [];
  private readonly queueLengths: number[] = [];
  private readonly spare: Uint8Array[] = [];
  /** Priority events written before the consumer connected, encoded, oldest first. */
  private readonly earlyPriority: Uint8Array[] = [];
  private readonly eventOut = new ByteWriter(64);
  private creditWait: Promise<void> | undefined;
  private wakeCredit: (() => void) | undefined;
  private closing = false;
  private closed = false;
  private aborted = false;

  constructor(
    /** `${jobId}/${channelId}`: the name the consumer asks for. */
    readonly channel: string,
    codec: Codec<T>,
    private readonly budget: OverdraftBudget = new OverdraftBudget(),
    private readonly segmentSize = DEFAULT_SEGMENT_SIZE,
  ) {
    this.encoder = new BufferEncoder(codec, this.sink, segmentSize);
  }

  /** Whether a consumer has this channel. */
  get attached(): boolean {
    return this.link !== undefined;
  }

  /** True once nothing more can happen on this channel: the server forgets it. */
  get done(): boolean {
    return this.aborted || this.released || this.failure !== undefined;
  }

  writeRecord(value: T, timestamp: number): void {
    if (this.closed) throw this.closedError();
    if (this.failure !== undefined) throw this.failure;
    this.encoder.writeRecord(value, timestamp);
  }

  writeEvent(event: StreamEvent, priority: boolean): void {
    if (this.closed) throw this.closedError();
    if (this.failure !== undefined) throw this.failure;
    if (event.kind === 'end-of-partition') {
      this.close();
    } else if (priority) {
      this.writePriority(event);
    } else {
      this.encoder.writeEvent(event);
      if (event.kind === 'barrier') this.encoder.flush();
    }
  }

  flush(): void {
    if (!this.closed) this.encoder.flush();
  }

  hasCredit(): boolean {
    if (this.aborted || this.released || this.failure !== undefined) return true;
    return this.queue.length === 0 && this.credit > 0;
  }

  whenCredit(): Promise<void> {
    if (this.hasCredit()) return RESOLVED;
    if (this.creditWait === undefined) {
      this.creditWait = new Promise<void>((resolve) => {
        this.wakeCredit = resolve;
      });
    }
    return this.creditWait;
  }

  close(): void {
    if (this.closed) return;
    this.closing = true;
    this.encoder.writeEvent({ kind: 'end-of-partition' });
    this.encoder.flush();
    this.closed = true;
  }

  abort(): void {
    this.closed = true;
    this.aborted = true;
    this.dropQueue();
    this.wake();
  }

  /** Buffers written but not yet sent (overdraft). */
  get pendingBuffers(): number {
    return this.queue.length;
  }

  /** The consumer asked for this channel with `credits` buffers of room. */
  attach(link: ConsumerLink, stream: number, credits: number): void {
    this.link = link;
    this.stream = stream;
    this.credit = credits;
    for (const event of this.earlyPriority) link.sendPriority(stream, event, event.length);
    this.earlyPriority.length = 0;
    this.drain();
  }

  addCredit(credits: number): void {
    this.credit += credits;
    this.drain();
  }

  /** The consumer released the channel: drop what waits and accept (and drop) what comes. */
  release(): void {
    this.released = true;
    this.dropQueue();
    this.wake();
  }

  /** The connection to the consumer broke. Fatal unless the consumer already has everything. */
  connectionLost(reason: string): void {
    if (this.released || this.aborted) return;
    if (this.closed && this.queue.length === 0) return;
    this.failure = new Error(
      `Channel ${this.channel}: the connection to its consumer${this.link === undefined ? '' : ` at ${this.link.remote}`} ` +
        `was lost (${reason}); the consumer's TaskManager died or the network failed — the job restarts from its ` +
        'latest checkpoint',
    );
    this.dropQueue();
    this.wake();
  }

  private acceptBuffer(bytes: Uint8Array, from: number, to: number): void {
    if (this.aborted || this.released) return;
    if (this.queue.length === 0 && this.credit > 0 && this.link !== undefined) {
      this.send(bytes, from, to);
      return;
    }
    this.budget.acquire(this.channel, this.closing);
    const segment = this.spare.pop() ?? new Uint8Array(this.segmentSize);
    segment.set(bytes.subarray(from, to));
    this.queue.push(segment);
    this.queueLengths.push(to - from);
  }

  private send(bytes: Uint8Array, from: number, to: number): void {
    this.link!.sendData(this.stream, bytes, from, to);
    this.credit--;
    this.buffersOut++;
    this.bytesOut += to - from;
  }

  private drain(): void {
    while (this.queue.length > 0 && this.credit > 0 && this.link !== undefined) {
      this.send(this.queue[0], 0, this.queueLengths[0]);
      this.dropHead();
    }
    if (this.hasCredit()) this.wake();
  }

  private dropQueue(): void {
    while (this.queue.length > 0) this.dropHead();
  }

  private dropHead(): void {
    const segment = this.queue.shift();
    this.queueLengths.shift();
    if (segment !== undefined) this.spare.push(segment);
    this.budget.release();
  }

  private wake(): void {
    const wake = this.wakeCredit;
    if (wake === undefined) return;
    this.wakeCredit = undefined;
    this.creditWait = undefined;
    wake();
  }

  private writePriority(event: StreamEvent): void {
    if (this.released || this.aborted) return;
    const out = this.eventOut;
    out.reset();
    encodeStreamEvent(event, out);
    if (this.link !== undefined) this.link.sendPriority(this.stream, out.bytes, out.length);
    else this.earlyPriority.push(out.bytes.slice(0, out.length));
  }

  private closedError(): Error {
    return new Error(`${this.channel}: write after close (end-of-partition was already sent)`);
  }
}
