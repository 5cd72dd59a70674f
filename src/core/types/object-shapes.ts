// Object shapes (key lists) for the generic codec. On the wire a record is self-contained: the first object with a
// given key list names its keys (one string, keys joined by U+0000), later objects of the same list in the same
// record refer back to it by number. Caches exist only beside the wire: the writer remembers the joined string of
// recently seen key lists, the reader maps joined strings to their key list and, once a shape recurs, to a
// generated function that builds the object with a literal (one hidden class, no dynamic keyed stores).
//
// Shape header (varuint): 0 = new shape, joined names follow as one string; 1 = new shape, varuint n + n names
// (used when a key contains U+0000, or for the single key ''); k >= 2 = the (k-2)-th shape defined earlier in this record.

import type { DataInput, DataOutput } from './codec.js';

const SEPARATOR = '\u0000';
/** Shapes one record may define and refer back to; later new shapes are written in full each time. */
const MAX_SHAPES_PER_RECORD = 64;
/** Key lists whose joined form the writer remembers across records. */
const RECENT_SHAPES = 16;
/** Joined strings the reader remembers across records (cleared when full). */
const MAX_CACHED_SHAPES = 512;
/** A shape gets a generated builder when seen this many times (so one-off dictionaries compile nothing). */
const COMPILE_AFTER_HITS = 2;
const MAX_COMPILED_FIELDS = 64;

/** What a generated builder calls to read each field value. */
export interface ValueReader {
  readValue(input: DataInput): unknown;
}

type Builder = (reader: ValueReader, input: DataInput) => object;

export interface Shape {
  readonly names: readonly string[];
  hits: number;
  build: Builder | undefined;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Writes shape headers for one encoder (single thread). Call startRecord() before each record. */
export class ShapeWriter {
  private readonly record: string[][] = [];
  private readonly recentKeys: string[][] = [];
  private readonly recentJoined: string[] = [];
  private nextSlot = 0;

  startRecord(): void {
    this.record.length = 0;
  }

  write(keys: string[], out: DataOutput): void {
    const record = this.record;
    for (let i = 0; i < record.length; i++) {
      if (sameKeys(record[i], keys)) {
        out.writeVarUint(i + 2);
        return;
      }
    }
    if (record.length < MAX_SHAPES_PER_RECORD) record.push(keys);
    const joined = this.joinedNames(keys);
    if (joined !== undefined) {
      out.writeVarUint(0);
      out.writeString(joined);
      return;
    }
    out.writeVarUint(1);
    out.writeVarUint(keys.length);
    for (let i = 0; i < keys.length; i++) out.writeString(keys[i]);
  }

  private joinedNames(keys: string[]): string | undefined {
    for (let i = 0; i < this.recentKeys.length; i++) {
      if (sameKeys(this.recentKeys[i], keys)) return this.recentJoined[i];
    }
    // [''] would join to '' like [] does, and a key holding the separator would split wrongly: write those in full.
    if (keys.length === 1 && keys[0] === '') return undefined;
    for (let i = 0; i < keys.length; i++) if (keys[i].includes(SEPARATOR)) return undefined;
    const joined = keys.join(SEPARATOR);
    this.recentKeys[this.nextSlot] = keys;
    this.recentJoined[this.nextSlot] = joined;
    this.nextSlot = (this.nextSlot + 1) % RECENT_SHAPES;
    return joined;
  }
}

function compileBuilder(names: readonly string[]): Builder | undefined {
  // "__proto__" in a literal would set the prototype; such shapes stay on the slow path (an own property).
  if (names.length > MAX_COMPILED_FIELDS || names.includes('__proto__')) return undefined;
  const props = names.map((n) => `${JSON.stringify(n)}: r.readValue(inp)`).join(', ');
  return new Function('r', 'inp', `"use strict"; return { ${props} };`) as Builder;
}

/** Reads shape headers for one decoder (single thread). Call startRecord() before each record. */
export class ShapeReader {
  private readonly record: Shape[] = [];
  private readonly cache = new Map<string, Shape>();

  startRecord(): void {
    this.record.length = 0;
  }

  read(input: DataInput): Shape {
    const header = input.readVarUint();
    if (header >= 2) {
      const shape = this.record[header - 2];
      if (shape === undefined) {
        throw new RangeError(
          `Cannot decode: object shape ${header - 2} was never defined in this record (corrupt input)`,
        );
      }
      return shape;
    }
    let shape: Shape;
    if (header === 0) {
      const joined = input.readString();
      shape = this.cache.get(joined) ?? this.define(joined);
    } else {
      const n = input.readVarUint();
      const names: string[] = [];
      for (let i = 0; i < n; i++) names.push(input.readString());
      shape = { names, hits: 0, build: undefined };
    }
    if (this.record.length < MAX_SHAPES_PER_RECORD) this.record.push(shape);
    return shape;
  }

  /** The generated builder for plain objects of this shape, once the shape has recurred. */
  builderFor(shape: Shape): Builder | undefined {
    if (shape.build === undefined && ++shape.hits === COMPILE_AFTER_HITS) shape.build = compileBuilder(shape.names);
    return shape.build;
  }

  private define(joined: string): Shape {
    if (this.cache.size >= MAX_CACHED_SHAPES) this.cache.clear();
    const shape: Shape = { names: joined === '' ? [] : joined.split(SEPARATOR), hits: 0, build: undefined };
    this.cache.set(joined, shape);
    return shape;
  }
}
