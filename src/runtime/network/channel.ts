import type { StreamEvent } from './stream-event.js';

// The two ends of one channel: a (producer subtask, consumer subtask) pair of a JobEdge (Flink: a subpartition and
// its InputChannel). Implementations: shared-channel.ts (between worker threads, encoded buffers in shared memory)
// and local-channel.ts (both subtasks in one worker, batches of objects). All methods are called on the thread of
// the subtask that owns that end, never concurrently.

/** Receives what a gate decodes, synchronously, one entry at a time, in channel order. */
export interface InputHandler {
  onRecord(value: unknown, timestamp: number, channel: number): void;
  /** Events include end-of-partition (once per channel, last). Blocking the channel here stops its delivery. */
  onEvent(event: StreamEvent, channel: number): void;
}

/**
 * The producer's end. Writes never block and never await: the task checks hasCredit() between input records and
 * waits with whenCredit(); what one input record produces beyond the credit goes into a bounded overdraft
 * (overdraft-budget.ts), and past that cap a write throws.
 */
export interface ChannelWriter<T = unknown> {
  /** Appends a record; NO_TIMESTAMP (-Infinity) when it has none. Filled buffers are sent at once. */
  writeRecord(value: T, timestamp: number): void;
  /**
   * Appends an event. In-band events keep their place among the records; barriers and end-of-partition also flush.
   * Priority events (unaligned barriers) go to the priority lane and overtake every buffer not yet read.
   */
  writeEvent(event: StreamEvent, priority: boolean): void;
  /** Sends the partly filled buffer, if any (Flink's output flusher calls this every buffer timeout). */
  flush(): void;
  /** True when the next buffer can be sent within credit (no overdraft in use, a free slot). */
  hasCredit(): boolean;
  /** Resolves once hasCredit() is true (at once if it is); overdraft buffers drain by themselves meanwhile. */
  whenCredit(): Promise<void>;
  /** Ends the channel: writes end-of-partition unless written, flushes, and refuses further writes. */
  close(): void;
  /**
   * Task failure or cancellation: drops unsent and overdraft buffers, stops waiting for credit (so the worker can
   * exit) and refuses further writes. No end-of-partition is sent; the consumer is cancelled with the job.
   */
  abort(): void;
  /** Buffers and payload bytes sent so far (plain fields for metrics; bytes are 0 on local channels). */
  readonly buffersOut: number;
  readonly bytesOut: number;
}

/** The consumer's end, driven by an InputGate. */
export interface ChannelReader {
  /** Set by the gate (barrier alignment): data stops after the current entry; priority events still pass. */
  blocked: boolean;
  /** True once end-of-partition was delivered. */
  readonly finished: boolean;
  readonly buffersIn: number;
  readonly bytesIn: number;
  readonly recordsIn: number;
  /** Delivers the priority events that arrived, oldest first; true if there were any. */
  readPriority(handler: InputHandler, channel: number): boolean;
  /**
   * Delivers the entries of at most one buffer, returning its credit to the producer; stops early at
   * end-of-partition or when the channel got blocked (the rest follows on the next call). True if it made progress.
   */
  readData(handler: InputHandler, channel: number): boolean;
  /** True when readPriority or (unblocked) readData would deliver something now. */
  isAvailable(): boolean;
  /**
   * Resolves when isAvailable() may have become true; spurious wake-ups are allowed. Repeated calls while one is
   * pending return the same promise, so a gate registers once per channel, not once per poll.
   */
  whenAvailable(): Promise<void>;
  /** Stops reading (end of task or cancellation); releases waits so the worker can exit. */
  close(): void;
}
