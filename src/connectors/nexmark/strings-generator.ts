import { EventRandom } from './event-random.js';

// The string fields of Nexmark events, following the nexmark project's StringsGenerator and the fixed tables of its
// Person and Bid generators. Fixed tables (the 1 MiB `extra` source, the hot URLs, the 10,000-entry channel cache)
// are drawn once per seed from their own random stream, so they too are the same on every worker for one seed.
// Per-event strings are built into a reused byte buffer and decoded once: one string allocation per field, and
// `extra` is a substring of the shared 1 MiB string (V8 makes that a slice, no copy).
//
// Difference from the nexmark project, on purpose: its 1 MiB string comes from `'a' + rnd % 26` with a signed
// `rnd`, so it also holds the 25 ASCII characters before 'a'; ours is lowercase a–z only, as NEXMARK.md specifies.

const SPACE = 0x20;
const UNDERSCORE = 0x5f;
const LOWER_A = 0x61;
const TWO_POW_32 = 4294967296;
const MIN_STRING_LENGTH = 3;
/** Outcomes of one random character: 26 specials (1/13) + 12 × 26 letters. */
const CHAR_OUTCOMES = 338;

function charTable(special: number): Uint8Array {
  const table = new Uint8Array(CHAR_OUTCOMES);
  for (let r = 0; r < CHAR_OUTCOMES; r++) table[r] = r < 26 ? special : LOWER_A + (r % 26);
  return table;
}
const EXTRA_SOURCE_LENGTH = 1024 * 1024;
/** Salt of the table stream under a seed (the event stream uses salt 0). */
const TABLE_SALT = 1;
const CHARS_WITH_SPACE = charTable(SPACE);
const CHARS_WITH_UNDERSCORE = charTable(UNDERSCORE);

export const US_STATES: readonly string[] = ['AZ', 'CA', 'ID', 'OR', 'WA', 'WY'];
export const US_CITIES: readonly string[] = [
  'Phoenix',
  'Los Angeles',
  'San Francisco',
  'Boise',
  'Portland',
  'Bend',
  'Redmond',
  'Seattle',
  'Kent',
  'Cheyenne',
];
const FIRST_NAMES = ['Peter', 'Paul', 'Luke', 'John', 'Saul', 'Vicky', 'Kate', 'Julie', 'Sarah', 'Deiter', 'Walter'];
const LAST_NAMES = ['Shultz', 'Abrams', 'Spencer', 'White', 'Bartels', 'Walton', 'Smith', 'Jones', 'Noris'];
export const HOT_CHANNELS: readonly string[] = ['Google', 'Facebook', 'Baidu', 'Apple'];
export const CHANNELS_NUMBER = 10_000;

/** Java's Integer.reverse: the 32 bits of `v` in reverse order, as a signed 32-bit integer. */
export function reverseBits32(v: number): number {
  let x = v | 0;
  x = ((x >>> 1) & 0x55555555) | ((x & 0x55555555) << 1);
  x = ((x >>> 2) & 0x33333333) | ((x & 0x33333333) << 2);
  x = ((x >>> 4) & 0x0f0f0f0f) | ((x & 0x0f0f0f0f) << 4);
  x = ((x >>> 8) & 0x00ff00ff) | ((x & 0x00ff00ff) << 8);
  return (x >>> 16) | (x << 16) | 0;
}

/** The channel_id of cached channel k: abs(Integer.reverse(k)) with Java's int abs (MIN_VALUE stays negative). */
export function channelIdOf(k: number): number {
  const r = reverseBits32(k);
  return r === -2147483648 ? r : Math.abs(r);
}

/**
 * Builds Nexmark's strings from an EventRandom the caller has positioned. Single-threaded by design: the scratch
 * buffer is shared by all generators of one seed in this thread, which is safe because every method is synchronous.
 */
export class StringsGenerator {
  /** The 1 MiB lowercase string `extra` fields are cut from. */
  readonly extraSource: string;
  readonly hotUrls: readonly string[];
  readonly channelNames: readonly string[];
  readonly channelUrls: readonly string[];
  /** All 99 "First Last" combinations, so a name costs one draw and no concatenation. */
  readonly personNames: readonly string[];
  private readonly scratch = Buffer.alloc(256);

  constructor(seed: number) {
    const random = new EventRandom(seed, TABLE_SALT);
    random.reset(0);
    this.extraSource = randomLowercase(random, EXTRA_SOURCE_LENGTH);
    const hotUrls: string[] = [];
    for (let i = 0; i < HOT_CHANNELS.length; i++) {
      random.reset(1 + i);
      hotUrls.push(this.nextBaseUrl(random));
    }
    this.hotUrls = hotUrls;
    const names: string[] = [];
    const urls: string[] = [];
    for (let k = 0; k < CHANNELS_NUMBER; k++) {
      random.reset(100 + k);
      const url = this.nextBaseUrl(random);
      names.push(`channel-${k}`);
      urls.push(random.nextInt(10) > 0 ? `${url}&channel_id=${channelIdOf(k)}` : url);
    }
    this.channelNames = names;
    this.channelUrls = urls;
    this.personNames = FIRST_NAMES.flatMap((first) => LAST_NAMES.map((last) => `${first} ${last}`));
  }

