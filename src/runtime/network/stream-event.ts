import type { DataInput, DataOutput } from '../../core/types/codec.js';

// The non-record elements that travel through channels between subtasks (Flink: Watermark, WatermarkStatus,
// CheckpointBarrier, EndOfPartitionEvent). Records travel as (value, timestamp) pairs beside them, never wrapped in
// objects. Timestamps are JS numbers; -Infinity/+Infinity (no timestamp, MIN/MAX watermark) are encoded exactly.

export interface WatermarkEvent {
  readonly kind: 'watermark';
  readonly timestamp: number;
}

/** Flink's WatermarkStatus: an idle channel is left out of the minimum watermark until it becomes active again. */
export interface WatermarkStatusEvent {
  readonly kind: 'watermark-status';
  readonly idle: boolean;
}

/** Flink's CheckpointBarrier. An unaligned barrier travels in the priority lane and overtakes buffered data. */
export interface CheckpointBarrierEvent {
  readonly kind: 'barrier';
  readonly checkpointId: number;
  readonly timestamp: number;
  readonly unaligned: boolean;
}

/** The producer subtask finished: nothing follows on this channel. */
export interface EndOfPartitionEvent {
  readonly kind: 'end-of-partition';
}

export type StreamEvent = WatermarkEvent | WatermarkStatusEvent | CheckpointBarrierEvent | EndOfPartitionEvent;

export const END_OF_PARTITION: EndOfPartitionEvent = Object.freeze({ kind: 'end-of-partition' });
export const WATERMARK_STATUS_IDLE: WatermarkStatusEvent = Object.freeze({ kind: 'watermark-status', idle: true });
export const WATERMARK_STATUS_ACTIVE: WatermarkStatusEvent = Object.freeze({ kind: 'watermark-status', idle: false });

export function watermark(timestamp: number): WatermarkEvent {
  return { kind: 'watermark', timestamp };
}

export function checkpointBarrier(checkpointId: number, timestamp: number, unaligned: boolean): CheckpointBarrierEvent {
  return { kind: 'barrier', checkpointId, timestamp, unaligned };
}

// Entry tags of the buffer format (buffer-format.ts). Records use tags 0 and 1; events use 2..5.
export const TAG_RECORD = 0;
export const TAG_RECORD_WITH_TIMESTAMP = 1;
export const TAG_WATERMARK = 2;
export const TAG_WATERMARK_STATUS = 3;
export const TAG_BARRIER = 4;
export const TAG_END_OF_PARTITION = 5;

/** The largest encoded event: tag + checkpoint id + timestamp + flag. */
export const MAX_EVENT_BYTES = 18;

/** Writes the event with its tag. Bad shapes (e.g. from untyped callers) get an error naming the kind. */
export function encodeStreamEvent(event: StreamEvent, out: DataOutput): void {
  switch (event.kind) {
    case 'watermark':
      out.writeUint8(TAG_WATERMARK);
      out.writeFloat64(event.timestamp);
      return;
    case 'watermark-status':
      out.writeUint8(TAG_WATERMARK_STATUS);
      out.writeUint8(event.idle ? 1 : 0);
      return;
    case 'barrier':
      out.writeUint8(TAG_BARRIER);
      out.writeFloat64(event.checkpointId);
      out.writeFloat64(event.timestamp);
      out.writeUint8(event.unaligned ? 1 : 0);
      return;
    case 'end-of-partition':
      out.writeUint8(TAG_END_OF_PARTITION);
      return;
    default: {
      const unknown: never = event;
      throw new TypeError(
        `encodeStreamEvent: unknown stream event ${JSON.stringify(unknown)}; ` +
          "expected kind 'watermark', 'watermark-status', 'barrier' or 'end-of-partition'",
      );
    }
  }
}

/** Reads the body of an event whose tag was already read. Watermark statuses and end-of-partition are shared. */
export function decodeStreamEventBody(tag: number, input: DataInput): StreamEvent {
  switch (tag) {
    case TAG_WATERMARK:
      return { kind: 'watermark', timestamp: input.readFloat64() };
    case TAG_WATERMARK_STATUS:
      return input.readUint8() === 1 ? WATERMARK_STATUS_IDLE : WATERMARK_STATUS_ACTIVE;
    case TAG_BARRIER: {
      const checkpointId = input.readFloat64();
      const timestamp = input.readFloat64();
      return { kind: 'barrier', checkpointId, timestamp, unaligned: input.readUint8() === 1 };
    }
    case TAG_END_OF_PARTITION:
      return END_OF_PARTITION;
    default:
      throw new RangeError(
        `decodeStreamEvent: unknown entry tag ${tag}; the channel's bytes are corrupt or were written by another format`,
      );
  }
}

export function decodeStreamEvent(input: DataInput): StreamEvent {
  return decodeStreamEventBody(input.readUint8(), input);
}
