// Little-endian byte buffers behind the DataOutput/DataInput contract of codec.ts. One ByteWriter is reused per
// channel writer or state backend and one ByteReader per input channel; both are single-threaded (owned by the
// thread that created them) and allocate nothing per call except the decoded strings/byte arrays themselves.
//
// Wire format (codecs rely on it, savepoints store it, so it is stable):
//   uint8 = 1 byte; int32/float64/bigint64 = 4/8/8 bytes little-endian; varuint = unsigned LEB128 (canonical,
//   up to 2^53 - 1); string = varuint UTF-8 byte length + UTF-8 bytes; bytes = varuint length + raw bytes.
// Lone UTF-16 surrogates are not representable in UTF-8: they are written as U+FFFD (as TextEncoder does).

import type { DataInput, DataOutput } from './codec.js';

/** Node's undocumented but long-standing fast paths (used by Buffer.write/toString themselves). */
interface FastBuffer extends Buffer {
  utf8Write(value: string, offset: number, maxLength: number): number;
  utf8Slice(start: number, end: number): string;
}

const HAS_FAST_UTF8 =
  typeof (Buffer.prototype as Partial<FastBuffer>).utf8Write === 'function' &&
  typeof (Buffer.prototype as Partial<FastBuffer>).utf8Slice === 'function';
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

// Below these sizes a plain JS loop over ASCII beats the native call (measured on Node 20, ns per string: writing
// 4/8/12/16/32 ASCII chars by loop 9/14/26/43/75 vs native ~44-47; reading 4/8 by loop 22/47 vs utf8Slice ~45-48).
/** Strings up to this many UTF-16 units are tried as ASCII by a plain JS loop first. */
const SHORT_STRING_WRITE = 16;
/** Decoded strings up to this many bytes are tried as ASCII by a plain JS loop first. */
const SHORT_STRING_READ = 6;

function asFastBuffer(bytes: Uint8Array): FastBuffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as FastBuffer;
}

/** Number of bytes the canonical LEB128 encoding of v takes. */
function varUintSize(v: number): number {
  let size = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    size++;
  }
  return size;
}

/** A growable little-endian output buffer. Valid bytes are `bytes[0, length)`; reset() starts over in place. */
export class ByteWriter implements DataOutput {
  private buf: FastBuffer;
  private view: DataView;
  private pos = 0;

