import { NO_TIMESTAMP } from '../../core/time.js';
import { ByteWriter } from '../../core/types/bytes.js';
import type { Codec } from '../../core/types/codec.js';
import { checkSegmentSize, DEFAULT_SEGMENT_SIZE, ENTRY_HEADER_ROOM } from './buffer-format.js';
import { encodeStreamEvent, type StreamEvent, TAG_RECORD, TAG_RECORD_WITH_TIMESTAMP } from './stream-event.js';

/** Where finished buffers go: a channel copies them into a shared slot, an overdraft segment or a socket. */
export interface BufferSink {
  /** Takes one finished buffer. `bytes[from, to)` is valid only during the call: copy it. May throw (overdraft). */
  acceptBuffer(bytes: Uint8Array, from: number, to: number): void;
}

/**
 * Serializes records and events into buffers of the format in buffer-format.ts (Flink: the RecordWriter's
 * serializer plus BufferBuilder). The buffer being filled lives in one reused ByteWriter, so the codec writes
 * straight after the entry header and each record is copied once, with its whole buffer, by the sink.
 *
 * Contract: owned by one thread (the producer subtask's); not re-entrant; after acceptBuffer threw, the encoder
 * is unusable (the task fails).
 */
export class BufferEncoder<T> {
  private readonly out: ByteWriter;
  readonly segmentSize: number;

  constructor(
    private readonly codec: Codec<T>,
    private readonly sink: BufferSink,
    segmentSize = DEFAULT_SEGMENT_SIZE,
  ) {
    this.segmentSize = checkSegmentSize(segmentSize, 'BufferEncoder');
    this.out = new ByteWriter(segmentSize * 2);
  }

  /** Bytes waiting in the unfinished buffer (handed to the sink by flush() or when the buffer fills). */
  get pendingBytes(): number {
    return this.out.length;
  }

  /** Appends one record; NO_TIMESTAMP (-Infinity) takes the short header. Finished buffers go to the sink. */
  writeRecord(value: T, timestamp: number): void {
    const out = this.out;
    if (this.segmentSize - out.length < ENTRY_HEADER_ROOM) this.flush();
    const start = out.length;
    if (timestamp === NO_TIMESTAMP) {
      out.writeUint8(TAG_RECORD);
    } else {
      if (Number.isNaN(timestamp)) throw nanTimestamp();
      out.writeUint8(TAG_RECORD_WITH_TIMESTAMP);
      out.writeFloat64(timestamp);
    }
    const lengthAt = out.length;
    out.writeInt32(0);
    this.codec.encode(value, out);
    const end = out.length;
    const size = end - lengthAt - 4;
    const bytes = out.bytes; // re-read: encode() may have grown the array
    bytes[lengthAt] = size & 0xff;
    bytes[lengthAt + 1] = (size >>> 8) & 0xff;
    bytes[lengthAt + 2] = (size >>> 16) & 0xff;
    bytes[lengthAt + 3] = size >>> 24;
    if (end > this.segmentSize) this.spill(start, end);
  }

  /** Appends one event in order with the records around it. */
  writeEvent(event: StreamEvent): void {
    if (this.segmentSize - this.out.length < ENTRY_HEADER_ROOM) this.flush();
    encodeStreamEvent(event, this.out);
  }

  /** Hands the unfinished buffer to the sink if it holds anything. Returns whether it did. */
  flush(): boolean {
    const out = this.out;
    if (out.length === 0) return false;
    this.sink.acceptBuffer(out.bytes, 0, out.length);
    out.reset();
    return true;
  }

  /**
   * The record at [start, end) overran the buffer. Buffers before it go out whole; a record larger than a buffer
   * goes out in full-size pieces (a spanning record); what is left becomes the start of the next buffer. Runs at
   * most once per buffer, so the byte loop below is cheap enough and needs no second array.
   */
  private spill(start: number, end: number): void {
    const seg = this.segmentSize;
    const out = this.out;
    const bytes = out.bytes;
    if (start > 0) this.sink.acceptBuffer(bytes, 0, start);
    let from = start;
    while (end - from > seg) {
      this.sink.acceptBuffer(bytes, from, from + seg);
      from += seg;
    }
    // Moves [from, end) to the front; writing index i never overwrites a byte not yet moved (i <= from + i).
    out.reset();
    for (let i = from; i < end; i++) out.writeUint8(bytes[i]);
  }
}

/** The error for a NaN record timestamp (NaN has no order, and the local channel uses it as its event marker). */
export function nanTimestamp(): TypeError {
  return new TypeError(
    'RecordWriter: a record has timestamp NaN; use a finite number of milliseconds, or NO_TIMESTAMP (-Infinity) for ' +
      'records without one (check the TimestampAssigner)',
  );
}
