import type { Codec, DataInput, DataOutput } from '../../core/types/codec.js';

// Small codecs for the network tests, the channel test worker and bench/network.ts (real edges get their codec
// from TypeInformation.createCodec()).

/** A record like a small Nexmark event: two numbers and a short string. */
export interface SmallRecord {
  readonly id: number;
  readonly price: number;
  readonly tag: string;
}

export const smallRecordCodec: Codec<SmallRecord> = {
  encode(value: SmallRecord, out: DataOutput): void {
    out.writeFloat64(value.id);
    out.writeFloat64(value.price);
    out.writeString(value.tag);
  },
  decode(input: DataInput): SmallRecord {
    const id = input.readFloat64();
    const price = input.readFloat64();
    return { id, price, tag: input.readString() };
  },
};

export const numberCodec: Codec<number> = {
  encode(value: number, out: DataOutput): void {
    out.writeFloat64(value);
  },
  decode(input: DataInput): number {
    return input.readFloat64();
  },
};

export const stringCodec: Codec<string> = {
  encode(value: string, out: DataOutput): void {
    out.writeString(value);
  },
  decode(input: DataInput): string {
    return input.readString();
  },
};

export const bytesCodec: Codec<Uint8Array> = {
  encode(value: Uint8Array, out: DataOutput): void {
    out.writeBytes(value);
  },
  decode(input: DataInput): Uint8Array {
    return input.readBytes();
  },
};
