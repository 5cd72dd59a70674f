// Key routing exactly as Flink does it (KeyGroupRangeAssignment + MathUtils.murmurHash): a key's key group is
// murmurHash(key.hashCode()) % maxParallelism and a key group belongs to subtask kg * parallelism / maxParallelism.
// All functions are pure and thread-agnostic; the per-record ones (javaHashCode, murmurHash, assignToKeyGroup,
// computeOperatorIndexForKeyGroup) allocate nothing for primitive keys.
//
// javaHashCode(key) reproduces the hashCode Flink would see for the Java value the JS key stands for:
//   string               -> String.hashCode: h = 31*h + c over UTF-16 code units, int32 arithmetic.
//   number, int32        -> Integer.hashCode: the value itself (-0 counts as the integer 0).
//   number, other safe integer -> Long.hashCode: (int)(v ^ (v >>> 32)) of the 64-bit two's complement.
//   number, otherwise    -> Double.hashCode: bits = doubleToLongBits(v) (every NaN is 0x7ff8000000000000),
//                           (int)(bits ^ (bits >>> 32)). Unsafe integers (|v| > 2^53 - 1) count as doubles.
//   bigint               -> Long.hashCode of the value, which must fit a signed 64-bit long.
//   boolean              -> Boolean.hashCode: 1231 / 1237.
//   null, undefined      -> 0 (as Flink's tuples treat null fields); keyBy itself rejects null keys.
//   array                -> Flink TupleN.hashCode: h = hash(f0); then h = 31*h + hash(fi). [] -> 0 (Tuple0).
//   Date                 -> java.util.Date/Timestamp.hashCode: Long.hashCode of the epoch milliseconds.
//   Uint8Array           -> Arrays.hashCode(byte[]): h = 1; h = 31*h + signed byte.
//   Map                  -> AbstractMap.hashCode: sum of hash(k) ^ hash(v). Set -> AbstractSet: sum of hash(e).
//   object with a hashCode() method -> its result, truncated to int32 (how a Java POJO key hashes).
//   other objects        -> Flink Row.hashCode of a row of kind INSERT whose fields are the object's own enumerable
//                           values in key order: 31 * kind(0) + Arrays.deepHashCode(fields), where a non-null
//                           field contributes 31 + hash(field) (RowUtils.deepHashCodeRow). So keyBy(r => ({a, b}))
//                           routes like Flink's keyBy on Row.of(a, b). Field names do not take part.
//   function, symbol     -> TypeError: they have no value identity and cannot be keys.

/** Flink's default lower bound for an unset max parallelism (KeyGroupRangeAssignment). */
export const DEFAULT_LOWER_BOUND_MAX_PARALLELISM = 128;
/** Flink's inclusive upper bound for max parallelism (Transformation.UPPER_BOUND_MAX_PARALLELISM, 2^15). */
export const UPPER_BOUND_MAX_PARALLELISM = 32768;

const TWO_POW_32 = 4294967296;
const doubleView = new DataView(new ArrayBuffer(8));

function longHashOfSafeInteger(v: number): number {
  const hi = Math.floor(v / TWO_POW_32); // the signed high word; exact for safe integers
  const lo = v - hi * TWO_POW_32; // the unsigned low word
  return (hi ^ lo) | 0;
}

function doubleHashCode(v: number): number {
  if (Number.isNaN(v)) return 0x7ff80000; // doubleToLongBits maps every NaN to the canonical 0x7ff8000000000000
  doubleView.setFloat64(0, v);
  return doubleView.getInt32(0) ^ doubleView.getInt32(4);
}

function numberHashCode(v: number): number {
  if ((v | 0) === v) return v | 0;
  if (Number.isSafeInteger(v)) return longHashOfSafeInteger(v);
  return doubleHashCode(v);
}

function bigintHashCode(v: bigint): number {
  if (BigInt.asIntN(64, v) !== v) {
    throw new RangeError(`javaHashCode: bigint key ${v} does not fit a Java long (64-bit signed); use a string key`);
  }
  return Number(BigInt.asIntN(32, v ^ (v >> 32n)));
}

function stringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

function tupleHashCode(fields: readonly unknown[]): number {
  if (fields.length === 0) return 0;
  let h = javaHashCode(fields[0]);
  for (let i = 1; i < fields.length; i++) h = (Math.imul(31, h) + javaHashCode(fields[i])) | 0;
  return h;
}

function bytesHashCode(bytes: Uint8Array): number {
  let h = 1;
  for (let i = 0; i < bytes.length; i++) h = (Math.imul(31, h) + ((bytes[i] << 24) >> 24)) | 0;
  return h;
}

