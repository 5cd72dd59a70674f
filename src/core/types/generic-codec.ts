// The fallback codec for values without a declared type: a tagged binary encoding of null, undefined, booleans,
// numbers (int32 fast path, float64 otherwise), strings, bigints, arrays, plain objects, Map, Set, Date,
// Uint8Array (a Buffer decodes as a plain Uint8Array) and instances of registered classes (registerType).
// A codec instance is used by one thread at a time; each encoded record decodes on its own, in any order (state
// backends read values one at a time), so object shapes are shared only within a record (see object-shapes.ts).
//
// Wire format per value: a tag byte, then
//   INT32 int32 | FLOAT64 float64 | STRING string | BIGINT64 int64 | BIGINT decimal string | ARRAY varuint n +
//   n values | OBJECT shape + values | CLASS class-name string + shape + values | MAP varuint n + n key/value pairs
//   | SET varuint n + n values | DATE float64 epoch ms | BYTES bytes; NULL/UNDEFINED/FALSE/TRUE carry nothing.

import type { Codec, DataInput, DataOutput } from './codec.js';
import { ShapeReader, ShapeWriter, type ValueReader } from './object-shapes.js';
import { locateUnsupported, MAX_DEPTH, registeredName, registeredPrototype } from './type-registry.js';

export { registerType } from './type-registry.js';

const NULL = 0;
const UNDEFINED = 1;
const FALSE = 2;
const TRUE = 3;
const INT32 = 4;
const FLOAT64 = 5;
const STRING = 6;
const BIGINT64 = 7;
const BIGINT = 8;
const ARRAY = 9;
const OBJECT = 10;
const CLASS = 11;
const MAP = 12;
const SET = 13;
const DATE = 14;
const BYTES = 15;

/** Thrown inside encode and turned into a message naming the value's path by GenericCodec.encode. */
class Unsupported extends Error {}

