// Composite record types (Flink's RowTypeInfo, TupleTypeInfo, ListTypeInfo, MapTypeInfo, PojoTypeInfo) plus
// NULLABLE. Their generated code inlines the code of their element/field types, so a whole record encodes in one
// straight-line function. Wire formats (stable):
//   ROW/POJO: a null bitmap (2 bits per NULLABLE field: 0 present, 1 null, 2 undefined; 4 fields per byte) when
//             the row has NULLABLE fields, then the present fields in declaration order. Fields not declared are
//             not written (they are dropped, not an error); a declared non-NULLABLE field that is null/undefined is.
//   TUPLE: its elements in order. LIST/OBJECT_ARRAY: varuint length + elements. MAP: varuint size + key, value pairs.
//   NULLABLE outside a row: a marker byte (0 null, 1 undefined, 2 present) + the value.

import type { Codec } from './codec.js';
import {
  type Codegen,
  encodeTypeError,
  type GeneratedType,
  generateCodec,
  isGeneratedType,
  literal,
} from './codegen.js';
import { GenericCodec } from './generic-codec.js';
import type { TypeInformation } from './type-information.js';

function corruptMarker(what: string, marker: number): Error {
  return new RangeError(
    `Cannot decode ${what}: marker ${marker} is not a valid null flag; the bytes were written by a different codec`,
  );
}

/** Wraps a hand-written TypeInformation (not generated) so generated code can call its codec. */
class CodecBackedType<T> implements GeneratedType<T> {
  readonly kind: string;
  constructor(private readonly info: TypeInformation<T>) {
    this.kind = info.kind;
  }
  describe(): string {
    return this.info.describe();
  }
  createCodec(): Codec<T> {
    return this.info.createCodec();
  }
  genEncode(g: Codegen, v: string): string {
    return `${g.dep(this.info.createCodec())}.encode(${v}, out);`;
  }
  genDecode(g: Codegen, target: string): string {
    return `const ${target} = ${g.dep(this.info.createCodec())}.decode(inp);`;
  }
}

export function asGenerated<T>(t: TypeInformation<T>): GeneratedType<T> {
  if (t === null || typeof t !== 'object' || typeof t.createCodec !== 'function') {
    throw new TypeError(`Expected a TypeInformation (e.g. Types.STRING), got ${String(t)}`);
  }
  return isGeneratedType(t) ? (t as GeneratedType<T>) : new CodecBackedType(t);
}

/** The fallback type: any value the generic codec accepts (see generic-codec.ts). */
export class GenericType<T> implements GeneratedType<T> {
  readonly kind = 'GENERIC';
  describe(): string {
    return 'GENERIC';
  }
  createCodec(): Codec<T> {
    return new GenericCodec() as Codec<unknown> as Codec<T>;
  }
  genEncode(g: Codegen, v: string): string {
    return `${g.dep(new GenericCodec())}.encode(${v}, out);`;
  }
  genDecode(g: Codegen, target: string): string {
    return `const ${target} = ${g.dep(new GenericCodec())}.decode(inp);`;
  }
}

export class NullableType<T> implements GeneratedType<T | null> {
  readonly kind = 'NULLABLE';
  readonly inner: GeneratedType<T>;
  constructor(inner: TypeInformation<T>) {
    this.inner = asGenerated(inner);
  }
  describe(): string {
    return `NULLABLE<${this.inner.describe()}>`;
  }
  createCodec(): Codec<T | null> {
    return generateCodec(this);
  }
  genEncode(g: Codegen, v: string, path: string): string {
    return (
      `if (${v} === null) out.writeUint8(0); else if (${v} === undefined) out.writeUint8(1);\n` +
      `else { out.writeUint8(2);\n${this.inner.genEncode(g, v, path)}\n}`
    );
  }
  genDecode(g: Codegen, target: string): string {
    const m = g.local('m');
    const x = g.local('x');
    const bad = g.dep(corruptMarker);
    return (
      `let ${target}; const ${m} = inp.readUint8();\n` +
      `if (${m} === 0) ${target} = null; else if (${m} === 1) ${target} = undefined;\n` +
      `else if (${m} === 2) { ${this.inner.genDecode(g, x)}\n${target} = ${x}; }\n` +
      `else throw ${bad}(${literal(this.describe())}, ${m});`
    );
  }
}

