// The contract between record types and the bytes that cross a thread or a socket. A Codec is generated once per
// record type (TypeInformation.createCodec) and then called per record: it must not allocate closures or use JSON.

/** Growable output the codecs write into; one is reused per channel writer (reset() between records). */
export interface DataOutput {
  writeUint8(v: number): void;
  writeInt32(v: number): void;
  /** Unsigned LEB128; for lengths and small counts. */
  writeVarUint(v: number): void;
  writeFloat64(v: number): void;
  writeBigInt64(v: bigint): void;
  /** UTF-8 with a varint byte-length prefix. */
  writeString(v: string): void;
  writeBytes(v: Uint8Array): void;
}

/** Input over a byte range; codecs read exactly what they wrote. */
export interface DataInput {
  readUint8(): number;
  readInt32(): number;
  readVarUint(): number;
  readFloat64(): number;
  readBigInt64(): bigint;
  readString(): string;
  readBytes(): Uint8Array;
}

export interface Codec<T> {
  encode(value: T, out: DataOutput): void;
  decode(input: DataInput): T;
}
