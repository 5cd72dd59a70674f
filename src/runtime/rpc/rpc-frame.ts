// Wire framing of the TCP RPC transport. A frame is [u32 bodyLength][u8 kind][u32 requestId][payload], big endian;
// bodyLength counts kind + requestId + payload. Payloads are v8.serialize output (structured clone, the same copy
// semantics as the in-process RpcService). Called on the socket's 'data' events, i.e. on the main thread only.

export type FrameKind = 'request' | 'response' | 'error' | 'heartbeat';

export interface Frame {
  readonly kind: FrameKind;
  readonly id: number;
  readonly payload: Buffer;
}

const HEADER_BYTES = 9;
const BODY_HEADER_BYTES = 5;
/** Frames above this are refused: a corrupt length prefix must not make us buffer gigabytes. */
export const MAX_FRAME_BYTES = 256 * 1024 * 1024;

function kindToByte(kind: FrameKind): number {
  switch (kind) {
    case 'request':
      return 1;
    case 'response':
      return 2;
    case 'error':
      return 3;
    case 'heartbeat':
      return 4;
  }
}

function byteToKind(byte: number): FrameKind {
  switch (byte) {
    case 1:
      return 'request';
    case 2:
      return 'response';
    case 3:
      return 'error';
    case 4:
      return 'heartbeat';
    default:
      throw new RpcProtocolError(`unknown frame kind byte ${byte}; the peer is not a Weir RPC endpoint`);
  }
}

export class RpcProtocolError extends Error {
  constructor(detail: string) {
    super(`RPC protocol error: ${detail}`);
    this.name = 'RpcProtocolError';
  }
}

/** One buffer holding the whole frame, so the socket gets a single write. */
export function encodeFrame(kind: FrameKind, id: number, payload: Buffer | undefined): Buffer {
  const payloadBytes = payload === undefined ? 0 : payload.length;
  if (payloadBytes + BODY_HEADER_BYTES > MAX_FRAME_BYTES) {
    throw new RpcProtocolError(
      `a ${kind} frame of ${payloadBytes} bytes exceeds the ${MAX_FRAME_BYTES} byte limit; send smaller payloads`,
    );
  }
  const frame = Buffer.allocUnsafe(HEADER_BYTES + payloadBytes);
  frame.writeUInt32BE(BODY_HEADER_BYTES + payloadBytes, 0);
  frame.writeUInt8(kindToByte(kind), 4);
  frame.writeUInt32BE(id >>> 0, 5);
  if (payload !== undefined) payload.copy(frame, HEADER_BYTES);
  return frame;
}

/**
 * Reassembles frames from stream chunks. Chunks are only concatenated once a whole frame (or a split header) is
 * present, so a multi-megabyte frame arriving in 64 KiB chunks costs one copy, not one per chunk.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;

  /** Feeds one chunk; calls onFrame for every complete frame, in order. Throws RpcProtocolError on bad input. */
  push(chunk: Buffer, onFrame: (frame: Frame) => void): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    while (this.buffered >= 4) {
      const head = this.headChunk(4);
      const bodyLength = head.readUInt32BE(0);
      if (bodyLength < BODY_HEADER_BYTES || bodyLength > MAX_FRAME_BYTES) {
        throw new RpcProtocolError(`frame body length ${bodyLength} is outside [5, ${MAX_FRAME_BYTES}]`);
      }
      const total = 4 + bodyLength;
      if (this.buffered < total) return;
      const buf = this.headChunk(total);
      const frame: Frame = {
        kind: byteToKind(buf.readUInt8(4)),
        id: buf.readUInt32BE(5),
        payload: buf.subarray(HEADER_BYTES, total),
      };
      this.consume(buf, total);
      onFrame(frame);
    }
  }

  /** The first chunk, merged with following ones until it holds at least `bytes` bytes. */
  private headChunk(bytes: number): Buffer {
    const first = this.chunks[0] as Buffer;
    if (first.length >= bytes) return first;
    const merged = Buffer.concat(this.chunks, this.buffered);
    this.chunks = [merged];
    return merged;
  }

  private consume(head: Buffer, bytes: number): void {
    this.buffered -= bytes;
    if (head.length === bytes) this.chunks.shift();
    else this.chunks[0] = head.subarray(bytes);
  }
}
