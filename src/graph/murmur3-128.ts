// MurmurHash3 x64 128-bit, seed 0: the hash Flink's StreamGraphHasherV2 builds OperatorIDs with (Guava's
// murmur3_128). Same bytes in, same 16 bytes out as Guava, so an operator with a uid gets the OperatorID Flink gives
// it. Runs a few times per graph build, never per record, so BigInt arithmetic is fine here.

const MASK64 = (1n << 64n) - 1n;
const C1 = 0x87c37b91114253d5n;
const C2 = 0x4cf5ad432745937fn;

function rotl64(x: bigint, r: bigint): bigint {
  return ((x << r) | (x >> (64n - r))) & MASK64;
}

function mul64(a: bigint, b: bigint): bigint {
  return (a * b) & MASK64;
}

function fmix64(k: bigint): bigint {
  k ^= k >> 33n;
  k = mul64(k, 0xff51afd7ed558ccdn);
  k ^= k >> 33n;
  k = mul64(k, 0xc4ceb9fe1a85ec53n);
  k ^= k >> 33n;
  return k;
}

function mixK1(k1: bigint): bigint {
  return mul64(rotl64(mul64(k1, C1), 31n), C2);
}

function mixK2(k2: bigint): bigint {
  return mul64(rotl64(mul64(k2, C2), 33n), C1);
}

/** Little-endian 64-bit word of `bytes` at `offset`, using only the first `length` bytes (the tail). */
function readLong(bytes: Uint8Array, offset: number, length: number): bigint {
  let k = 0n;
  for (let i = length - 1; i >= 0; i--) k = (k << 8n) | BigInt(bytes[offset + i]);
  return k;
}

/** The 16 hash bytes, in Guava's `HashCode.asBytes()` order (h1 then h2, each little-endian). */
export function murmur3x64Hash128(bytes: Uint8Array): Uint8Array {
  let h1 = 0n;
  let h2 = 0n;
  const blocks = bytes.length >> 4;
  for (let b = 0; b < blocks; b++) {
    const k1 = readLong(bytes, b * 16, 8);
    const k2 = readLong(bytes, b * 16 + 8, 8);
    h1 ^= mixK1(k1);
    h1 = (rotl64(h1, 27n) + h2) & MASK64;
    h1 = (h1 * 5n + 0x52dce729n) & MASK64;
    h2 ^= mixK2(k2);
    h2 = (rotl64(h2, 31n) + h1) & MASK64;
    h2 = (h2 * 5n + 0x38495ab5n) & MASK64;
  }
  const tail = blocks * 16;
  const rest = bytes.length - tail;
  if (rest > 8) h2 ^= mixK2(readLong(bytes, tail + 8, rest - 8));
  if (rest > 0) h1 ^= mixK1(readLong(bytes, tail, Math.min(rest, 8)));

  const length = BigInt(bytes.length);
  h1 ^= length;
  h2 ^= length;
  h1 = (h1 + h2) & MASK64;
  h2 = (h2 + h1) & MASK64;
  h1 = fmix64(h1);
  h2 = fmix64(h2);
  h1 = (h1 + h2) & MASK64;
  h2 = (h2 + h1) & MASK64;

  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, h1, true);
  view.setBigUint64(8, h2, true);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