/** Row.hashCode with RowKind.INSERT (byte value 0): 31 * 0 + Arrays.deepHashCode(values). */
function rowHashCode(obj: object): number {
  let h = 1;
  for (const name in obj) {
    if (!Object.hasOwn(obj, name)) continue;
    const field = (obj as Record<string, unknown>)[name];
    const fieldHash = field === null || field === undefined ? 0 : (31 + javaHashCode(field)) | 0;
    h = (Math.imul(31, h) + fieldHash) | 0;
  }
  return h;
}

function objectHashCode(key: object): number {
  if (Array.isArray(key)) return tupleHashCode(key);
  if (key instanceof Date) return longHashOfSafeInteger(key.getTime());
  if (key instanceof Uint8Array) return bytesHashCode(key);
  if (key instanceof Map) {
    let h = 0;
    for (const [k, v] of key) h = (h + (javaHashCode(k) ^ javaHashCode(v))) | 0;
    return h;
  }
  if (key instanceof Set) {
    let h = 0;
    for (const e of key) h = (h + javaHashCode(e)) | 0;
    return h;
  }
  const own = (key as { hashCode?: unknown }).hashCode;
  if (typeof own === 'function') return (own.call(key) as number) | 0;
  return rowHashCode(key);
}

/** The Java hashCode Flink would compute for the value this key stands for (mapping in the file header). */
export function javaHashCode(key: unknown): number {
  switch (typeof key) {
    case 'string':
      return stringHashCode(key);
    case 'number':
      return numberHashCode(key);
    case 'boolean':
      return key ? 1231 : 1237;
    case 'bigint':
      return bigintHashCode(key);
    case 'undefined':
      return 0;
    case 'object':
      return key === null ? 0 : objectHashCode(key);
    case 'function':
    case 'symbol':
      throw new TypeError(
        `javaHashCode: a ${typeof key} cannot be a key (it has no value identity); key by a string, number or tuple`,
      );
  }
}

/** Bit-exact Flink MathUtils.murmurHash(int): one Murmur3 round plus finaliser, made non-negative. */
export function murmurHash(code: number): number {
  code = Math.imul(code | 0, 0xcc9e2d51);
  code = (code << 15) | (code >>> 17);
  code = Math.imul(code, 0x1b873593);
  code = (code << 13) | (code >>> 19);
  code = (Math.imul(code, 5) + 0xe6546b64) | 0;
  code ^= 4;
  code ^= code >>> 16;
  code = Math.imul(code, 0x85ebca6b);
  code ^= code >>> 13;
  code = Math.imul(code, 0xc2b2ae35);
  code ^= code >>> 16;
  if (code >= 0) return code;
  return code !== -2147483648 ? -code : 0;
}

/**
 * Throws unless 1 <= value <= 32768 (Flink's checkParallelismPreconditions). `what` names the setting in the
 * message, e.g. 'maxParallelism of operator "window"'.
 */
export function checkParallelismPreconditions(value: number, what = 'parallelism'): void {
  if (!Number.isInteger(value) || value < 1 || value > UPPER_BOUND_MAX_PARALLELISM) {
    throw new RangeError(
      `${what} must be an integer in 1..${UPPER_BOUND_MAX_PARALLELISM}, got ${value}; ` +
        'check the job configuration (parallelism.default, pipeline.max-parallelism) or setParallelism/setMaxParallelism',
    );
  }
}

function roundUpToPowerOfTwo(x: number): number {
  x = (x - 1) | 0;
  x |= x >> 1;
  x |= x >> 2;
  x |= x >> 4;
  x |= x >> 8;
  x |= x >> 16;
  return (x + 1) | 0;
}

/** Flink's default max parallelism for an operator whose max parallelism is unset: min(max(2^⌈log2(p + p/2)⌉, 128), 32768). */
export function computeDefaultMaxParallelism(parallelism: number): number {
  checkParallelismPreconditions(parallelism);
  const rounded = roundUpToPowerOfTwo(parallelism + Math.floor(parallelism / 2));
  return Math.min(Math.max(rounded, DEFAULT_LOWER_BOUND_MAX_PARALLELISM), UPPER_BOUND_MAX_PARALLELISM);
}

/** Key group of a key hash: murmurHash(hash) % maxParallelism. Per record; checks only maxParallelism's range. */
export function computeKeyGroupForKeyHash(hash: number, maxParallelism: number): number {
  if (!(maxParallelism >= 1 && maxParallelism <= UPPER_BOUND_MAX_PARALLELISM)) {
    checkParallelismPreconditions(maxParallelism, 'maxParallelism');
  }
  return murmurHash(hash) % maxParallelism;
}

