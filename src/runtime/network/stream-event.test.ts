import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_WATERMARK, MIN_WATERMARK } from '../../core/time.js';
import { ByteReader, ByteWriter } from '../../core/types/bytes.js';
import {
  checkpointBarrier,
  decodeStreamEvent,
  END_OF_PARTITION,
  encodeStreamEvent,
  MAX_EVENT_BYTES,
  type StreamEvent,
  WATERMARK_STATUS_ACTIVE,
  WATERMARK_STATUS_IDLE,
  watermark,
} from './stream-event.js';

function roundTrip(event: StreamEvent): { event: StreamEvent; bytes: number } {
  const out = new ByteWriter(16);
  encodeStreamEvent(event, out);
  const input = new ByteReader(out.toUint8Array());
  const decoded = decodeStreamEvent(input);
  assert.equal(input.remaining, 0, 'the decoder reads exactly what the encoder wrote');
  return { event: decoded, bytes: out.length };
}

describe('stream events on the wire', () => {
  const cases: [string, StreamEvent][] = [
    ['watermark', watermark(1_700_000_000_123)],
    ['negative watermark', watermark(-5)],
    ['MIN_WATERMARK (-Infinity)', watermark(MIN_WATERMARK)],
    ['MAX_WATERMARK (+Infinity)', watermark(MAX_WATERMARK)],
    ['idle status', WATERMARK_STATUS_IDLE],
    ['active status', WATERMARK_STATUS_ACTIVE],
    ['aligned barrier', checkpointBarrier(7, 1_700_000_000_000, false)],
    ['unaligned barrier', checkpointBarrier(2 ** 40, 12, true)],
    ['end of partition', END_OF_PARTITION],
  ];
  for (const [name, event] of cases) {
    it(`round-trips ${name} exactly`, () => {
      const { event: decoded, bytes } = roundTrip(event);
      assert.deepEqual(decoded, event);
      assert.ok(bytes <= MAX_EVENT_BYTES, `${bytes} bytes fit MAX_EVENT_BYTES`);
    });
  }

  it('keeps ±Infinity as infinities, not Java longs', () => {
    assert.equal((roundTrip(watermark(Number.NEGATIVE_INFINITY)).event as { timestamp: number }).timestamp, -Infinity);
    assert.equal((roundTrip(watermark(Number.POSITIVE_INFINITY)).event as { timestamp: number }).timestamp, Infinity);
  });

  it('shares the constant events instead of allocating', () => {
    assert.equal(roundTrip(END_OF_PARTITION).event, END_OF_PARTITION);
    assert.equal(roundTrip(WATERMARK_STATUS_IDLE).event, WATERMARK_STATUS_IDLE);
  });

  it('names an unknown tag as corrupt input', () => {
    assert.throws(() => decodeStreamEvent(new ByteReader(new Uint8Array([99]))), /unknown entry tag 99.*corrupt/);
  });

  it('rejects an event of unknown kind at encode time', () => {
    const bogus = { kind: 'latency-marker' } as unknown as StreamEvent;
    assert.throws(() => encodeStreamEvent(bogus, new ByteWriter()), /unknown stream event.*latency-marker/);
  });
});
