import { ByteReader } from '../../core/types/bytes.js';
import type { Codec } from '../../core/types/codec.js';
import { waitForChange } from './atomic-wait.js';
import { BufferDecoder, type DecodeControl } from './buffer-decoder.js';
import type { ChannelReader, InputHandler } from './channel.js';
import {
  attach,
  CLOSED,
  checkDescriptor,
  LENGTHS,
  PRIO_READ,
  PRIO_WRITE,
  PRIORITY_SLOT_BYTES,
  READ_SEQ,
  READER,
  type SharedChannelDescriptor,
  SIGNAL,
  WRITE_SEQ,
} from './shared-channel-layout.js';
import { decodeStreamEvent } from './stream-event.js';

const RESOLVED: Promise<void> = Promise.resolve();
/** For a finished channel: nothing will ever arrive, and waiting on it must not keep the worker alive. */
const NEVER: Promise<void> = new Promise<void>(() => {});

/**
 * The consumer's end of a shared channel, created in the consumer subtask's worker from the posted descriptor.
 * Each data buffer is copied out of its slot before decoding and the slot is released at once, so the producer
 * refills it while this thread decodes (the copy costs ~1 µs per 32 KiB; credit returns a whole decode earlier).
 *
 * Contract: used only on the consumer's thread, by one InputGate.
 */
export class SharedChannelReader<T> implements ChannelReader, DecodeControl {
  blocked = false;
  finished = false;
  buffersIn = 0;
  bytesIn = 0;
  private readonly control: Int32Array;
  private readonly data: Uint8Array;
  private readonly priority: Uint8Array;
  private readonly credits: number;
  private readonly segmentSize: number;
  private readonly prioritySlots: number;
  private readonly decoder: BufferDecoder<T>;
  private readonly local: Uint8Array;
  private readonly prioReader = new ByteReader();
  private readSeq = 0;
  private slot = 0;
  private prioReadSeq = 0;
  private prioSlot = 0;
  private pending: Promise<void> | undefined;
  private readonly clearPending = (): void => {
    this.pending = undefined;
  };
  private closed = false;

  constructor(desc: SharedChannelDescriptor, codec: Codec<T>) {
    checkDescriptor(desc, 'SharedChannelReader');
    this.control = new Int32Array(desc.control);
    this.data = new Uint8Array(desc.data);
    this.priority = new Uint8Array(desc.priority);
    this.credits = desc.credits;
    this.segmentSize = desc.segmentSize;
    this.prioritySlots = desc.prioritySlots;
    attach(this.control, READER, desc.name);
    this.decoder = new BufferDecoder(codec);
    this.local = new Uint8Array(desc.segmentSize);
  }

  get recordsIn(): number {
    return this.decoder.recordsIn;
  }

  readPriority(handler: InputHandler, channel: number): boolean {
    const published = Atomics.load(this.control, PRIO_WRITE);
    if (published === this.prioReadSeq) return false;
    while (this.prioReadSeq !== published) {
      const slot = this.prioSlot;
      const start = slot * PRIORITY_SLOT_BYTES;
      this.prioReader.reset(this.priority, start, start + this.control[LENGTHS + this.credits + slot]);
      const event = decodeStreamEvent(this.prioReader);
      this.prioSlot = slot + 1 === this.prioritySlots ? 0 : slot + 1;
      this.prioReadSeq = (this.prioReadSeq + 1) | 0;
      Atomics.store(this.control, PRIO_READ, this.prioReadSeq);
      handler.onEvent(event, channel);
    }
    return true;
  }

  readData(handler: InputHandler, channel: number): boolean {
    if (this.blocked || this.finished) return false;
    const decoder = this.decoder;
    if (!decoder.hasRemaining && !this.takeBuffer()) return false;
    decoder.decode(handler, channel, this);
    if (decoder.ended) this.finished = true;
    return true;
  }

  /** Copies the next published buffer out of its slot and releases the slot; false if none is published. */
  private takeBuffer(): boolean {
    if (Atomics.load(this.control, WRITE_SEQ) === this.readSeq) return false;
    const slot = this.slot;
    const length = this.control[LENGTHS + slot];
    const start = slot * this.segmentSize;
    this.local.set(this.data.subarray(start, start + length));
    this.slot = slot + 1 === this.credits ? 0 : slot + 1;
    this.readSeq = (this.readSeq + 1) | 0;
    Atomics.store(this.control, READ_SEQ, this.readSeq);
    Atomics.notify(this.control, READ_SEQ);
    this.buffersIn++;
    this.bytesIn += length;
    this.decoder.setBuffer(this.local, length);
    return true;
  }

  isAvailable(): boolean {
    if (Atomics.load(this.control, PRIO_WRITE) !== this.prioReadSeq) return true;
    if (this.blocked || this.finished) return false;
    return this.decoder.hasRemaining || Atomics.load(this.control, WRITE_SEQ) !== this.readSeq;
  }

  whenAvailable(): Promise<void> {
    if (this.pending !== undefined) return this.pending;
    if (this.closed) return RESOLVED;
    // Load the signal before checking, so a publish in between makes waitAsync return at once.
    const seen = Atomics.load(this.control, SIGNAL);
    if (this.isAvailable()) return RESOLVED;
    if (this.finished) return NEVER;
    const wait = waitForChange(this.control, SIGNAL, seen);
    if (wait === undefined) return RESOLVED;
    this.pending = wait.then(this.clearPending);
    return this.pending;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.control, CLOSED, 1);
    // Wake a producer waiting for credit (it drops what it writes from now on) and our own pending wait.
    Atomics.notify(this.control, READ_SEQ);
    Atomics.add(this.control, SIGNAL, 1);
    Atomics.notify(this.control, SIGNAL);
  }
}