function checkKeyNotNull(key: unknown): void {
  if (key === null || key === undefined) {
    throw new TypeError(`the key selector returned ${key}; keys must not be null or undefined (as in Flink)`);
  }
}

/** Key group of a key, as Flink: murmurHash(javaHashCode(key)) % maxParallelism. Null/undefined keys throw. */
export function assignToKeyGroup(key: unknown, maxParallelism: number): number {
  checkKeyNotNull(key);
  return computeKeyGroupForKeyHash(javaHashCode(key), maxParallelism);
}

/** The subtask owning a key group: keyGroup * parallelism / maxParallelism (integer division; no checks, per record). */
export function computeOperatorIndexForKeyGroup(maxParallelism: number, parallelism: number, keyGroup: number): number {
  return Math.floor((keyGroup * parallelism) / maxParallelism);
}

/** The subtask a key is routed to. */
export function assignKeyToParallelOperator(key: unknown, maxParallelism: number, parallelism: number): number {
  return computeOperatorIndexForKeyGroup(maxParallelism, parallelism, assignToKeyGroup(key, maxParallelism));
}

/** An inclusive range of key groups [startKeyGroup, endKeyGroup]; end < start means empty. Immutable. */
export class KeyGroupRange {
  static readonly EMPTY = new KeyGroupRange(0, -1);

  constructor(
    readonly startKeyGroup: number,
    readonly endKeyGroup: number,
  ) {
    const empty = startKeyGroup === 0 && endKeyGroup === -1;
    if (!Number.isInteger(startKeyGroup) || !Number.isInteger(endKeyGroup) || startKeyGroup < 0) {
      throw new RangeError(
        `KeyGroupRange: bounds must be non-negative integers, got [${startKeyGroup}, ${endKeyGroup}]`,
      );
    }
    if (!empty && endKeyGroup < startKeyGroup) {
      throw new RangeError(
        `KeyGroupRange: end ${endKeyGroup} is before start ${startKeyGroup}; use KeyGroupRange.EMPTY for no key groups`,
      );
    }
  }

  get numberOfKeyGroups(): number {
    return 1 + this.endKeyGroup - this.startKeyGroup;
  }

  contains(keyGroup: number): boolean {
    return keyGroup >= this.startKeyGroup && keyGroup <= this.endKeyGroup;
  }

  /** The key groups in both ranges (EMPTY when disjoint); used when restoring state after rescaling. */
  intersection(other: KeyGroupRange): KeyGroupRange {
    const start = Math.max(this.startKeyGroup, other.startKeyGroup);
    const end = Math.min(this.endKeyGroup, other.endKeyGroup);
    return start <= end ? new KeyGroupRange(start, end) : KeyGroupRange.EMPTY;
  }

  equals(other: KeyGroupRange): boolean {
    return this.startKeyGroup === other.startKeyGroup && this.endKeyGroup === other.endKeyGroup;
  }

  *[Symbol.iterator](): IterableIterator<number> {
    for (let kg = this.startKeyGroup; kg <= this.endKeyGroup; kg++) yield kg;
  }

  toString(): string {
    return `KeyGroupRange{startKeyGroup=${this.startKeyGroup}, endKeyGroup=${this.endKeyGroup}}`;
  }
}

/**
 * The key groups subtask `operatorIndex` owns: [⌈i·maxP/p⌉, ⌊((i+1)·maxP − 1)/p⌋], Flink's formula. The ranges of
 * subtasks 0..p-1 partition 0..maxP-1 contiguously, and agree with computeOperatorIndexForKeyGroup.
 */
export function computeKeyGroupRangeForOperatorIndex(
  maxParallelism: number,
  parallelism: number,
  operatorIndex: number,
): KeyGroupRange {
  checkParallelismPreconditions(parallelism);
  checkParallelismPreconditions(maxParallelism, 'maxParallelism');
  if (maxParallelism < parallelism) {
    throw new RangeError(
      `maxParallelism (${maxParallelism}) must not be smaller than parallelism (${parallelism}); ` +
        'raise maxParallelism or lower the parallelism',
    );
  }
  if (!Number.isInteger(operatorIndex) || operatorIndex < 0 || operatorIndex >= parallelism) {
    throw new RangeError(`operatorIndex must be an integer in 0..${parallelism - 1}, got ${operatorIndex}`);
  }
  const start = Math.floor((operatorIndex * maxParallelism + parallelism - 1) / parallelism);
  const end = Math.floor(((operatorIndex + 1) * maxParallelism - 1) / parallelism);
  return new KeyGroupRange(start, end);
}