export class TupleType<T extends unknown[]> implements GeneratedType<T> {
  readonly kind = 'TUPLE';
  readonly elements: ReadonlyArray<GeneratedType<unknown>>;
  constructor(elements: ReadonlyArray<TypeInformation<unknown>>) {
    if (!Array.isArray(elements)) throw new TypeError('Types.TUPLE expects an array of element types');
    this.elements = elements.map((t) => asGenerated(t));
  }
  describe(): string {
    return `TUPLE<${this.elements.map((t) => t.describe()).join(', ')}>`;
  }
  createCodec(): Codec<T> {
    return generateCodec(this);
  }
  genEncode(g: Codegen, v: string, path: string): string {
    const n = this.elements.length;
    const expected = `${this.describe()} (an array of length ${n})`;
    let code = `if (!Array.isArray(${v}) || ${v}.length !== ${n}) throw ${g.dep(encodeTypeError)}(${literal(path)}, ${literal(expected)}, ${v});\n`;
    this.elements.forEach((t, i) => {
      const e = g.local('e');
      code += `{ const ${e} = ${v}[${i}];\n${t.genEncode(g, e, `${path}[${i}]`)}\n}\n`;
    });
    return code;
  }
  genDecode(g: Codegen, target: string): string {
    const locals = this.elements.map(() => g.local('e'));
    const reads = this.elements.map((t, i) => t.genDecode(g, locals[i])).join('\n');
    return `${reads}\nconst ${target} = [${locals.join(', ')}];`;
  }
}

export class ListType<T> implements GeneratedType<T[]> {
  readonly element: GeneratedType<T>;
  constructor(
    readonly kind: 'LIST' | 'OBJECT_ARRAY',
    element: TypeInformation<T>,
  ) {
    this.element = asGenerated(element);
  }
  describe(): string {
    return `${this.kind}<${this.element.describe()}>`;
  }
  createCodec(): Codec<T[]> {
    return generateCodec(this);
  }
  genEncode(g: Codegen, v: string, path: string): string {
    const [n, i, e] = [g.local('n'), g.local('i'), g.local('e')];
    const expected = `${this.describe()} (an array)`;
    return (
      `if (!Array.isArray(${v})) throw ${g.dep(encodeTypeError)}(${literal(path)}, ${literal(expected)}, ${v});\n` +
      `const ${n} = ${v}.length; out.writeVarUint(${n});\n` +
      `for (let ${i} = 0; ${i} < ${n}; ${i}++) { const ${e} = ${v}[${i}];\n` +
      `${this.element.genEncode(g, e, `${path}[]`)}\n}`
    );
  }
  genDecode(g: Codegen, target: string): string {
    const [n, i, e] = [g.local('n'), g.local('i'), g.local('e')];
    return (
      `const ${n} = inp.readVarUint(); const ${target} = [];\n` +
      `for (let ${i} = 0; ${i} < ${n}; ${i}++) { ${this.element.genDecode(g, e)}\n${target}.push(${e}); }`
    );
  }
}

export class MapType<K, V> implements GeneratedType<Map<K, V>> {
  readonly kind = 'MAP';
  readonly key: GeneratedType<K>;
  readonly value: GeneratedType<V>;
  constructor(key: TypeInformation<K>, value: TypeInformation<V>) {
    this.key = asGenerated(key);
    this.value = asGenerated(value);
  }
  describe(): string {
    return `MAP<${this.key.describe()}, ${this.value.describe()}>`;
  }
  createCodec(): Codec<Map<K, V>> {
    return generateCodec(this);
  }
  genEncode(g: Codegen, v: string, path: string): string {
    const [k, x] = [g.local('k'), g.local('x')];
    const expected = `${this.describe()} (a Map)`;
    // keys() + get() rather than entries(): no [key, value] pair allocated per entry.
    return (
      `if (!(${v} instanceof Map)) throw ${g.dep(encodeTypeError)}(${literal(path)}, ${literal(expected)}, ${v});\n` +
      `out.writeVarUint(${v}.size);\n` +
      `for (const ${k} of ${v}.keys()) { const ${x} = ${v}.get(${k});\n` +
      `${this.key.genEncode(g, k, `${path}{key}`)}\n${this.value.genEncode(g, x, `${path}{value}`)}\n}`
    );
  }
  genDecode(g: Codegen, target: string): string {
    const [n, i, k, x] = [g.local('n'), g.local('i'), g.local('k'), g.local('x')];
    return (
      `const ${n} = inp.readVarUint(); const ${target} = new Map();\n` +
      `for (let ${i} = 0; ${i} < ${n}; ${i}++) {\n${this.key.genDecode(g, k)}\n${this.value.genDecode(g, x)}\n` +
      `${target}.set(${k}, ${x}); }`
    );
  }
}
