// Keys compare by value (PITFALLS.md): a JS Map compares objects by reference, so every key is turned into a
// canonical primitive before it touches a Map. Primitives stay themselves; composite keys (arrays/tuples, plain
// objects, Dates, Uint8Arrays) become a string in a small, hand-written, type-tagged encoding that is injective
// (different values never share an encoding) and reversible (`denormalizeKey` rebuilds a value equal to the
// original). The encoding is also what snapshots store, so changing it is a savepoint format change.
// Pure functions; called on the task thread once per keyed record (setCurrentKey) and per MapState key.

/** A key as Maps store it: equal keys (by value) have identical normalized forms. */
export type NormalizedKey = string | number | bigint | boolean;

/** A namespace as state tables store it (see `normalizeNamespace`). */
export type NormalizedNamespace = string | number | bigint | boolean;

/**
 * Composite encodings and escaped strings start with this character, so no user string can collide with them:
 * a user string that itself starts with it is stored with one more in front.
 */
const MARK = '\u0000';
const MARK_CODE = 0;
/** Cyclic or absurdly deep keys end here with a clear error instead of a stack overflow. */
const MAX_DEPTH = 32;

const ALLOWED =
  'Allowed keys: string, number (not NaN), bigint, boolean, Date, Uint8Array, and arrays/tuples or plain objects ' +
  'of those ' +
  '(null and undefined allowed inside). Key by a tuple of fields, e.g. keyBy(r => [r.a, r.b]), instead.';

/** Renders a key for an error message without throwing on exotic values. */
export function describeKey(value: unknown, depth = 0): string {
  switch (typeof value) {
    case 'function':
      return `function ${value.name || '(anonymous)'}`;
    case 'symbol':
      return value.toString();
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        if (depth > 1 || value.length > 8) return `an array of length ${value.length}`;
        return `[${value.map((item) => describeKey(item, depth + 1)).join(', ')}]`;
      }
      if (value instanceof Date) return `Date ${value.getTime()}`;
      if (isPlainObject(value)) return `an object with fields {${Object.keys(value).slice(0, 8).join(', ')}}`;
      const ctor = Object.getPrototypeOf(value)?.constructor;
      return `an instance of ${typeof ctor === 'function' && ctor.name !== '' ? ctor.name : 'an unknown class'}`;
    }
    case 'string':
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
    case 'bigint':
      return `${value}n`;
    default:
      return String(value);
  }
}

