import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { encodeFrame, type Frame, FrameDecoder, type FrameKind, RpcProtocolError } from './rpc-frame.js';

const kinds: FrameKind[] = ['request', 'response', 'error', 'heartbeat'];

test('frames survive any split of the byte stream into chunks', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.constantFrom(...kinds), fc.nat(), fc.uint8Array({ maxLength: 300 })), { maxLength: 8 }),
      fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 20 }),
      (frames, cuts) => {
        const bytes = Buffer.concat(frames.map(([k, id, p]) => encodeFrame(k, id, Buffer.from(p))));
        const decoded: Frame[] = [];
        const decoder = new FrameDecoder();
        let offset = 0;
        for (let i = 0; offset < bytes.length; i++) {
          const size = cuts[i % cuts.length] as number;
          decoder.push(bytes.subarray(offset, offset + size), (f) => decoded.push(f));
          offset += size;
        }
        assert.deepEqual(
          decoded.map((f) => [f.kind, f.id, [...f.payload]]),
          frames.map(([k, id, p]) => [k, id >>> 0, [...p]]),
        );
      },
    ),
  );
});

test('a frame without payload decodes with an empty payload', () => {
  const out: Frame[] = [];
  new FrameDecoder().push(encodeFrame('heartbeat', 0, undefined), (f) => out.push(f));
  assert.equal(out.length, 1);
  assert.equal(out[0]?.kind, 'heartbeat');
  assert.equal(out[0]?.payload.length, 0);
});

test('garbage input fails with a protocol error naming the problem', () => {
  const badKind = encodeFrame('request', 1, Buffer.from([1]));
  badKind.writeUInt8(99, 4);
  assert.throws(
    () => new FrameDecoder().push(badKind, () => {}),
    (e: Error) => e instanceof RpcProtocolError && /kind byte 99/.test(e.message),
  );
  const badLength = Buffer.from([0xff, 0xff, 0xff, 0xff]);
  assert.throws(() => new FrameDecoder().push(badLength, () => {}), /frame body length/);
});
