// Wire format of the data plane between TaskManager processes (Flink: NettyMessage). One TCP connection joins a
// consumer's slot worker to a producer's slot worker and carries any number of channels, each a numbered stream.
//   frame = u32 LE length of what follows | u8 type | u32 LE stream | payload
// HELLO opens a connection (magic + version, so a stray client gets a clear refusal); OPEN asks for a channel with
// initial credit (Flink: PartitionRequest), answered by OPENED or REJECT; DATA carries one network buffer in the
// format of buffer-format.ts; PRIORITY one encoded stream event (unaligned barriers: it overtakes every DATA frame
// the consumer has not read); CREDIT returns credit (Flink: AddCredit); CLOSE releases a channel (Flink:
// CancelPartitionRequest). Control payloads are small JSON or UTF-8 texts; records only ever travel inside DATA.

export const FRAME_HELLO = 1;
export const FRAME_OPEN = 2;
export const FRAME_OPENED = 3;
export const FRAME_REJECT = 4;
export const FRAME_DATA = 5;
export const FRAME_PRIORITY = 6;
export const FRAME_CREDIT = 7;
export const FRAME_CLOSE = 8;

export const FRAME_HEADER_BYTES = 9;
/** Bytes after the length field that are not payload (type + stream). */
const BODY_HEADER_BYTES = 5;
export const HELLO_MAGIC = 'weir-data/1';
/** Control frames are tiny; anything larger than a data buffer plus this is a corrupt or foreign stream. */
const CONTROL_FRAME_LIMIT = 64 * 1024;

export interface OpenRequest {
  /** `${jobId}/${channelId}`: the producer's writer is registered under the same name. */
  readonly channel: string;
  /** Buffers the consumer can take before it returns credit. */
  readonly credits: number;
}

export class DataProtocolError extends Error {
  constructor(detail: string) {
    super(`Data connection protocol error: ${detail}`);
    this.name = 'DataProtocolError';
  }
}

/** A whole frame in one Buffer: one socket write. `payload[from, to)` is copied. */
export function encodeFrame(type: number, stream: number, payload?: Uint8Array, from = 0, to = payload?.length ?? 0) {
  const length = to - from;
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + length);
  frame.writeUInt32LE(BODY_HEADER_BYTES + length, 0);
  frame[4] = type;
  frame.writeUInt32LE(stream >>> 0, 5);
  if (payload !== undefined && length > 0) frame.set(payload.subarray(from, to), FRAME_HEADER_BYTES);
  return frame;
}

export function encodeTextFrame(type: number, stream: number, text: string): Buffer {
  return encodeFrame(type, stream, Buffer.from(text, 'utf8'));
}

export function encodeCreditFrame(stream: number, credits: number): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + 4);
  frame.writeUInt32LE(BODY_HEADER_BYTES + 4, 0);
  frame[4] = FRAME_CREDIT;
  frame.writeUInt32LE(stream >>> 0, 5);
  frame.writeUInt32LE(credits >>> 0, FRAME_HEADER_BYTES);
  return frame;
}

/** Receives parsed frames. DATA payloads land in a segment the receiver lends (its pool), others in a scratch. */
export interface FrameReceiver {
  /** A segment of at least `length` bytes for a DATA frame of `stream`; it receives the payload and is handed back. */
  dataSegment(stream: number, length: number): Uint8Array;
  onData(stream: number, segment: Uint8Array, length: number): void;
  /** Any other frame; `payload` is valid only during the call. */
  onControl(type: number, stream: number, payload: Uint8Array): void;
}

/**
 * Splits a connection's bytes into frames without concatenating chunks: the 9-byte header is gathered in a small
 * array, a DATA payload is copied straight into a lent segment, other payloads into a reused scratch array.
 * Contract: one parser per connection, fed in order from 'data' events; after it threw, the connection is dead.
 */
