import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  DataProtocolError,
  decodeCredit,
  decodeOpenRequest,
  decodeText,
  encodeCreditFrame,
  encodeFrame,
  encodeTextFrame,
  FRAME_DATA,
  FRAME_OPEN,
  FRAME_PRIORITY,
  FrameParser,
  type FrameReceiver,
} from './data-frame.js';

interface Seen {
  readonly type: number;
  readonly stream: number;
  readonly bytes: number[];
}

function collector(): { receiver: FrameReceiver; seen: Seen[] } {
  const seen: Seen[] = [];
  return {
    seen,
    receiver: {
      dataSegment: (_stream, length) => new Uint8Array(Math.max(length, 1)),
      onData: (stream, segment, length) =>
        seen.push({ type: FRAME_DATA, stream, bytes: [...segment.subarray(0, length)] }),
      onControl: (type, stream, payload) => seen.push({ type, stream, bytes: [...payload] }),
    },
  };
}

describe('FrameParser', () => {
  it('reassembles frames however the bytes are split into chunks', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom(FRAME_DATA, FRAME_PRIORITY), fc.nat(1000), fc.uint8Array({ maxLength: 300 })),
          {
            maxLength: 8,
          },
        ),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 10 }),
        (frames, cuts) => {
          const wire = Buffer.concat(frames.map(([type, stream, payload]) => encodeFrame(type, stream, payload)));
          const { receiver, seen } = collector();
          const parser = new FrameParser(receiver, 1024);
          let at = 0;
          for (let i = 0; at < wire.length; i++) {
            const n = cuts[i % cuts.length];
            parser.push(wire.subarray(at, at + n));
            at += n;
          }
          assert.deepEqual(
            seen,
            frames.map(([type, stream, payload]) => ({ type, stream, bytes: [...payload] })),
          );
        },
      ),
    );
  });

  it('refuses what is not a Weir data stream, naming the problem', () => {
    const { receiver } = collector();
    assert.throws(
      () => new FrameParser(receiver, 1024).push(Buffer.from('GET / HTTP/1.1\r\n\r\n')),
      (error: Error) => error instanceof DataProtocolError && /not a Weir data endpoint/.test(error.message),
    );
  });

  it('refuses a DATA frame larger than a segment', () => {
    const { receiver } = collector();
    assert.throws(
      () => new FrameParser(receiver, 16).push(encodeFrame(FRAME_DATA, 1, new Uint8Array(17))),
      /carries 17 bytes, more than the 16 allowed; producer and consumer disagree on taskmanager.memory.segment-size/,
    );
  });

  it('encodes credit and OPEN payloads and checks them', () => {
    const { receiver, seen } = collector();
    const parser = new FrameParser(receiver, 64);
    parser.push(encodeCreditFrame(3, 7));
    parser.push(encodeTextFrame(FRAME_OPEN, 4, JSON.stringify({ channel: 'job/e|0|1', credits: 4 })));
    assert.equal(decodeCredit(Uint8Array.from(seen[0].bytes)), 7);
    assert.deepEqual(decodeOpenRequest(Uint8Array.from(seen[1].bytes)), { channel: 'job/e|0|1', credits: 4 });
    assert.throws(() => decodeOpenRequest(Buffer.from('{"channel": 1}')), /without a channel name/);
    assert.throws(() => decodeOpenRequest(Buffer.from('nope')), /not JSON/);
    assert.equal(decodeText(Buffer.from('héllo')), 'héllo');
  });
});
