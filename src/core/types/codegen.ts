// The code generator behind TypeInformation.createCodec(): every declared type contributes JavaScript source for
// its encode and decode steps, nested types are inlined (no per-field function calls, no per-record closures), and
// the result is compiled once with `new Function`. Runs on whichever thread builds the codec; the compiled codec
// is then used by one thread per instance.

import type { Codec, DataInput, DataOutput } from './codec.js';
import type { TypeInformation } from './type-information.js';

/** Collects the constants generated code needs and hands out unique local names. */
export class Codegen {
  private readonly deps: unknown[] = [];
  private next = 0;

  /** Registers a run-time constant (a helper, a prototype, a nested codec); returns the identifier that names it. */
  dep(value: unknown): string {
    const i = this.deps.indexOf(value);
    if (i >= 0) return `d${i}`;
    this.deps.push(value);
    return `d${this.deps.length - 1}`;
  }

  /** A fresh local variable name, unique in the whole generated function (so nested blocks never shadow). */
  local(hint: string): string {
    return `${hint}${this.next++}`;
  }

  /** Compiles `encode(v0, out)` and `decode(inp)` bodies into a codec. */
  compile<T>(encodeBody: string, decodeBody: string): Codec<T> {
    const names = this.deps.map((_, i) => `d${i}`);
    const source =
      `"use strict";\n` +
      (names.length > 0 ? `const [${names.join(', ')}] = deps;\n` : '') +
      `function encode(v0, out) {\n${encodeBody}\n}\n` +
      `function decode(inp) {\n${decodeBody}\n}\n` +
      'return { encode, decode };';
    const factory = new Function('deps', source) as (deps: unknown[]) => {
      encode(value: T, out: DataOutput): void;
      decode(input: DataInput): T;
    };
    return factory(this.deps);
  }
}

/**
 * A TypeInformation whose codec is generated. Contract for implementations:
 * - genEncode(g, v, path) returns statements that validate the value held in the local `v` and write it to `out`;
 *   `path` is the field path for error messages ('' for the record itself).
 * - genDecode(g, target) returns statements that read one value from `inp` and declare `const <target>` (or `let`).
 */
export interface GeneratedType<T> extends TypeInformation<T> {
  genEncode(g: Codegen, v: string, path: string): string;
  genDecode(g: Codegen, target: string): string;
}

export function isGeneratedType(t: TypeInformation<unknown>): t is GeneratedType<unknown> {
  const candidate = t as Partial<GeneratedType<unknown>>;
  return typeof candidate.genEncode === 'function' && typeof candidate.genDecode === 'function';
}

/** Builds the codec of a generated type: the record itself is the value `v0` at path ''. */
export function generateCodec<T>(type: GeneratedType<T>): Codec<T> {
  const g = new Codegen();
  const encode = type.genEncode(g, 'v0', '');
  const decode = `${type.genDecode(g, 'r0')}\nreturn r0;`;
  return g.compile<T>(encode, decode);
}

/** A short description of a bad value for error messages (never the whole value: it may be large or private). */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? `string "${value.slice(0, 40)}..." (${value.length} chars)` : `string "${value}"`;
    case 'number':
    case 'boolean':
      return `${typeof value} ${value}`;
    case 'bigint':
      return `bigint ${value}n`;
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return `symbol ${String(value)}`;
    case 'function':
      return `function ${value.name || '(anonymous)'}`;
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return `an array of length ${value.length}`;
      const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
      const name = proto?.constructor?.name;
      return proto === null || proto === Object.prototype
        ? 'a plain object'
        : `an instance of ${name || '(anonymous class)'}`;
    }
  }
}

/** Where a bad value sat, as error messages name it. */
export function describePath(path: string): string {
  return path === '' ? 'the record' : `field "${path}"`;
}

/** The error generated encoders throw for a value of the wrong shape (kept out of line: it is the cold path). */
export function encodeTypeError(path: string, expected: string, value: unknown): TypeError {
  return new TypeError(`Cannot encode ${describePath(path)}: expected ${expected}, got ${describeValue(value)}`);
}

/** Appends a property step to a static error path. */
export function pathOf(parent: string, step: string): string {
  return parent === '' ? step : `${parent}.${step}`;
}

/** A JS string literal for generated source. */
export function literal(s: string): string {
  return JSON.stringify(s);
}