export class FrameParser {
  private readonly header = new Uint8Array(FRAME_HEADER_BYTES);
  private headerFilled = 0;
  private type = 0;
  private stream = 0;
  private payloadLength = -1;
  private payloadFilled = 0;
  private target: Uint8Array | undefined;
  private scratch = new Uint8Array(256);

  constructor(
    private readonly receiver: FrameReceiver,
    /** The largest DATA payload accepted (the segment size). */
    private readonly maxDataBytes: number,
  ) {}

  push(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.payloadLength < 0) {
        const n = Math.min(FRAME_HEADER_BYTES - this.headerFilled, chunk.length - at);
        this.header.set(chunk.subarray(at, at + n), this.headerFilled);
        this.headerFilled += n;
        at += n;
        if (this.headerFilled < FRAME_HEADER_BYTES) return;
        this.startPayload();
        if (this.payloadLength === 0) this.finishFrame();
        continue;
      }
      const n = Math.min(this.payloadLength - this.payloadFilled, chunk.length - at);
      this.target!.set(chunk.subarray(at, at + n), this.payloadFilled);
      this.payloadFilled += n;
      at += n;
      if (this.payloadFilled === this.payloadLength) this.finishFrame();
    }
  }

  private startPayload(): void {
    const h = this.header;
    const bodyLength = (h[0] | (h[1] << 8) | (h[2] << 16) | (h[3] << 24)) >>> 0;
    this.type = h[4];
    this.stream = (h[5] | (h[6] << 8) | (h[7] << 16) | (h[8] << 24)) >>> 0;
    if (bodyLength < BODY_HEADER_BYTES || this.type < FRAME_HELLO || this.type > FRAME_CLOSE) {
      throw new DataProtocolError(
        `frame type ${this.type} with body length ${bodyLength}; the peer is not a Weir data endpoint or the ` +
          'stream is corrupt',
      );
    }
    const length = bodyLength - BODY_HEADER_BYTES;
    const limit = this.type === FRAME_DATA ? this.maxDataBytes : CONTROL_FRAME_LIMIT;
    if (length > limit) {
      throw new DataProtocolError(
        `a frame of type ${this.type} carries ${length} bytes, more than the ${limit} allowed; producer and consumer ` +
          'disagree on taskmanager.memory.segment-size or the stream is corrupt',
      );
    }
    this.payloadLength = length;
    this.payloadFilled = 0;
    if (this.type === FRAME_DATA) {
      this.target = this.receiver.dataSegment(this.stream, length);
    } else {
      if (this.scratch.length < length) this.scratch = new Uint8Array(length);
      this.target = this.scratch;
    }
  }

  private finishFrame(): void {
    const { type, stream, payloadLength } = this;
    const target = this.target!;
    this.headerFilled = 0;
    this.payloadLength = -1;
    this.target = undefined;
    if (type === FRAME_DATA) this.receiver.onData(stream, target, payloadLength);
    else this.receiver.onControl(type, stream, target.subarray(0, payloadLength));
  }
}

export function decodeText(payload: Uint8Array): string {
  return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
}

export function decodeCredit(payload: Uint8Array): number {
  if (payload.length !== 4) throw new DataProtocolError(`a CREDIT frame of ${payload.length} bytes (expected 4)`);
  return (payload[0] | (payload[1] << 8) | (payload[2] << 16) | (payload[3] << 24)) >>> 0;
}

/** Parses an OPEN request, naming what is wrong: the peer may be an older or foreign build. */
export function decodeOpenRequest(payload: Uint8Array): OpenRequest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeText(payload));
  } catch {
    throw new DataProtocolError('an OPEN frame whose payload is not JSON');
  }
  const request = parsed as Partial<OpenRequest> | null;
  if (
    request === null ||
    typeof request.channel !== 'string' ||
    !Number.isInteger(request.credits) ||
    (request.credits as number) < 1
  ) {
    throw new DataProtocolError(
      `an OPEN frame without a channel name and positive integer credits: ${decodeText(payload)}`,
    );
  }
  return { channel: request.channel, credits: request.credits as number };
}
