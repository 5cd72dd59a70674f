// Deterministic, seekable randomness for the Nexmark generator.
//
// Flink's nexmark generator draws from one unseeded SplittableRandom per reader, so two runs never produce the same
// data; Beam seeds `new Random(eventId)` per event, so any event can be regenerated on its own. We take Beam's
// per-event style with a faster, better-mixed stream: the draws of event `eventId` under seed `seed` are
//
//   key  = (a, b), a = fmix32(lo(eventId) ^ s1), b = fmix32((hi(eventId) ^ s2) + a × φ)   (unique per event id)
//   draw i = fmix32(((a + i × φ) mod 2^32) ^ b)      (the counter advances by φ, i.e. holds i × φ mod 2^32)
//
// where s1, s2 come from the seed's two 32-bit halves and the stream salt, φ = 0x9e3779b9 (the golden ratio
// increment of SplitMix) and fmix32 is MurmurHash3's finaliser. So a split can start at any event number, a restored
// reader regenerates exactly what it would have emitted, and the same (seed, event id) always yields the same event.
// All arithmetic is 32-bit (Math.imul), with no BigInt and no allocation per draw.

const GOLDEN = 0x9e3779b9;
const TWO_POW_32 = 4294967296;
const TWO_POW_21 = 0x200000;
const TWO_POW_53 = 9007199254740992;

/** MurmurHash3's 32-bit finaliser: a bijection on 32-bit words with full avalanche. */
export function fmix32(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * A counter-based random stream keyed by (seed, salt, eventId). Call `reset(eventId)` before generating an event,
 * then draw. Not thread-safe, and not meant to be: one instance per generator, used by the thread that owns it.
 */
export class EventRandom {
  private readonly s1: number;
  private readonly s2: number;
  private a = 0;
  private b = 0;
  private counter = 0;

  /** `seed` is any safe integer; `salt` separates independent streams under one seed (events, string tables). */
  constructor(seed: number, salt = 0) {
    const lo = seed >>> 0;
    const hi = Math.floor(seed / TWO_POW_32) >>> 0;
    this.s1 = fmix32(lo ^ fmix32(salt ^ 0x243f6a88));
    this.s2 = fmix32(hi ^ Math.imul(this.s1, GOLDEN) ^ 0x85a308d3);
  }

  /** Positions the stream at the first draw of `eventId` (a non-negative safe integer). */
  reset(eventId: number): void {
    const lo = eventId >>> 0;
    const hi = (eventId / TWO_POW_32) >>> 0;
    // State is kept as int32 (`| 0`) so V8 stores the fields as small integers rather than boxed doubles.
    const a = fmix32(lo ^ this.s1) | 0;
    this.a = a;
    this.b = fmix32(((hi ^ this.s2) + Math.imul(a, GOLDEN)) | 0) | 0;
    this.counter = 0;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const c = this.counter;
    this.counter = (c + GOLDEN) | 0;
    let x = ((this.a + c) | 0) ^ this.b;
    x ^= x >>> 16;
    x = Math.imul(x, 0x85ebca6b);
    x ^= x >>> 13;
    x = Math.imul(x, 0xc2b2ae35);
    x ^= x >>> 16;
    return x >>> 0;
  }

  /** Uniform in [0, bound) for 0 < bound ≤ 2^53 (Java's nextInt/nextLong(bound) role). */
  nextInt(bound: number): number {
    if (bound <= TWO_POW_21) return Math.floor((this.nextUint32() * bound) / TWO_POW_32);
    return Math.floor(this.nextDouble() * bound);
  }

  /** Uniform in [0, 1) with 53 random bits. */
  nextDouble(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / TWO_POW_53;
  }
}