  /** A string of 3 … maxLength−1 characters, a–z with a 1/13 chance of a space each, then trimmed. */
  nextString(random: EventRandom, maxLength: number): string {
    const end = this.writeString(random, maxLength, SPACE, 0);
    return this.scratch.toString('latin1', 0, end);
  }

  /** `str(7)@str(5).com`, as the nexmark project builds e-mail addresses. */
  nextEmail(random: EventRandom): string {
    const buf = this.scratch;
    let end = this.writeString(random, 7, SPACE, 0);
    buf[end++] = 0x40; // '@'
    end = this.writeString(random, 5, SPACE, end);
    end += buf.write('.com', end, 'latin1');
    return buf.toString('latin1', 0, end);
  }

  /** Four space-separated groups of four digits, each a zero-padded U[0, 10000). */
  nextCreditCard(random: EventRandom): string {
    const buf = this.scratch;
    let pos = 0;
    for (let group = 0; group < 4; group++) {
      if (group > 0) buf[pos++] = SPACE;
      let v = random.nextInt(10000) | 0;
      for (let d = 3; d >= 0; d--) {
        buf[pos + d] = 0x30 + (v % 10);
        v = (v / 10) | 0;
      }
      pos += 4;
    }
    return buf.toString('latin1', 0, pos);
  }

  /**
   * Padding so that `currentSize + extra.length` averages `desiredAverageSize`: with d = average − current, a length
   * in [d − round(0.2d), d + round(0.2d)), empty when the fixed part is already larger.
   */
  nextExtra(random: EventRandom, currentSize: number, desiredAverageSize: number): string {
    if (currentSize > desiredAverageSize) return '';
    const desired = desiredAverageSize - currentSize;
    const delta = Math.round(desired * 0.2);
    const size = desired - delta + (delta === 0 ? 0 : random.nextInt(2 * delta));
    return this.nextExactString(random, size);
  }

  /** Exactly `length` lowercase letters: a window of the shared 1 MiB string, or fresh ones when that is too short. */
  nextExactString(random: EventRandom, length: number): string {
    const source = this.extraSource;
    if (length < source.length / 2) {
      const offset = random.nextInt(source.length - length);
      return source.substring(offset, offset + length);
    }
    return randomLowercase(random, length);
  }

  /** `https://www.nexmark.com/<s>/<s>/<s>/item.htm?query=1` with <s> = str(5) using '_' as the special character. */
  private nextBaseUrl(random: EventRandom): string {
    const buf = this.scratch;
    let end = buf.write('https://www.nexmark.com/', 0, 'latin1');
    for (let i = 0; i < 3; i++) {
      end = this.writeString(random, 5, UNDERSCORE, end);
      buf[end++] = 0x2f; // '/'
    }
    end += buf.write('item.htm?query=1', end, 'latin1');
    return buf.toString('latin1', 0, end);
  }

  /**
   * Writes a random string at `pos` and returns its end. Each character is r = U[0, 338): the special character
   * when r < 26 (probability 1/13), else the letter r mod 26 (uniform), read from a table. One 32-bit draw yields
   * two characters by multiply-shift (r = ⌊u × 338 / 2^32⌋, then the same on the low 32 bits of u × 338), which
   * avoids integer division, the dominant cost here. A space special is trimmed from both ends, as String.trim.
   */
  private writeString(random: EventRandom, maxLength: number, special: number, pos: number): number {
    const buf = this.scratch;
    const table = special === SPACE ? CHARS_WITH_SPACE : CHARS_WITH_UNDERSCORE;
    const stop = pos + MIN_STRING_LENGTH + random.nextInt(maxLength - MIN_STRING_LENGTH);
    let end = pos;
    while (end < stop) {
      const m = random.nextUint32() * CHAR_OUTCOMES; // < 2^41, exact
      const r1 = Math.floor(m / TWO_POW_32);
      buf[end++] = table[r1];
      if (end === stop) break;
      buf[end++] = table[Math.floor(((m - r1 * TWO_POW_32) * CHAR_OUTCOMES) / TWO_POW_32)];
    }
    if (special !== SPACE) return end;
    while (end > pos && buf[end - 1] === SPACE) end--;
    let start = pos;
    while (start < end && buf[start] === SPACE) start++;
    if (start > pos) {
      buf.copyWithin(pos, start, end);
      end -= start - pos;
    }
    return end;
  }
}

function randomLowercase(random: EventRandom, length: number): string {
  const bytes = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) bytes[i] = LOWER_A + random.nextInt(26);
  return bytes.toString('latin1');
}

const cache = new Map<number, StringsGenerator>();
const CACHE_LIMIT = 8;

/** The StringsGenerator of a seed, built once per thread (building the tables takes a few milliseconds). */
export function stringsGeneratorFor(seed: number): StringsGenerator {
  let strings = cache.get(seed);
  if (strings === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as number);
    strings = new StringsGenerator(seed);
    cache.set(seed, strings);
  }
  return strings;
}
