import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ByteReader, ByteWriter } from './bytes.js';

function roundTripString(s: string, initialCapacity = 16): string {
  const w = new ByteWriter(initialCapacity);
  w.writeString(s);
  const r = new ByteReader(w.bytes, 0, w.length);
  const back = r.readString();
  assert.equal(r.remaining, 0, `string of ${s.length} units left bytes unread`);
  return back;
}

/** The expected wire bytes: canonical LEB128 of the UTF-8 length, then the UTF-8 bytes. */
function expectedStringBytes(s: string): Uint8Array {
  const utf8 = Buffer.from(s, 'utf8');
  const prefix: number[] = [];
  let n = utf8.length;
  while (n >= 0x80) {
    prefix.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  prefix.push(n);
  return Uint8Array.from([...prefix, ...utf8]);
}

describe('ByteWriter/ByteReader strings', () => {
  const cases: Array<[string, string]> = [
    ['empty', ''],
    ['ascii short', 'hello'],
    ['ascii 16 (JS loop limit)', 'a'.repeat(16)],
    ['ascii 17 (native path)', 'a'.repeat(17)],
    ['non-ascii after ascii, short', 'abcdefghijk\u00e9'],
    ['ascii 65 (native path)', 'b'.repeat(65)],
    ['ascii 127 / 128 / 129 (prefix width change)', 'c'.repeat(127)],
    ['ascii 128', 'd'.repeat(128)],
    ['latin-1', 'caf\u00e9 na\u00efve \u00fc'],
    ['CJK', '\u4f60\u597d\u4e16\u754c'],
    ['emoji (surrogate pairs)', 'ok \u{1F600}\u{1F680} done'],
    ['only an emoji', '\u{1F4A9}'],
    ['mixed long', 'x\u00e9\u4e2d\u{1F600}'.repeat(1000)],
    ['long ascii', 'The quick brown fox jumps over the lazy dog. '.repeat(500)],
    ['NUL and control chars', '\u0000\u0001\u007f'],
  ];
  for (const [name, s] of cases) {
    it(`round-trips ${name}`, () => {
      assert.equal(roundTripString(s), s);
      const w = new ByteWriter(4);
      w.writeString(s);
      assert.deepEqual(w.toUint8Array(), expectedStringBytes(s), 'bytes must be canonical UTF-8 with minimal prefix');
    });
  }

  it('writes lone surrogates as U+FFFD', () => {
    assert.equal(roundTripString('a\ud800b'), 'a\ufffdb');
  });

  it('round-trips arbitrary unicode strings with canonical bytes (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => {
        assert.equal(roundTripString(s, 1), s);
        const w = new ByteWriter(1);
        w.writeString(s);
        assert.deepEqual(w.toUint8Array(), expectedStringBytes(s));
      }),
    );
  });
});

describe('ByteWriter/ByteReader numbers and bytes', () => {
  it('round-trips every primitive in sequence across growth', () => {
    const w = new ByteWriter(1);
    const n = 2000;
    for (let i = 0; i < n; i++) {
      w.writeUint8(i & 0xff);
      w.writeInt32(i * -7919);
      w.writeVarUint(i * 1_000_003);
      w.writeFloat64(i / 3);
      w.writeBigInt64(BigInt(i) * -1_000_000_000_007n);
      w.writeString(`s${i}`);
      w.writeBytes(Uint8Array.of(i & 0xff, (i >> 8) & 0xff));
    }
    const r = new ByteReader(w.bytes, 0, w.length);
    for (let i = 0; i < n; i++) {
      assert.equal(r.readUint8(), i & 0xff);
      assert.equal(r.readInt32(), (i * -7919) | 0);
      assert.equal(r.readVarUint(), i * 1_000_003);
      assert.equal(r.readFloat64(), i / 3);
      assert.equal(r.readBigInt64(), BigInt(i) * -1_000_000_000_007n);
      assert.equal(r.readString(), `s${i}`);
      assert.deepEqual(r.readBytes(), Uint8Array.of(i & 0xff, (i >> 8) & 0xff));
    }
    assert.equal(r.remaining, 0);
  });

  const varints: Array<[number, number[]]> = [
    [0, [0]],
    [1, [1]],
    [127, [0x7f]],
    [128, [0x80, 0x01]],
    [300, [0xac, 0x02]],
    [2 ** 32 - 1, [0xff, 0xff, 0xff, 0xff, 0x0f]],
    [2 ** 32, [0x80, 0x80, 0x80, 0x80, 0x10]],
    [Number.MAX_SAFE_INTEGER, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f]],
  ];
  for (const [v, bytes] of varints) {
    it(`encodes varuint ${v} as LEB128`, () => {
      const w = new ByteWriter();
      w.writeVarUint(v);
      assert.deepEqual([...w.toUint8Array()], bytes);
      assert.equal(new ByteReader(w.toUint8Array()).readVarUint(), v);
    });
  }

  for (const bad of [-1, 1.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY]) {
    it(`rejects varuint ${bad}`, () => {
      assert.throws(() => new ByteWriter().writeVarUint(bad), /writeVarUint: expected an integer in \[0, 2\^53 - 1\]/);
    });
  }

  it('round-trips int32, float64 and bigint64 edge values (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.double(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (i, d, b) => {
        const w = new ByteWriter(1);
        w.writeInt32(i);
        w.writeFloat64(d);
        w.writeBigInt64(b);
        const r = new ByteReader(w.bytes, 0, w.length);
        assert.equal(r.readInt32(), i);
        assert.ok(Object.is(r.readFloat64(), d));
        assert.equal(r.readBigInt64(), b);
      }),
    );
  });

  it('writes little-endian', () => {
    const w = new ByteWriter();
    w.writeInt32(0x01020304);
    assert.deepEqual([...w.toUint8Array()], [4, 3, 2, 1]);
  });

  it('readBytes returns a copy that survives reuse of the input', () => {
    const w = new ByteWriter();
    w.writeBytes(Uint8Array.of(1, 2, 3));
    const input = w.toUint8Array();
    const out = new ByteReader(input).readBytes();
    input.fill(9);
    assert.deepEqual(out, Uint8Array.of(1, 2, 3));
    assert.equal(Object.getPrototypeOf(out), Uint8Array.prototype);
  });

  it('round-trips empty and large byte arrays', () => {
    const big = new Uint8Array(100_000).map((_, i) => i * 31);
    const w = new ByteWriter(8);
    w.writeBytes(new Uint8Array(0));
    w.writeBytes(big);
    const r = new ByteReader(w.bytes, 0, w.length);
    assert.deepEqual(r.readBytes(), new Uint8Array(0));
    assert.deepEqual(r.readBytes(), big);
  });
});

