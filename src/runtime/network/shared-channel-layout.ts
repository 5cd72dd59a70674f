import { checkSegmentSize, DEFAULT_SEGMENT_SIZE } from './buffer-format.js';

// The shared memory of one cross-thread channel: a single-producer/single-consumer ring of `credits` data slots of
// one segment each, plus a small ring of priority slots for events that overtake data (unaligned barriers).
// Sequence numbers are int32 counters that wrap; only their differences are used, so wrapping is harmless.
//
// control (Int32Array):
//   WRITE_SEQ   data buffers published (producer stores, consumer loads)
//   READ_SEQ    data buffers released (consumer stores and notifies; the producer waits on it for credit)
//   PRIO_WRITE  priority events published;  PRIO_READ  priority events read
//   SIGNAL      bumped by the producer after every publish (either lane); the consumer waits on it
//   CLOSED      set by the consumer when it stops reading: the producer then drops what it writes
//   WRITER, READER  attach flags: a channel has exactly one writer and one reader
//   LENGTHS + i        byte length of data slot i;   PRIO_LENGTHS + j  byte length of priority slot j

export const WRITE_SEQ = 0;
export const READ_SEQ = 1;
export const PRIO_WRITE = 2;
export const PRIO_READ = 3;
export const SIGNAL = 4;
export const CLOSED = 5;
export const WRITER = 6;
export const READER = 7;
export const LENGTHS = 8;

/** Bytes per priority slot: any encoded event fits (MAX_EVENT_BYTES is 18). */
export const PRIORITY_SLOT_BYTES = 32;

/**
 * Data slots (exclusive buffers) per channel. Flink's `taskmanager.network.memory.buffers-per-channel` is 2.
 * Measured with bench/network.ts (5 M records of 33 bytes, medians of 5-7 runs, 2-core machine shared with other
 * work, so noisy): 1 -> 1 with 2 / 4 / 8 slots moved 14.2-16.8 / 15.0-16.7 / 10.2-17.8 M rec/s, and 2 -> 2 hash
 * 10.2-10.9 / 10.6-11.4 / 6.3-11.8 M rec/s. 4 was the best or near it in every round and the steadiest; more does
 * not help because the reader copies each buffer out of its slot before decoding (one more stage of pipelining).
 */
export const DEFAULT_CREDITS = 4;
export const DEFAULT_PRIORITY_SLOTS = 16;
export const MAX_CREDITS = 1024;

/** Plain data (SharedArrayBuffers and numbers): created on the TaskExecutor's main thread and posted to both workers. */
export interface SharedChannelDescriptor {
  readonly kind: 'shared-channel';
  /** For error messages, e.g. "edge e7 (2 -> 1)". */
  readonly name: string;
  readonly control: SharedArrayBuffer;
  readonly data: SharedArrayBuffer;
  readonly priority: SharedArrayBuffer;
  readonly credits: number;
  readonly segmentSize: number;
  readonly prioritySlots: number;
}

export interface SharedChannelOptions {
  readonly name?: string;
  /** Data slots (exclusive buffers) in the ring; default DEFAULT_CREDITS. */
  readonly credits?: number;
  /** Bytes per buffer; default 32768 (`taskmanager.memory.segment-size`). */
  readonly segmentSize?: number;
  /** Priority events that may be in flight at once; default 16. */
  readonly prioritySlots?: number;
}

function checkCount(value: number, max: number, what: string, where: string): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new RangeError(`${where}: ${what} must be an integer in [1, ${max}], got ${value}`);
  }
  return value;
}

export function createSharedChannel(options: SharedChannelOptions = {}): SharedChannelDescriptor {
  const where = 'createSharedChannel';
  const credits = checkCount(options.credits ?? DEFAULT_CREDITS, MAX_CREDITS, 'credits', where);
  const prioritySlots = checkCount(options.prioritySlots ?? DEFAULT_PRIORITY_SLOTS, 1024, 'prioritySlots', where);
  const segmentSize = checkSegmentSize(options.segmentSize ?? DEFAULT_SEGMENT_SIZE, where);
  return {
    kind: 'shared-channel',
    name: options.name ?? 'shared channel',
    control: new SharedArrayBuffer((LENGTHS + credits + prioritySlots) * 4),
    data: new SharedArrayBuffer(credits * segmentSize),
    priority: new SharedArrayBuffer(prioritySlots * PRIORITY_SLOT_BYTES),
    credits,
    segmentSize,
    prioritySlots,
  };
}

/** A descriptor arrives through postMessage from another thread: check its shape before trusting offsets in it. */
export function checkDescriptor(desc: SharedChannelDescriptor, where: string): void {
  const ok =
    desc !== null &&
    typeof desc === 'object' &&
    desc.kind === 'shared-channel' &&
    desc.control instanceof SharedArrayBuffer &&
    desc.data instanceof SharedArrayBuffer &&
    desc.priority instanceof SharedArrayBuffer &&
    Number.isInteger(desc.credits) &&
    Number.isInteger(desc.segmentSize) &&
    Number.isInteger(desc.prioritySlots) &&
    desc.control.byteLength === (LENGTHS + desc.credits + desc.prioritySlots) * 4 &&
    desc.data.byteLength === desc.credits * desc.segmentSize &&
    desc.priority.byteLength === desc.prioritySlots * PRIORITY_SLOT_BYTES;
  if (!ok) {
    throw new TypeError(
      `${where}: not a SharedChannelDescriptor (make it with createSharedChannel() and post it unchanged to the worker)`,
    );
  }
}

/** Claims the writer or reader end; a second claim is a wiring bug (the ring is single-producer/single-consumer). */
export function attach(control: Int32Array, end: typeof WRITER | typeof READER, name: string): void {
  if (Atomics.compareExchange(control, end, 0, 1) !== 0) {
    const role = end === WRITER ? 'writer' : 'reader';
    throw new Error(`${name}: a second ${role} attached; each shared channel has exactly one ${role}`);
  }
}
