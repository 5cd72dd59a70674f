import { MAX_EVENT_BYTES } from './stream-event.js';

// The bytes of one network buffer (Flink: a 32 KiB MemorySegment, `taskmanager.memory.segment-size`). A buffer is a
// sequence of entries, each starting with a one-byte tag (stream-event.ts):
//   record:        tag 0                      | uint32 LE payload length | payload (the edge's codec)
//   timed record:  tag 1 | float64 timestamp  | uint32 LE payload length | payload
//   event:         tag 2..5 | event body (never split)
// All numbers are little-endian. An entry's header (and every event) lies inside one buffer; a record payload that
// does not fit runs on into the next buffers (Flink's spanning records), so records of any size pass. The length
// prefix lets the reader reassemble spanning records and check that the codec read exactly what was written.

export const DEFAULT_SEGMENT_SIZE = 32768;

/** Bytes a buffer must have left to start an entry: the largest event, or a timed record's 13-byte header. */
export const ENTRY_HEADER_ROOM = MAX_EVENT_BYTES + 1;

/** The smallest segment size we accept; real ones are 4 KiB..64 KiB. */
export const MIN_SEGMENT_SIZE = 64;

export function checkSegmentSize(segmentSize: number, where: string): number {
  if (!Number.isInteger(segmentSize) || segmentSize < MIN_SEGMENT_SIZE || segmentSize > 1 << 30) {
    throw new RangeError(
      `${where}: segment size must be an integer number of bytes in [${MIN_SEGMENT_SIZE}, 2^30], got ${segmentSize} ` +
        `(Flink's taskmanager.memory.segment-size; the default is ${DEFAULT_SEGMENT_SIZE})`,
    );
  }
  return segmentSize;
}