  constructor(initialCapacity = 1024) {
    if (!Number.isInteger(initialCapacity) || initialCapacity < 0) {
      throw new RangeError(`ByteWriter: initialCapacity must be a non-negative integer, got ${initialCapacity}`);
    }
    this.buf = asFastBuffer(new Uint8Array(Math.max(initialCapacity, 16)));
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  /** Forgets what was written; keeps the capacity. */
  reset(): void {
    this.pos = 0;
  }

  get length(): number {
    return this.pos;
  }

  /**
   * Drops the bytes from `length` on. Codecs throw on a bad record after writing part of it: a writer that packs
   * several records into one buffer notes `length` before encode() and truncates back to it on error.
   */
  truncate(length: number): void {
    if (!Number.isInteger(length) || length < 0 || length > this.pos) {
      throw new RangeError(`ByteWriter.truncate: length must be an integer in [0, ${this.pos}], got ${length}`);
    }
    this.pos = length;
  }

  /** The backing array (replaced on growth, so re-read it after writing); valid bytes are [0, length). */
  get bytes(): Uint8Array {
    return this.buf;
  }

  /** A copy of the valid bytes, independent of later writes. */
  toUint8Array(): Uint8Array {
    return new Uint8Array(this.buf.subarray(0, this.pos));
  }

  /** Makes room for n more bytes (amortised doubling; the DataView follows the new array). */
  private ensure(n: number): void {
    const needed = this.pos + n;
    if (needed <= this.buf.length) return;
    let capacity = this.buf.length * 2;
    while (capacity < needed) capacity *= 2;
    const next = asFastBuffer(new Uint8Array(capacity));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
  }

  writeUint8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  writeInt32(v: number): void {
    this.ensure(4);
    this.view.setInt32(this.pos, v, true);
    this.pos += 4;
  }

  /** Unsigned LEB128 of an integer in [0, 2^53 - 1]; anything else is a RangeError (it would not round-trip). */
  writeVarUint(v: number): void {
    if (v >>> 0 !== v) {
      if (!Number.isSafeInteger(v) || v < 0) {
        throw new RangeError(`ByteWriter.writeVarUint: expected an integer in [0, 2^53 - 1], got ${v}`);
      }
      this.writeLargeVarUint(v);
      return;
    }
    this.ensure(5);
    const buf = this.buf;
    while (v >= 0x80) {
      buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[this.pos++] = v;
  }

  private writeLargeVarUint(v: number): void {
    this.ensure(8);
    const buf = this.buf;
    while (v >= 0x80) {
      buf[this.pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    buf[this.pos++] = v;
  }

  writeFloat64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  writeBigInt64(v: bigint): void {
    this.ensure(8);
    this.view.setBigInt64(this.pos, v, true);
    this.pos += 8;
  }

  writeString(v: string): void {
    const len = v.length;
    if (len <= SHORT_STRING_WRITE && this.tryWriteAscii(v, len)) return;
    this.writeUtf8(v, len);
  }

  /** Writes v if it is pure ASCII (then byte length = len < 128, a one-byte prefix); false leaves pos unchanged. */
  private tryWriteAscii(v: string, len: number): boolean {
    this.ensure(len + 1);
    const buf = this.buf;
    const start = this.pos + 1;
    for (let i = 0; i < len; i++) {
      const c = v.charCodeAt(i);
      if (c >= 0x80) return false;
      buf[start + i] = c;
    }
    buf[this.pos] = len;
    this.pos = start + len;
    return true;
  }

  /**
   * Encodes into the buffer directly. The prefix width is guessed from the UTF-16 length (the fewest bytes the
   * string can take, right for ASCII); when the UTF-8 length needs a wider prefix the bytes move right, so the
   * encoding stays canonical without measuring the string first (a memmove per string cost ~20 ns).
   */
  private writeUtf8(v: string, len: number): void {
    const maxBytes = len * 3;
    this.ensure(varUintSize(maxBytes) + maxBytes);
    const guess = varUintSize(len);
    const dataStart = this.pos + guess;
    const buf = this.buf;
    const written = HAS_FAST_UTF8
      ? buf.utf8Write(v, dataStart, maxBytes)
      : encoder.encodeInto(v, buf.subarray(dataStart, dataStart + maxBytes)).written;
    const actual = varUintSize(written);
    if (actual !== guess) buf.copyWithin(this.pos + actual, dataStart, dataStart + written);
    // The prefix goes straight in: room was ensured above, and a growth here would drop the string's bytes.
    let n = written;
    while (n >= 0x80) {
      buf[this.pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    buf[this.pos++] = n;
    this.pos += written;
  }

  writeBytes(v: Uint8Array): void {
    const n = v.length;
    this.writeVarUint(n);
    this.ensure(n);
    this.buf.set(v, this.pos);
    this.pos += n;
  }
}

/**
 * Reads the ByteWriter format from `bytes[start, end)`. Reading past `end` is a RangeError naming the position:
 * that means the bytes were truncated or were written by a different codec (e.g. a changed record type).
 */
export class ByteReader implements DataInput {
  private buf: FastBuffer = asFastBuffer(new Uint8Array(0));
  private view: DataView = new DataView(this.buf.buffer, 0, 0);
  private src: Uint8Array | undefined = undefined;
  private pos = 0;
  private start = 0;
  private end = 0;

  constructor(bytes?: Uint8Array, start = 0, end = bytes === undefined ? 0 : bytes.length) {
    if (bytes !== undefined) this.reset(bytes, start, end);
  }

  /** Points the reader at another range; cheap when `bytes` is the same array as before (no new views). */
  reset(bytes: Uint8Array, start = 0, end = bytes.length): void {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > bytes.length) {
      throw new RangeError(
        `ByteReader.reset: range [${start}, ${end}) is not inside an array of ${bytes.length} bytes`,
      );
    }
    if (bytes !== this.src) {
      this.src = bytes;
      this.buf = asFastBuffer(bytes);
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    this.start = start;
    this.end = end;
    this.pos = start;
  }

  /** The next byte to read, as an index into the array given to reset(). */
  get position(): number {
    return this.pos;
  }

  set position(p: number) {
    if (!Number.isInteger(p) || p < this.start || p > this.end) {
      throw new RangeError(`ByteReader: position ${p} is outside the readable range [${this.start}, ${this.end}]`);
    }
    this.pos = p;
  }

  /** Bytes left before `end`. */
  get remaining(): number {
    return this.end - this.pos;
  }

  private overrun(n: number, what: string): RangeError {
    return new RangeError(
      `ByteReader: reading ${what} (${n} bytes) at position ${this.pos} passes the end of the input at ${this.end}; ` +
        'the bytes are truncated or were written by a different codec (did the record type change?)',
    );
  }

  readUint8(): number {
    if (this.pos >= this.end) throw this.overrun(1, 'a uint8');
    return this.buf[this.pos++];
  }

  readInt32(): number {
    if (this.pos + 4 > this.end) throw this.overrun(4, 'an int32');
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }

  readVarUint(): number {
    const buf = this.buf;
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      if (this.pos >= this.end) throw this.overrun(i + 1, 'a varuint');
      const b = buf[this.pos++];
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
    throw new RangeError(
      `ByteReader: varuint ending before position ${this.pos} is longer than 8 bytes (corrupt input)`,
    );
  }

  readFloat64(): number {
    if (this.pos + 8 > this.end) throw this.overrun(8, 'a float64');
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  readBigInt64(): bigint {
    if (this.pos + 8 > this.end) throw this.overrun(8, 'a bigint64');
    const v = this.view.getBigInt64(this.pos, true);
    this.pos += 8;
    return v;
  }

  readString(): string {
    const n = this.readVarUint();
    if (n > this.end - this.pos) throw this.overrun(n, 'a string');
    const from = this.pos;
    this.pos += n;
    if (n <= SHORT_STRING_READ) {
      const s = this.tryReadAscii(from, n);
      if (s !== undefined) return s;
    }
    return HAS_FAST_UTF8 ? this.buf.utf8Slice(from, from + n) : decoder.decode(this.buf.subarray(from, from + n));
  }

  private tryReadAscii(from: number, n: number): string | undefined {
    const buf = this.buf;
    let s = '';
    for (let i = from; i < from + n; i++) {
      const c = buf[i];
      if (c >= 0x80) return undefined;
      s += String.fromCharCode(c);
    }
    return s;
  }

  /** A copy of the next length-prefixed bytes: input buffers are recycled, so a view would change under the caller. */
  readBytes(): Uint8Array {
    const n = this.readVarUint();
    if (n > this.end - this.pos) throw this.overrun(n, 'a byte array');
    const out = new Uint8Array(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return out;
  }
}
