import { ByteReader } from '../../../core/types/bytes.js';
import type { Codec } from '../../../core/types/codec.js';
import { BufferDecoder, type DecodeControl } from '../buffer-decoder.js';
import type { ChannelReader, InputHandler } from '../channel.js';
import { decodeStreamEvent, type StreamEvent } from '../stream-event.js';
import type { SegmentPool } from './segment-pool.js';

/** How a reader talks back to its producer: one stream of a data connection. */
export interface ProducerLink {
  /** Gives `credits` buffers of room back to the producer (sent batched, soon). */
  returnCredit(stream: number, credits: number): void;
  /** The reader stopped: the producer drops what it still has. */
  release(stream: number): void;
  readonly remote: string;
}

const RESOLVED: Promise<void> = Promise.resolve();
/** For a finished channel: nothing will ever arrive, and waiting on it must not keep the worker alive. */
const NEVER: Promise<void> = new Promise<void>(() => {});

/**
 * The consumer's end of a channel whose producer runs in another TaskManager process (Flink: RemoteInputChannel).
 * DATA frames land in pooled segments queued here (at most `credits` of them: the producer sends only within the
 * credit announced); taking a segment to decode gives one credit back. Priority events wait in their own queue and
 * are delivered before any data.
 *
 * Contract: used on the consumer's worker thread only, by one InputGate; the PartitionRequestClient calls
 * onOpened / onBuffer / onPriority / fail from socket events, between the task's turns.
 */
export class RemoteChannelReader<T> implements ChannelReader, DecodeControl {
  blocked = false;
  finished = false;
  buffersIn = 0;
  bytesIn = 0;
  private readonly decoder: BufferDecoder<T>;
  private readonly queue: Uint8Array[] = [];
  private readonly queueLengths: number[] = [];
  private readonly priority: StreamEvent[] = [];
  private readonly eventReader = new ByteReader();
  private current: Uint8Array | undefined;
  private link: ProducerLink | undefined;
  private stream = 0;
  private failure: Error | undefined;
  private pending: Promise<void> | undefined;
  private wakeReader: (() => void) | undefined;
  closed = false;

  constructor(
    /** `${jobId}/${channelId}`, as the producer registered it. */
    readonly channel: string,
    codec: Codec<T>,
    private readonly pool: SegmentPool,
    /** Buffers announced to the producer: the most this reader ever holds unread. */
    readonly credits: number,
  ) {
    this.decoder = new BufferDecoder(codec);
  }

  get recordsIn(): number {
    return this.decoder.recordsIn;
  }

  get opened(): boolean {
    return this.link !== undefined;
  }

  readPriority(handler: InputHandler, channel: number): boolean {
    if (this.failure !== undefined) throw this.failure;
    const events = this.priority;
    if (events.length === 0) return false;
    for (let i = 0; i < events.length; i++) handler.onEvent(events[i], channel);
    events.length = 0;
    return true;
  }

  readData(handler: InputHandler, channel: number): boolean {
    if (this.failure !== undefined) throw this.failure;
    if (this.blocked || this.finished) return false;
    const decoder = this.decoder;
    if (!decoder.hasRemaining && !this.takeBuffer()) return false;
    decoder.decode(handler, channel, this);
    if (decoder.ended) this.finishChannel();
    return true;
  }

  isAvailable(): boolean {
    if (this.failure !== undefined || this.priority.length > 0) return true;
    if (this.blocked || this.finished) return false;
    return this.decoder.hasRemaining || this.queue.length > 0;
  }

  whenAvailable(): Promise<void> {
    if (this.pending !== undefined) return this.pending;
    if (this.closed || this.isAvailable()) return RESOLVED;
    if (this.finished) return NEVER;
    this.pending = new Promise<void>((resolve) => {
      this.wakeReader = resolve;
    });
    return this.pending;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.releaseLink();
    for (const segment of this.queue) this.pool.give(segment);
    this.queue.length = 0;
    this.queueLengths.length = 0;
    this.wake();
  }

  /** The producer accepted the request; data may follow at once. */
  onOpened(link: ProducerLink, stream: number): void {
    this.link = link;
    this.stream = stream;
    if (this.closed) this.releaseLink();
  }

  onBuffer(segment: Uint8Array, length: number): void {
    if (this.closed || this.finished) {
      this.pool.give(segment);
      return;
    }
    if (this.queue.length >= this.credits) {
      this.fail(
        new Error(
          `Channel ${this.channel}: the producer at ${this.link?.remote ?? '?'} sent more buffers than the ` +
            `${this.credits} credits announced (a protocol error)`,
        ),
      );
      this.pool.give(segment);
      return;
    }
    this.queue.push(segment);
    this.queueLengths.push(length);
    this.wake();
  }

  onPriority(payload: Uint8Array): void {
    if (this.closed || this.finished) return;
    this.eventReader.reset(payload, 0, payload.length);
    this.priority.push(decodeStreamEvent(this.eventReader));
    this.wake();
  }

  /** The channel cannot go on (connection lost, request refused): the task fails with this error. */
  fail(error: Error): void {
    if (this.closed || this.finished || this.failure !== undefined) return;
    this.failure = error;
    this.wake();
  }

  /** Copies nothing: decodes the segment in place, and returns the previous one to the pool and its credit. */
  private takeBuffer(): boolean {
    if (this.queue.length === 0) return false;
    if (this.current !== undefined) this.pool.give(this.current);
    const segment = this.queue.shift()!;
    const length = this.queueLengths.shift()!;
    this.current = segment;
    this.buffersIn++;
    this.bytesIn += length;
    this.decoder.setBuffer(segment, length);
    this.link?.returnCredit(this.stream, 1);
    return true;
  }

  private finishChannel(): void {
    this.finished = true;
    this.releaseLink();
    if (this.current !== undefined) {
      this.pool.give(this.current);
      this.current = undefined;
    }
  }

  private releaseLink(): void {
    const link = this.link;
    if (link === undefined) return;
    this.link = undefined;
    link.release(this.stream);
  }

  private wake(): void {
    const wake = this.wakeReader;
    if (wake === undefined) return;
    this.wakeReader = undefined;
    this.pending = undefined;
    wake();
  }
}