function unsupported(what: string, value: unknown, detail: string): TypeError {
  return new TypeError(`Unsupported ${what}: ${describeKey(value)}${detail}. ${ALLOWED}`);
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Appends the tagged encoding of `value` to `out`. Strings are length-prefixed (no escaping needed), numbers and
 * bigints end with ';', containers are bracketed. Object fields keep their order, as Flink Row fields do (and
 * as core/key-group.ts hashes them): {a, b} and {b, a} are different keys, so equal keys always share a key group.
 * `instances` lets class instances through (namespaces only: they are never decoded).
 */
function encode(value: unknown, out: string, depth: number, what: string, instances: boolean): string {
  switch (typeof value) {
    case 'string':
      return `${out}s${value.length}:${value}`;
    case 'number':
      if (Number.isNaN(value))
        throw unsupported(what, value, ' (NaN never equals itself, so it cannot identify state)');
      return `${out}n${value === 0 ? '0' : String(value)};`;
    case 'bigint':
      return `${out}b${value};`;
    case 'boolean':
      return out + (value ? 'T' : 'F');
    case 'undefined':
      return `${out}U`;
    case 'object':
      if (value === null) return `${out}N`;
      if (depth >= MAX_DEPTH) throw unsupported(what, value, ` (nested deeper than ${MAX_DEPTH} levels, or cyclic)`);
      return encodeObject(value, out, depth + 1, what, instances);
    default:
      throw unsupported(what, value, '');
  }
}

function encodeObject(value: object, out: string, depth: number, what: string, instances: boolean): string {
  if (Array.isArray(value)) {
    out += '[';
    for (let i = 0; i < value.length; i++) out = encode(value[i], out, depth, what, instances);
    return `${out}]`;
  }
  if (value instanceof Date) {
    const time = value.getTime();
    if (Number.isNaN(time)) throw unsupported(what, value, ' (an invalid Date)');
    return `${out}d${time};`;
  }
  if (value instanceof Uint8Array && value.constructor === Uint8Array) {
    return `${out}y${value.length}:${Buffer.from(value.buffer, value.byteOffset, value.length).toString('latin1')}`;
  }
  if (isPlainObject(value)) return encodeFields(value, `${out}{`, depth, what, instances);
  if (instances) {
    const name: string = Object.getPrototypeOf(value).constructor?.name ?? '';
    return encodeFields(value, `${out}o${name.length}:${name}{`, depth, what, instances);
  }
  throw unsupported(what, value, ' (class instances have no declared equality; types are erased)');
}

function encodeFields(value: object, out: string, depth: number, what: string, instances: boolean): string {
  const record = value as Record<string, unknown>;
  for (const name in record) {
    if (!Object.hasOwn(record, name)) continue;
    out = encode(record[name], `${out}${name.length}:${name}`, depth, what, instances);
  }
  return `${out}}`;
}

/**
 * The canonical Map key for a user key. Equal keys (by value) give identical results; 1, '1' and 1n stay distinct;
 * -0 equals 0 (as Java's Integer does). Throws a TypeError naming the key for null/undefined, NaN, functions,
 * symbols and class instances. `what` names the role in error messages ('key', 'MapState key').
 */
export function normalizeKey(key: unknown, what = 'key'): NormalizedKey {
  switch (typeof key) {
    case 'string':
      return key.length !== 0 && key.charCodeAt(0) === MARK_CODE ? MARK + key : key;
    case 'number':
      if (key === 0) return 0;
      if (Number.isNaN(key)) throw unsupported(what, key, ' (NaN never equals itself, so it cannot identify state)');
      return key;
    case 'bigint':
    case 'boolean':
      return key;
    case 'object':
      if (key === null) throw unsupported(what, key, ' (a key must have a value)');
      return encodeObject(key, MARK, 1, what, false);
    case 'undefined':
      throw unsupported(what, key, ' (the key selector returned nothing)');
    default:
      throw unsupported(what, key, '');
  }
}

/** A namespace object may name its own canonical identity cheaply (e.g. a window: its start and end). */
interface SelfKeyedNamespace {
  namespaceKey(): string | number;
}

function hasNamespaceKey(value: object): value is SelfKeyedNamespace {
  return typeof (value as Partial<SelfKeyedNamespace>).namespaceKey === 'function';
}

/**
 * The canonical Map key for a state or timer namespace (VOID_NAMESPACE, windows). Namespaces are created by the
 * engine, so class instances are allowed: an object with a `namespaceKey()` method is identified by its result
 * (which must be unique among the namespaces one state uses); other objects are encoded field by field.
 */
export function normalizeNamespace(namespace: unknown): NormalizedNamespace {
  if (typeof namespace === 'object' && namespace !== null) {
    if (hasNamespaceKey(namespace)) return namespace.namespaceKey();
    return encodeObject(namespace, MARK, 1, 'namespace', true);
  }
  return normalizeKey(namespace, 'namespace');
}

/** Reads an encoded value back; the cursor is an index into the encoding. */
class Decoder {
  private at: number;
  constructor(
    private readonly text: string,
    start: number,
  ) {
    this.at = start;
  }

  value(): unknown {
    const tag = this.text[this.at++];
    switch (tag) {
      case 's': {
        const length = this.until(':');
        const start = this.at;
        this.at += Number(length);
        return this.text.slice(start, this.at);
      }
      case 'n':
        return Number(this.until(';'));
      case 'b':
        return BigInt(this.until(';'));
      case 'T':
        return true;
      case 'F':
        return false;
      case 'U':
        return undefined;
      case 'N':
        return null;
      case 'd':
        return new Date(Number(this.until(';')));
      case 'y': {
        const length = Number(this.until(':'));
        const bytes = Uint8Array.from(Buffer.from(this.text.slice(this.at, this.at + length), 'latin1'));
        this.at += length;
        return bytes;
      }
      case '[':
        return this.array();
      case '{':
        return this.fields();
      default:
        throw new Error(`Corrupt normalized key ${JSON.stringify(this.text)} at ${this.at - 1}: this is a Weir bug`);
    }
  }

  private until(end: string): string {
    const stop = this.text.indexOf(end, this.at);
    const part = this.text.slice(this.at, stop);
    this.at = stop + 1;
    return part;
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    while (this.text[this.at] !== ']') out.push(this.value());
    this.at++;
    return out;
  }

  private fields(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    while (this.text[this.at] !== '}') {
      const length = Number(this.until(':'));
      const name = this.text.slice(this.at, this.at + length);
      this.at += length;
      out[name] = this.value();
    }
    this.at++;
    return out;
  }
}

/**
 * Rebuilds a key equal (by value) to the one that was normalized: for snapshots, getKeys() and MapState
 * iteration. Plain objects come back with Object.prototype; arrays and Dates as arrays and Dates.
 */
export function denormalizeKey(normalized: NormalizedKey): unknown {
  if (typeof normalized !== 'string' || normalized.length === 0 || normalized.charCodeAt(0) !== MARK_CODE) {
    return normalized;
  }
  if (normalized.length > 1 && normalized.charCodeAt(1) === MARK_CODE) return normalized.slice(1);
  return new Decoder(normalized, 1).value();
}