describe('ByteWriter buffer management', () => {
  it('reset keeps capacity and starts over; toUint8Array is a copy', () => {
    const w = new ByteWriter(4);
    w.writeString('a long enough string to grow the buffer');
    const first = w.toUint8Array();
    const capacity = w.bytes.length;
    w.reset();
    assert.equal(w.length, 0);
    w.writeUint8(7);
    assert.equal(w.bytes.length, capacity);
    assert.equal(first[0], 39);
    assert.deepEqual([...w.toUint8Array()], [7]);
  });

  it('truncate rolls back a partly written record', () => {
    const w = new ByteWriter(4);
    w.writeString('kept');
    const mark = w.length;
    w.writeInt32(99);
    w.truncate(mark);
    w.writeUint8(1);
    const r = new ByteReader(w.bytes, 0, w.length);
    assert.equal(r.readString(), 'kept');
    assert.equal(r.readUint8(), 1);
    assert.equal(r.remaining, 0);
    assert.throws(() => w.truncate(w.length + 1), /truncate: length must be an integer in \[0, 6\], got 7/);
  });

  it('rejects a bad initial capacity', () => {
    assert.throws(() => new ByteWriter(-1), /initialCapacity must be a non-negative integer/);
  });
});

describe('ByteReader ranges and errors', () => {
  it('reads a sub-range of a larger array (non-zero byteOffset)', () => {
    const w = new ByteWriter();
    w.writeInt32(-5);
    w.writeString('mid');
    w.writeFloat64(2.5);
    const backing = new Uint8Array(w.length + 10);
    backing.set(w.toUint8Array(), 7);
    const view = backing.subarray(3);
    const r = new ByteReader(view, 4, 4 + w.length);
    assert.equal(r.readInt32(), -5);
    assert.equal(r.readString(), 'mid');
    assert.equal(r.readFloat64(), 2.5);
    assert.equal(r.position, 4 + w.length);
    assert.equal(r.remaining, 0);
  });

  const overruns: Array<[string, (r: ByteReader) => unknown]> = [
    ['uint8', (r) => r.readUint8()],
    ['int32', (r) => r.readInt32()],
    ['float64', (r) => r.readFloat64()],
    ['bigint64', (r) => r.readBigInt64()],
    ['varuint', (r) => r.readVarUint()],
  ];
  for (const [what, read] of overruns) {
    it(`throws a RangeError naming the position when a ${what} passes the end`, () => {
      const r = new ByteReader(new Uint8Array(16), 2, 3);
      r.position = 3;
      assert.throws(
        () => read(r),
        (e: unknown) => e instanceof RangeError && /at position 3 passes the end/.test(e.message),
      );
    });
  }

  it('stops at end, not at the array length', () => {
    const r = new ByteReader(Uint8Array.of(5, 1, 2, 3, 4, 5), 0, 3);
    assert.throws(() => r.readString(), /reading a string \(5 bytes\) at position 1 passes the end of the input at 3/);
  });

  it('rejects a varuint of more than 8 bytes', () => {
    const r = new ByteReader(new Uint8Array(10).fill(0x80));
    assert.throws(() => r.readVarUint(), /longer than 8 bytes/);
  });

  it('validates position and reset ranges', () => {
    const r = new ByteReader(new Uint8Array(8), 2, 6);
    assert.throws(() => {
      r.position = 7;
    }, /position 7 is outside the readable range \[2, 6\]/);
    assert.throws(() => r.reset(new Uint8Array(4), 0, 5), /range \[0, 5\) is not inside an array of 4 bytes/);
    r.position = 6;
    assert.equal(r.remaining, 0);
  });

  it('an empty reader has nothing to read until reset', () => {
    const r = new ByteReader();
    assert.equal(r.remaining, 0);
    assert.throws(() => r.readUint8(), RangeError);
    r.reset(Uint8Array.of(42));
    assert.equal(r.readUint8(), 42);
  });
});
