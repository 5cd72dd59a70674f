import { ByteWriter } from '../../core/types/bytes.js';
import type { Codec } from '../../core/types/codec.js';
import { waitForChange } from './atomic-wait.js';
import { BufferEncoder, type BufferSink } from './buffer-encoder.js';
import type { ChannelWriter } from './channel.js';
import { OverdraftBudget } from './overdraft-budget.js';
import {
  attach,
  CLOSED,
  checkDescriptor,
  LENGTHS,
  PRIO_READ,
  PRIO_WRITE,
  PRIORITY_SLOT_BYTES,
  READ_SEQ,
  type SharedChannelDescriptor,
  SIGNAL,
  WRITE_SEQ,
  WRITER,
} from './shared-channel-layout.js';
import { encodeStreamEvent, type StreamEvent } from './stream-event.js';

/**
 * The producer's end of a shared channel, created in the producer subtask's worker from the posted descriptor.
 * Records are encoded into an unfinished buffer; a finished buffer is copied into the next free slot of the ring,
 * or, without credit, into an overdraft segment that drains into the ring by itself as the consumer frees slots.
 *
 * Contract: used only on the producer's thread. Writes never block; they throw only past the overdraft cap.
 */
export class SharedChannelWriter<T> implements ChannelWriter<T> {
  buffersOut = 0;
  bytesOut = 0;
  private readonly name: string;
  private readonly control: Int32Array;
  private readonly data: Uint8Array;
  private readonly priority: Uint8Array;
  private readonly credits: number;
  private readonly segmentSize: number;
  private readonly prioritySlots: number;
  private readonly encoder: BufferEncoder<T>;
  private readonly sink: BufferSink = { acceptBuffer: (b, from, to) => this.acceptBuffer(b, from, to) };
  private writeSeq = 0;
  private slot = 0;
  private prioWriteSeq = 0;
  private prioSlot = 0;
  private readonly prioOut = new ByteWriter(64);
  /** Finished buffers waiting for credit (each holds one overdraft buffer of the budget), oldest first. */
  private readonly queue: Uint8Array[] = [];
  private readonly queueLengths: number[] = [];
  private readonly spare: Uint8Array[] = [];
  private creditWait: Promise<void> | undefined;
  private closing = false;
  private closed = false;
  private aborted = false;

  constructor(
    desc: SharedChannelDescriptor,
    codec: Codec<T>,
    private readonly budget: OverdraftBudget = new OverdraftBudget(),
  ) {
    checkDescriptor(desc, 'SharedChannelWriter');
    this.name = desc.name;
    this.control = new Int32Array(desc.control);
    this.data = new Uint8Array(desc.data);
    this.priority = new Uint8Array(desc.priority);
    this.credits = desc.credits;
    this.segmentSize = desc.segmentSize;
    this.prioritySlots = desc.prioritySlots;
    attach(this.control, WRITER, this.name);
    this.encoder = new BufferEncoder(codec, this.sink, desc.segmentSize);
  }

  writeRecord(value: T, timestamp: number): void {
    if (this.closed) throw this.closedError();
    this.encoder.writeRecord(value, timestamp);
  }

  writeEvent(event: StreamEvent, priority: boolean): void {
    if (this.closed) throw this.closedError();
    if (event.kind === 'end-of-partition') {
      this.close();
    } else if (priority) {
      this.writePriority(event);
    } else {
      this.encoder.writeEvent(event);
      // Flink sends events in their own buffer at once; barriers must not wait for the buffer timeout.
      if (event.kind === 'barrier') this.encoder.flush();
    }
  }

  flush(): void {
    if (!this.closed) this.encoder.flush();
  }

  hasCredit(): boolean {
    if (this.aborted) return true;
    return this.queue.length === 0 && (this.freeSlots() > 0 || this.consumerClosed());
  }

  whenCredit(): Promise<void> {
    return this.hasCredit() ? Promise.resolve() : this.waitForCredit();
  }

  close(): void {
    if (this.closed) return;
    // end-of-partition may go beyond the overdraft cap: it is one small buffer and the task is done.
    this.closing = true;
    this.encoder.writeEvent({ kind: 'end-of-partition' });
    this.encoder.flush();
    this.closed = true;
  }

  abort(): void {
    this.closed = true;
    this.aborted = true;
    while (this.queue.length > 0) this.dropHead();
    // Wake our own pending credit wait so its hold on the thread ends.
    if (this.creditWait !== undefined) Atomics.notify(this.control, READ_SEQ);
  }

