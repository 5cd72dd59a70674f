import { NO_TIMESTAMP } from '../../core/time.js';
import { ByteReader } from '../../core/types/bytes.js';
import type { Codec } from '../../core/types/codec.js';
import type { InputHandler } from './channel.js';
import { decodeStreamEventBody, TAG_END_OF_PARTITION, TAG_RECORD, TAG_RECORD_WITH_TIMESTAMP } from './stream-event.js';

/** What the decoder consults after each event: the gate blocks a channel from inside onEvent (barrier alignment). */
export interface DecodeControl {
  readonly blocked: boolean;
}

const EMPTY = new Uint8Array(0);

/**
 * Turns buffers of the format in buffer-format.ts back into handler calls, one channel's buffers in order (Flink:
 * SpillingAdaptiveSpanningRecordDeserializer). A record spanning buffers is gathered in a side array and decoded
 * when its last piece arrives. Decoding can stop mid-buffer (end-of-partition, or a handler that blocked the
 * channel) and resume later where it stopped.
 *
 * Contract: owned by the consumer subtask's thread; the buffer given to setBuffer must stay unchanged until
 * hasRemaining is false.
 */
export class BufferDecoder<T> {
  /** Records delivered so far (read by metrics; a plain field, no per-record calls). */
  recordsIn = 0;
  /** True once end-of-partition was delivered: nothing may follow on this channel. */
  ended = false;
  private readonly reader = new ByteReader();
  /** The array the reader reads (ByteReader does not expose it). */
  private bytes: Uint8Array = EMPTY;
  private spanBytes: Uint8Array = EMPTY;
  private spanFilled = 0;
  /** Payload length of the record being gathered, or -1 when no record spans. */
  private spanLength = -1;
  private spanTimestamp = NO_TIMESTAMP;
  private readonly spanReader = new ByteReader();

  constructor(private readonly codec: Codec<T>) {}

  /** Whether the current buffer still holds undelivered bytes. */
  get hasRemaining(): boolean {
    return this.reader.remaining > 0;
  }

  /** Starts on the next buffer, `bytes[0, length)`, read in place. */
  setBuffer(bytes: Uint8Array, length: number): void {
    if (this.reader.remaining > 0) {
      throw new Error('BufferDecoder.setBuffer: the previous buffer still holds undelivered entries');
    }
    this.bytes = bytes;
    this.reader.reset(bytes, 0, length);
  }

  /** Delivers entries until the buffer is used up, end-of-partition arrives, or an event blocked the channel. */
  decode(handler: InputHandler, channel: number, control: DecodeControl): void {
    const r = this.reader;
    if (this.spanLength >= 0 && !this.continueSpan(handler, channel)) return;
    while (r.remaining > 0) {
      const tag = r.readUint8();
      if (tag <= TAG_RECORD_WITH_TIMESTAMP) {
        const timestamp = tag === TAG_RECORD ? NO_TIMESTAMP : r.readFloat64();
        const length = r.readInt32();
        const start = r.position;
        if (length > r.remaining) {
          this.startSpan(timestamp, length, channel);
          return;
        }
        const value = this.codec.decode(r);
        if (r.position !== start + length) throw codecMismatch(channel, length, r.position - start);
        this.recordsIn++;
        handler.onRecord(value, timestamp, channel);
      } else {
        const event = decodeStreamEventBody(tag, r);
        if (tag === TAG_END_OF_PARTITION) this.ended = true;
        handler.onEvent(event, channel);
        if (this.ended || control.blocked) return;
      }
    }
  }

  private startSpan(timestamp: number, length: number, channel: number): void {
    if (length < 0) {
      throw new RangeError(
        `BufferDecoder: channel ${channel} holds a record of negative length ${length}: corrupt bytes`,
      );
    }
    if (this.spanBytes.length < length) this.spanBytes = new Uint8Array(length);
    this.spanLength = length;
    this.spanTimestamp = timestamp;
    this.spanFilled = 0;
    this.gather();
  }

  /** Copies what the current buffer holds of the spanning record. */
  private gather(): void {
    const r = this.reader;
    const n = Math.min(this.spanLength - this.spanFilled, r.remaining);
    const from = r.position;
    this.spanBytes.set(this.bytes.subarray(from, from + n), this.spanFilled);
    this.spanFilled += n;
    r.position = from + n;
  }

  /** Continues a spanning record; true once it was delivered (the rest of the buffer may hold more entries). */
  private continueSpan(handler: InputHandler, channel: number): boolean {
    this.gather();
    if (this.spanFilled < this.spanLength) return false;
    const length = this.spanLength;
    const sr = this.spanReader;
    sr.reset(this.spanBytes, 0, length);
    const value = this.codec.decode(sr);
    if (sr.position !== length) throw codecMismatch(channel, length, sr.position);
    this.spanLength = -1;
    // A huge record should not pin its memory for the channel's lifetime.
    if (this.spanBytes.length > 1 << 20) this.spanBytes = EMPTY;
    this.recordsIn++;
    handler.onRecord(value, this.spanTimestamp, channel);
    return true;
  }
}

function codecMismatch(channel: number, written: number, read: number): Error {
  return new Error(
    `BufferDecoder: on channel ${channel} the codec read ${read} bytes of a ${written}-byte record; producer and ` +
      'consumer use different codecs for this edge (a changed record type?) or the codec is not symmetric',
  );
}
