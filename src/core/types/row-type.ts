// ROW and POJO: records with named fields. Both generate straight-line code over their fields; a ROW decodes to an
// object literal (one stable hidden class), a POJO to Object.create(Class.prototype) with the fields assigned in
// declaration order, so methods keep working after an exchange. Wire format: see composite-types.ts.

import type { Codec } from './codec.js';
import { type Codegen, encodeTypeError, type GeneratedType, generateCodec, literal, pathOf } from './codegen.js';
import { asGenerated, NullableType } from './composite-types.js';
import type { TypeInformation } from './type-information.js';

interface Field {
  readonly name: string;
  /** The type written when the value is present (the inner type for NULLABLE fields). */
  readonly type: GeneratedType<unknown>;
  /** Index into the null bitmap, or -1 when the field may not be null. */
  readonly nullSlot: number;
  readonly declared: GeneratedType<unknown>;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function quoteName(name: string): string {
  return IDENTIFIER.test(name) ? name : `\`${name.replaceAll('`', '``')}\``;
}

function buildFields(owner: string, names: readonly string[], types: ReadonlyArray<TypeInformation<unknown>>): Field[] {
  if (names.length !== types.length) {
    throw new TypeError(
      `${owner}: ${names.length} field names but ${types.length} field types; give one type per name`,
    );
  }
  const seen = new Set<string>();
  let slots = 0;
  return names.map((name, i) => {
    if (typeof name !== 'string' || name === '') throw new TypeError(`${owner}: field ${i} needs a non-empty name`);
    if (name === '__proto__') throw new TypeError(`${owner}: "__proto__" cannot be a field name`);
    if (seen.has(name)) throw new TypeError(`${owner}: field "${name}" is declared twice`);
    seen.add(name);
    const declared = asGenerated(types[i]);
    if (declared instanceof NullableType) return { name, type: declared.inner, nullSlot: slots++, declared };
    return { name, type: declared, nullSlot: -1, declared };
  });
}

function describeFields(fields: readonly Field[]): string {
  return fields.map((f) => `${quoteName(f.name)} ${f.declared.describe()}`).join(', ');
}

/** Statements reading each field of `v`, writing the null bitmap, then the present fields. */
function genFieldsEncode(g: Codegen, fields: readonly Field[], v: string, path: string): string {
  const locals = fields.map(() => g.local('f'));
  let code = fields.map((f, i) => `const ${locals[i]} = ${v}[${literal(f.name)}];`).join('\n');
  const nullable = fields.filter((f) => f.nullSlot >= 0);
  for (let byte = 0; byte * 4 < nullable.length; byte++) {
    const m = g.local('m');
    code += `\nlet ${m} = 0;`;
    for (const f of nullable.slice(byte * 4, byte * 4 + 4)) {
      const shift = (f.nullSlot % 4) * 2;
      const x = locals[fields.indexOf(f)];
      code += `\nif (${x} === null) ${m} |= ${1 << shift}; else if (${x} === undefined) ${m} |= ${2 << shift};`;
    }
    code += `\nout.writeUint8(${m});`;
  }
  fields.forEach((f, i) => {
    const x = locals[i];
    const body = f.type.genEncode(g, x, pathOf(path, f.name));
    code += f.nullSlot >= 0 ? `\nif (${x} !== null && ${x} !== undefined) {\n${body}\n}` : `\n${body}`;
  });
  return code;
}

/** Statements declaring one local per field (in order); returns them and the locals' names. */
function genFieldsDecode(g: Codegen, fields: readonly Field[]): { code: string; locals: string[] } {
  const locals = fields.map(() => g.local('f'));
  const masks: string[] = [];
  let code = '';
  for (let byte = 0; byte * 4 < fields.filter((f) => f.nullSlot >= 0).length; byte++) {
    const m = g.local('m');
    masks.push(m);
    code += `const ${m} = inp.readUint8();\n`;
  }
  fields.forEach((f, i) => {
    if (f.nullSlot < 0) {
      code += `${f.type.genDecode(g, locals[i])}\n`;
      return;
    }
    const flags = `((${masks[f.nullSlot >> 2]} >> ${(f.nullSlot % 4) * 2}) & 3)`;
    const x = g.local('x');
    code +=
      `let ${locals[i]}; switch (${flags}) { case 1: ${locals[i]} = null; break; case 2: ${locals[i]} = undefined; break;\n` +
      `default: { ${f.type.genDecode(g, x)}\n${locals[i]} = ${x}; } }\n`;
  });
  return { code, locals };
}

function checkObject(g: Codegen, v: string, path: string, expected: string): string {
  return (
    `if (${v} === null || typeof ${v} !== "object" || Array.isArray(${v})) ` +
    `throw ${g.dep(encodeTypeError)}(${literal(path)}, ${literal(expected)}, ${v});`
  );
}

export class RowType<T extends object> implements GeneratedType<T> {
  readonly kind = 'ROW';
  readonly fields: readonly Field[];
  constructor(names: readonly string[], types: ReadonlyArray<TypeInformation<unknown>>) {
    this.fields = buildFields('Types.ROW', names, types);
  }
  describe(): string {
    return `ROW<${describeFields(this.fields)}>`;
  }
  createCodec(): Codec<T> {
    return generateCodec(this);
  }
  genEncode(g: Codegen, v: string, path: string): string {
    return `${checkObject(g, v, path, `${this.describe()} (an object)`)}\n${genFieldsEncode(g, this.fields, v, path)}`;
  }
  genDecode(g: Codegen, target: string): string {
    const { code, locals } = genFieldsDecode(g, this.fields);
    const props = this.fields.map((f, i) => `${literal(f.name)}: ${locals[i]}`).join(', ');
    return `${code}const ${target} = { ${props} };`;
  }
}

/** A class whose instances are records; its constructor is not called on decode (as Flink's PojoSerializer). */
export type RecordClass<C> = abstract new (...args: never[]) => C;

export class PojoType<C extends object> implements GeneratedType<C> {
  readonly kind = 'POJO';
  readonly fields: readonly Field[];
  constructor(
    readonly recordClass: RecordClass<C>,
    names: readonly string[],
    types: ReadonlyArray<TypeInformation<unknown>>,
  ) {
    if (typeof recordClass !== 'function' || typeof recordClass.prototype !== 'object') {
      throw new TypeError(`Types.POJO expects a class as its first argument, got ${String(recordClass)}`);
    }
    this.fields = buildFields(`Types.POJO(${recordClass.name})`, names, types);
  }
  describe(): string {
    return `POJO<${this.recordClass.name}>{${describeFields(this.fields)}}`;
  }
  createCodec(): Codec<C> {
    return generateCodec(this);
  }
  genEncode(g: Codegen, v: string, path: string): string {
    const proto = g.dep(this.recordClass.prototype);
    const name = this.recordClass.name;
    const expected = `an instance of ${name} (exactly; for a subclass declare Types.POJO(Subclass, ...))`;
    return (
      `if (${v} === null || typeof ${v} !== "object" || Object.getPrototypeOf(${v}) !== ${proto}) ` +
      `throw ${g.dep(encodeTypeError)}(${literal(path)}, ${literal(expected)}, ${v});\n` +
      genFieldsEncode(g, this.fields, v, path)
    );
  }
  genDecode(g: Codegen, target: string): string {
    const { code, locals } = genFieldsDecode(g, this.fields);
    const proto = g.dep(this.recordClass.prototype);
    const assigns = this.fields.map((f, i) => `${target}[${literal(f.name)}] = ${locals[i]};`).join(' ');
    return `${code}const ${target} = Object.create(${proto}); ${assigns}`;
  }
}
