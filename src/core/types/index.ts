// Record types and their binary form: TypeInformation (declared with `Types`) builds a generated codec per record
// type; ByteWriter/ByteReader are the buffers codecs write to and read from; GenericCodec is the untyped fallback.

export { ByteReader, ByteWriter } from './bytes.js';
export type { Codec, DataInput, DataOutput } from './codec.js';
export { GenericCodec, registerType } from './generic-codec.js';
export type { RecordClass } from './row-type.js';
export type { TypeInformation } from './type-information.js';
export type { NamedRowOf, PojoFields, RowFields, RowOf, TupleOf, TypeOf } from './types.js';
export { Types } from './types.js';
