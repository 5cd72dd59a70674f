import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { NO_TIMESTAMP } from '../../core/time.js';
import type { Codec } from '../../core/types/codec.js';
import { BufferDecoder } from './buffer-decoder.js';
import { BufferEncoder, type BufferSink } from './buffer-encoder.js';
import type { InputHandler } from './channel.js';
import { checkpointBarrier, END_OF_PARTITION, type StreamEvent, watermark } from './stream-event.js';
import { bytesCodec, numberCodec, stringCodec } from './test-codecs.js';

type Entry = { record: unknown; timestamp: number } | { event: StreamEvent };

/** Collects finished buffers as copies, as a channel would. */
class BufferList implements BufferSink {
  readonly buffers: Uint8Array[] = [];
  acceptBuffer(bytes: Uint8Array, from: number, to: number): void {
    // A copy: the encoder reuses its array (and Buffer.prototype.slice would only make a view).
    this.buffers.push(Uint8Array.prototype.slice.call(bytes, from, to));
  }
}

class Recorder implements InputHandler {
  readonly entries: Entry[] = [];
  onRecord(value: unknown, timestamp: number): void {
    this.entries.push({ record: value, timestamp });
  }
  onEvent(event: StreamEvent): void {
    this.entries.push({ event });
  }
}

const NEVER_BLOCKED = { blocked: false };

function encodeAll<T>(codec: Codec<T>, entries: Entry[], segmentSize: number): Uint8Array[] {
  const sink = new BufferList();
  const encoder = new BufferEncoder(codec, sink, segmentSize);
  for (const entry of entries) {
    if ('event' in entry) encoder.writeEvent(entry.event);
    else encoder.writeRecord(entry.record as T, entry.timestamp);
  }
  encoder.flush();
  return sink.buffers;
}

function decodeAll<T>(codec: Codec<T>, buffers: Uint8Array[]): Entry[] {
  const decoder = new BufferDecoder(codec);
  const recorder = new Recorder();
  for (const buffer of buffers) {
    decoder.setBuffer(buffer, buffer.length);
    while (decoder.hasRemaining && !decoder.ended) decoder.decode(recorder, 0, NEVER_BLOCKED);
  }
  return recorder.entries;
}

describe('buffer format', () => {
  it('round-trips records and events in order, with and without timestamps', () => {
    const entries: Entry[] = [
      { record: 'a', timestamp: 5 },
      { record: 'b', timestamp: NO_TIMESTAMP },
      { event: watermark(5) },
      { record: '', timestamp: -3 },
      { event: checkpointBarrier(1, 99, false) },
      { record: 'ünïcødé ✓', timestamp: 6 },
      { event: END_OF_PARTITION },
    ];
    const buffers = encodeAll(stringCodec, entries, 32768);
    assert.equal(buffers.length, 1);
    assert.deepEqual(decodeAll(stringCodec, buffers), entries);
  });

  it('fills buffers up to the segment size and never beyond', () => {
    const entries: Entry[] = [];
    for (let i = 0; i < 10_000; i++) entries.push({ record: i, timestamp: i });
    const buffers = encodeAll(numberCodec, entries, 32768);
    // a timed number record takes 1 + 8 + 4 + 8 = 21 bytes: 1560 fit in 32 KiB
    assert.ok(buffers.every((b) => b.length <= 32768));
    assert.equal(buffers[0].length, 1560 * 21);
    assert.equal(buffers.length, Math.ceil(10_000 / 1560));
    assert.deepEqual(decodeAll(numberCodec, buffers), entries);
  });

  it('spans a 200 KiB record over several 32 KiB buffers', () => {
    const big = new Uint8Array(200 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
    const entries: Entry[] = [
      { record: new Uint8Array([1, 2, 3]), timestamp: 1 },
      { record: big, timestamp: 2 },
      { record: new Uint8Array([4]), timestamp: NO_TIMESTAMP },
    ];
    const buffers = encodeAll(bytesCodec, entries, 32768);
    assert.ok(buffers.length >= 7, `the big record needs at least 7 buffers, got ${buffers.length}`);
    assert.ok(buffers.every((b) => b.length <= 32768));
    assert.deepEqual(decodeAll(bytesCodec, buffers), entries);
  });

  it('round-trips any sequence for any segment size (property)', () => {
    const entry = fc.oneof(
      fc
        .tuple(
          fc.string({ maxLength: 300 }),
          fc.oneof(fc.constant(NO_TIMESTAMP), fc.integer({ min: -1e12, max: 1e12 })),
        )
        .map(([record, timestamp]): Entry => ({ record, timestamp })),
      fc.constantFrom<Entry>(
        { event: watermark(Number.POSITIVE_INFINITY) },
        { event: watermark(-1) },
        { event: checkpointBarrier(3, 4, true) },
      ),
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 200 }), fc.integer({ min: 64, max: 2048 }), (entries, segmentSize) => {
        const buffers = encodeAll(stringCodec, entries, segmentSize);
        assert.ok(buffers.every((b) => b.length <= segmentSize && b.length > 0));
        assert.deepEqual(decodeAll(stringCodec, buffers), entries);
      }),
    );
  });

  it('stops after end-of-partition and after an event that blocked the channel', () => {
    const buffers = encodeAll(
      numberCodec,
      [{ record: 1, timestamp: 1 }, { event: watermark(1) }, { record: 2, timestamp: 2 }],
      4096,
    );
    const decoder = new BufferDecoder(numberCodec);
    const control = { blocked: false };
    const seen: unknown[] = [];
    const handler: InputHandler = {
      onRecord: (v) => seen.push(v),
      onEvent: (e) => {
        seen.push(e.kind);
        control.blocked = true;
      },
    };
    decoder.setBuffer(buffers[0], buffers[0].length);
    decoder.decode(handler, 0, control);
    assert.deepEqual(seen, [1, 'watermark']);
    assert.ok(decoder.hasRemaining);
    control.blocked = false;
    decoder.decode(handler, 0, control);
    assert.deepEqual(seen, [1, 'watermark', 2]);
    assert.equal(decoder.recordsIn, 2);
  });

  it('names a codec that reads less than was written', () => {
    const buffers = encodeAll(stringCodec, [{ record: 'hello', timestamp: 1 }], 4096);
    const lossy: Codec<string> = { encode: stringCodec.encode, decode: (input) => String(input.readUint8()) };
    assert.throws(() => decodeAll(lossy, buffers), /codec read 1 bytes of a 6-byte record.*different codecs/);
  });

  it('rejects NaN timestamps with a hint', () => {
    const encoder = new BufferEncoder(numberCodec, new BufferList(), 4096);
    assert.throws(() => encoder.writeRecord(1, Number.NaN), /timestamp NaN.*NO_TIMESTAMP/);
  });

  it('rejects a segment size that cannot hold an entry header', () => {
    assert.throws(() => new BufferEncoder(numberCodec, new BufferList(), 16), /segment size.*\[64, 2\^30\]/);
  });
});