  /** Buffers written but not yet in the ring (overdraft); the producer's worker stays alive until they drain. */
  get pendingBuffers(): number {
    return this.queue.length;
  }

  private async waitForCredit(): Promise<void> {
    while (!this.hasCredit()) await this.armCreditWait();
  }

  private freeSlots(): number {
    return this.credits - ((this.writeSeq - Atomics.load(this.control, READ_SEQ)) | 0);
  }

  private consumerClosed(): boolean {
    return Atomics.load(this.control, CLOSED) !== 0;
  }

  private acceptBuffer(bytes: Uint8Array, from: number, to: number): void {
    if (this.aborted) return;
    if (this.queue.length === 0 && this.freeSlots() > 0) {
      this.publish(bytes, from, to);
      return;
    }
    if (this.consumerClosed()) return; // nobody reads any more (cancellation): drop
    this.budget.acquire(this.name, this.closing);
    const segment = this.spare.pop() ?? new Uint8Array(this.segmentSize);
    segment.set(bytes.subarray(from, to));
    this.queue.push(segment);
    this.queueLengths.push(to - from);
    void this.armCreditWait();
  }

  /** Copies one buffer into the next slot and tells the consumer. Requires a free slot. */
  private publish(bytes: Uint8Array, from: number, to: number): void {
    const length = to - from;
    const slot = this.slot;
    this.data.set(bytes.subarray(from, to), slot * this.segmentSize);
    this.control[LENGTHS + slot] = length;
    this.slot = slot + 1 === this.credits ? 0 : slot + 1;
    this.writeSeq = (this.writeSeq + 1) | 0;
    // The seq-cst store orders the slot's bytes and length before the consumer's load of WRITE_SEQ.
    Atomics.store(this.control, WRITE_SEQ, this.writeSeq);
    this.signal();
    this.buffersOut++;
    this.bytesOut += length;
  }

  private signal(): void {
    Atomics.add(this.control, SIGNAL, 1);
    Atomics.notify(this.control, SIGNAL);
  }

  /** Moves overdraft buffers into free slots, oldest first. */
  private drain(): void {
    if (this.consumerClosed()) {
      while (this.queue.length > 0) this.dropHead();
      return;
    }
    while (this.queue.length > 0 && this.freeSlots() > 0) {
      const segment = this.queue[0];
      this.publish(segment, 0, this.queueLengths[0]);
      this.dropHead();
    }
  }

  private dropHead(): void {
    const segment = this.queue.shift();
    this.queueLengths.shift();
    if (segment !== undefined) this.spare.push(segment);
    this.budget.release();
  }

  /** One pending wait on READ_SEQ at a time; each wake-up drains, and re-arms while overdraft remains. */
  private armCreditWait(): Promise<void> {
    if (this.creditWait !== undefined) return this.creditWait;
    for (;;) {
      // Load before checking: a release between the check and the wait then makes waitAsync return at once.
      const seen = Atomics.load(this.control, READ_SEQ);
      this.drain();
      if (this.queue.length === 0 && (this.freeSlots() > 0 || this.consumerClosed())) return Promise.resolve();
      const wait = waitForChange(this.control, READ_SEQ, seen);
      if (wait !== undefined) {
        this.creditWait = wait.then(() => this.onCredit());
        return this.creditWait;
      }
    }
  }

  private onCredit(): void {
    this.creditWait = undefined;
    if (this.aborted) return;
    this.drain();
    if (this.queue.length > 0) void this.armCreditWait();
  }

  private writePriority(event: StreamEvent): void {
    const inFlight = (this.prioWriteSeq - Atomics.load(this.control, PRIO_READ)) | 0;
    if (inFlight >= this.prioritySlots) {
      throw new Error(
        `${this.name}: priority lane full: ${inFlight} priority events not yet read by the consumer ` +
          `(prioritySlots = ${this.prioritySlots}); too many concurrent unaligned checkpoints for a stalled consumer`,
      );
    }
    const out = this.prioOut;
    out.reset();
    encodeStreamEvent(event, out);
    const slot = this.prioSlot;
    this.priority.set(out.bytes.subarray(0, out.length), slot * PRIORITY_SLOT_BYTES);
    this.control[LENGTHS + this.credits + slot] = out.length;
    this.prioSlot = slot + 1 === this.prioritySlots ? 0 : slot + 1;
    this.prioWriteSeq = (this.prioWriteSeq + 1) | 0;
    Atomics.store(this.control, PRIO_WRITE, this.prioWriteSeq);
    this.signal();
  }

  private closedError(): Error {
    return new Error(`${this.name}: write after close (end-of-partition was already sent)`);
  }
}