function setField(target: Record<string, unknown>, name: string, value: unknown): void {
  // A decoded "__proto__" key must become an own property, never the object's prototype.
  if (name === '__proto__') {
    Object.defineProperty(target, name, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[name] = value;
  }
}

export class GenericCodec implements Codec<unknown>, ValueReader {
  private readonly shapeWriter = new ShapeWriter();
  private readonly shapeReader = new ShapeReader();

  encode(value: unknown, out: DataOutput): void {
    this.shapeWriter.startRecord();
    this.encodeContinued(value, out);
  }

  decode(input: DataInput): unknown {
    this.shapeReader.startRecord();
    return this.readValue(input);
  }

  /**
   * Starts a group of values that share object shapes (each shape's field names written once per group), for
   * values that are always decoded together and in order, such as one key group of a checkpoint. The writer and
   * the reader call it at the same points; between, values go through encodeContinued / decodeContinued.
   */
  startGroup(): void {
    this.shapeWriter.startRecord();
    this.shapeReader.startRecord();
  }

  encodeContinued(value: unknown, out: DataOutput): void {
    try {
      this.write(value, out, 0);
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      const found = locateUnsupported(value);
      throw new TypeError(`Cannot encode the value at ${found?.path ?? '$'}: ${found?.reason ?? e.message}`);
    }
  }

  decodeContinued(input: DataInput): unknown {
    return this.readValue(input);
  }

  private write(v: unknown, out: DataOutput, depth: number): void {
    switch (typeof v) {
      case 'string':
        out.writeUint8(STRING);
        out.writeString(v);
        return;
      case 'number':
        if ((v | 0) === v && (v !== 0 || 1 / v > 0)) {
          out.writeUint8(INT32);
          out.writeInt32(v);
        } else {
          out.writeUint8(FLOAT64);
          out.writeFloat64(v);
        }
        return;
      case 'boolean':
        out.writeUint8(v ? TRUE : FALSE);
        return;
      case 'undefined':
        out.writeUint8(UNDEFINED);
        return;
      case 'bigint':
        if (BigInt.asIntN(64, v) === v) {
          out.writeUint8(BIGINT64);
          out.writeBigInt64(v);
        } else {
          out.writeUint8(BIGINT);
          out.writeString(v.toString());
        }
        return;
      case 'object':
        if (v === null) out.writeUint8(NULL);
        else if (depth >= MAX_DEPTH) throw new Unsupported('too deep');
        else this.writeObject(v, out, depth + 1);
        return;
      case 'function':
      case 'symbol':
        throw new Unsupported(typeof v);
    }
  }

  private writeObject(v: object, out: DataOutput, depth: number): void {
    if (Array.isArray(v)) {
      out.writeUint8(ARRAY);
      out.writeVarUint(v.length);
      for (let i = 0; i < v.length; i++) this.write(v[i], out, depth);
      return;
    }
    const proto = Object.getPrototypeOf(v) as object | null;
    if (proto === Object.prototype || proto === null) {
      out.writeUint8(OBJECT);
      this.writeFields(v, out, depth);
    } else if (v instanceof Map) {
      out.writeUint8(MAP);
      out.writeVarUint(v.size);
      for (const k of v.keys()) {
        this.write(k, out, depth);
        this.write(v.get(k), out, depth);
      }
    } else if (v instanceof Set) {
      out.writeUint8(SET);
      out.writeVarUint(v.size);
      for (const x of v) this.write(x, out, depth);
    } else if (v instanceof Date) {
      out.writeUint8(DATE);
      out.writeFloat64(v.getTime());
    } else if (v instanceof Uint8Array) {
      out.writeUint8(BYTES);
      out.writeBytes(v);
    } else {
      const name = registeredName(proto);
      if (name === undefined) throw new Unsupported('unregistered class');
      out.writeUint8(CLASS);
      out.writeString(name);
      this.writeFields(v, out, depth);
    }
  }

  private writeFields(v: object, out: DataOutput, depth: number): void {
    const keys = Object.keys(v);
    this.shapeWriter.write(keys, out);
    const record = v as Record<string, unknown>;
    for (let i = 0; i < keys.length; i++) this.write(record[keys[i]], out, depth);
  }

  /** Reads one value; called by generated shape builders too. */
  readValue(input: DataInput): unknown {
    const tag = input.readUint8();
    switch (tag) {
      case NULL:
        return null;
      case UNDEFINED:
        return undefined;
      case FALSE:
        return false;
      case TRUE:
        return true;
      case INT32:
        return input.readInt32();
      case FLOAT64:
        return input.readFloat64();
      case STRING:
        return input.readString();
      case BIGINT64:
        return input.readBigInt64();
      case BIGINT:
        return BigInt(input.readString());
      default:
        return this.readObject(tag, input);
    }
  }

  private readObject(tag: number, input: DataInput): unknown {
    switch (tag) {
      case ARRAY: {
        const n = input.readVarUint();
        const a: unknown[] = [];
        for (let i = 0; i < n; i++) a.push(this.readValue(input));
        return a;
      }
      case OBJECT: {
        const shape = this.shapeReader.read(input);
        const build = this.shapeReader.builderFor(shape);
        return build !== undefined ? build(this, input) : this.readFields({}, shape.names, input);
      }
      case CLASS: {
        const proto = registeredPrototype(input.readString());
        const shape = this.shapeReader.read(input);
        return this.readFields(Object.create(proto) as object, shape.names, input);
      }
      case MAP: {
        const n = input.readVarUint();
        const m = new Map<unknown, unknown>();
        for (let i = 0; i < n; i++) m.set(this.readValue(input), this.readValue(input));
        return m;
      }
      case SET: {
        const n = input.readVarUint();
        const s = new Set<unknown>();
        for (let i = 0; i < n; i++) s.add(this.readValue(input));
        return s;
      }
      case DATE:
        return new Date(input.readFloat64());
      case BYTES:
        return input.readBytes();
      default:
        throw new RangeError(
          `Cannot decode: ${tag} is not a generic codec tag; the bytes were written by a different codec or are corrupt`,
        );
    }
  }

  private readFields(target: object, names: readonly string[], input: DataInput): object {
    const record = target as Record<string, unknown>;
    for (let i = 0; i < names.length; i++) setField(record, names[i], this.readValue(input));
    return target;
  }
}
