// `Types`: the declared record types, named as in Flink's org.apache.flink.api.common.typeinfo.Types. Each value
// is a TypeInformation<T> whose codec is generated once for its schema; the static type T is inferred, so
// `Types.ROW({ a: Types.INT, b: Types.STRING })` is a TypeInformation<{ a: number; b: string }>.
//
// Null handling: values may be null/undefined only where a type is wrapped in Types.NULLABLE (rows keep a null
// bitmap for such fields); anywhere else a null is an encode error naming the field. This is stricter than
// Flink's Row (all fields nullable) on purpose: a misspelt field name fails loudly instead of becoming null.

import * as basic from './basic-types.js';
import { GenericType, ListType, MapType, NullableType, TupleType } from './composite-types.js';
import { PojoType, type RecordClass, RowType } from './row-type.js';
import type { TypeInformation } from './type-information.js';

/** The record type a TypeInformation describes: `TypeOf<typeof Types.STRING>` is `string`. */
export type TypeOf<TI> = TI extends TypeInformation<infer T> ? T : never;

/** Field name -> field type, as given to Types.ROW. */
export type RowFields = { readonly [name: string]: TypeInformation<unknown> };

/** The object type of a ROW with these fields. */
export type RowOf<F extends RowFields> = { -readonly [K in keyof F]: TypeOf<F[K]> };

/** The array type of a TUPLE with these element types. */
export type TupleOf<E extends readonly TypeInformation<unknown>[]> = { -readonly [I in keyof E]: TypeOf<E[I]> };

/** The object type of ROW_NAMED(names, types). */
export type NamedRowOf<N extends readonly string[], E extends readonly TypeInformation<unknown>[]> = {
  -readonly [I in keyof N as I extends `${number}` ? N[I] & string : never]: I extends keyof E ? TypeOf<E[I]> : never;
};

/** The fields a POJO declaration must give: every non-method property of the class. */
export type PojoFields<C> = {
  readonly [K in keyof C as C[K] extends (...args: never[]) => unknown ? never : K]: TypeInformation<C[K]>;
};

function fieldsOf(fields: RowFields, owner: string): [string[], TypeInformation<unknown>[]] {
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
    throw new TypeError(`${owner} expects an object mapping field names to types, e.g. { id: Types.LONG }`);
  }
  const names = Object.keys(fields);
  return [names, names.map((n) => fields[n])];
}

export const Types = {
  STRING: basic.STRING as TypeInformation<string>,
  BOOLEAN: basic.BOOLEAN as TypeInformation<boolean>,
  /** An integer in -128..127. */
  BYTE: basic.BYTE as TypeInformation<number>,
  /** An integer in -32768..32767. */
  SHORT: basic.SHORT as TypeInformation<number>,
  /** A 32-bit signed integer. */
  INT: basic.INT as TypeInformation<number>,
  /** A Java long held in a JS number: must be a safe integer (|v| <= 2^53 - 1). */
  LONG: basic.LONG as TypeInformation<number>,
  /** A full 64-bit Java long as a bigint. */
  LONG_BIGINT: basic.LONG_BIGINT as TypeInformation<bigint>,
  FLOAT: basic.FLOAT as TypeInformation<number>,
  DOUBLE: basic.DOUBLE as TypeInformation<number>,
  INSTANT: basic.INSTANT as TypeInformation<Date>,
  SQL_TIMESTAMP: basic.SQL_TIMESTAMP as TypeInformation<Date>,
  BYTES: basic.BYTES as TypeInformation<Uint8Array>,

  /** A plain object with exactly these fields (in this order on the wire); other properties are not kept. */
  ROW<const F extends RowFields>(fields: F): TypeInformation<RowOf<F>> {
    const [names, types] = fieldsOf(fields, 'Types.ROW');
    return new RowType<RowOf<F>>(names, types);
  },

  /** ROW with names and types given as two parallel arrays (Flink's Types.ROW_NAMED). */
  ROW_NAMED<const N extends readonly string[], const E extends readonly TypeInformation<unknown>[]>(
    names: N,
    types: E,
  ): TypeInformation<NamedRowOf<N, E>> {
    if (!Array.isArray(names) || !Array.isArray(types)) {
      throw new TypeError('Types.ROW_NAMED expects two arrays: field names and field types');
    }
    return new RowType<NamedRowOf<N, E>>(names, types);
  },

  /** A fixed-length array whose elements have these types (Flink's TupleN). */
  TUPLE<const E extends readonly TypeInformation<unknown>[]>(types: E): TypeInformation<TupleOf<E>> {
    return new TupleType<TupleOf<E> & unknown[]>(types) as TypeInformation<TupleOf<E>>;
  },

  /** An array of any length. */
  LIST<T>(element: TypeInformation<T>): TypeInformation<T[]> {
    return new ListType('LIST', element);
  },

  /** An array of any length (Flink's ObjectArrayTypeInfo; same encoding as LIST). */
  OBJECT_ARRAY<T>(element: TypeInformation<T>): TypeInformation<T[]> {
    return new ListType('OBJECT_ARRAY', element);
  },

  /** A JS Map. */
  MAP<K, V>(key: TypeInformation<K>, value: TypeInformation<V>): TypeInformation<Map<K, V>> {
    return new MapType(key, value);
  },

  /** Allows null (and undefined, which is kept as undefined) where `type` is expected. */
  NULLABLE<T>(type: TypeInformation<T>): TypeInformation<T | null> {
    return new NullableType(type);
  },

  /**
   * Instances of `cls` with these fields; decoded instances get `cls.prototype` (the constructor is not run), so
   * methods and instanceof keep working after an exchange. Instances of subclasses are rejected at encode.
   */
  POJO<C extends object>(cls: RecordClass<C>, fields: PojoFields<C>): TypeInformation<C> {
    const [names, types] = fieldsOf(fields as RowFields, `Types.POJO(${cls?.name})`);
    return new PojoType(cls, names, types);
  },

  /** Any value the generic codec accepts (see registerType); slower and larger than a declared type. */
  GENERIC<T = unknown>(): TypeInformation<T> {
    return new GenericType<T>();
  },
} as const;
