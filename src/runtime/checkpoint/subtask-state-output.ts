// The growing bytes of one subtask state file while SubtaskStateEncoder writes it: where they are kept (one
// presized buffer, then chunks), the checksums of blocks that span chunks, the footer, and the ways out (one
// array, a list of chunks, or streamed a piece at a time). Contract: task thread only, owned by one encoder.

import { crc32 } from 'node:zlib';
import { ByteWriter } from '../../core/types/bytes.js';
import { type OperatorIndexEntry, writeFooter, writeHeader, writeIndex } from './subtask-state-format.js';

// Output sizing. Every new ArrayBuffer adds to V8's external memory, and V8 answers growth of external memory with
// (incremental) full GCs: over a multi-GiB heap, a fresh 4 MiB chunk per 4 MiB made encoding 3-5x slower (measured,
// see bench/state-snapshot.ts). So after the first SAMPLE_BYTES the encoder estimates the total from the bytes per
// entry so far and allocates one buffer of that size (plus 10%); only if the estimate falls short does it continue
// in CHUNK_BYTES chunks (joined on result()). Nothing is ever copied more than twice.
const SAMPLE_BYTES = 1 << 20;
const CHUNK_BYTES = 4 << 20;
/** Room kept free at the end of a buffer so an entry rarely makes the ByteWriter grow (copy) it. */
const SLACK_BYTES = 256 << 10;
const MAX_BUFFER_BYTES = 2 ** 31;
/** Index bytes to reserve per block and for the rest of the index (names, counts). */
const INDEX_BYTES_PER_BLOCK = 32;
const INDEX_BASE_BYTES = 64 << 10;

/** A block being written: the encoder fills in entries, the output its offset, length and checksum. */
export type Block = { keyGroup: number; offset: number; length: number; entries: number; crc: number };

export class SubtaskStateOutput {
  /** The writer to append to. Replaced when the output rolls: read it again after afterEntry(). */
  out = new ByteWriter(64 << 10);
  private readonly chunks: Uint8Array[] = [];
  /** The output is rolled (presized or chunked) when it reaches this length. */
  private rollAt = SAMPLE_BYTES;
  private presized = false;
  private entriesWritten = 0;
  private totalEntries = 0;
  private indexReserve = INDEX_BASE_BYTES;
  /** Bytes already moved to `chunks`. */
  private flushed = 0;
  /** Where the open block's bytes start in `out` (-1: no open block) and the checksum of its earlier chunks. */
  private blockStart = -1;
  private blockCrc = 0;
  private finished = false;
  private bytes: Uint8Array | undefined = undefined;
  /** Set by takeChunks(): `chunks` no longer holds the whole file. */
  private taken = false;
  /** Bytes at the start of `out` already handed out by takeChunks(). */
  private streamed = 0;

  constructor() {
    writeHeader(this.out);
  }

  /** Announces `entries` more entries and `blocks` more index blocks to come (sizes the presized buffer). */
  expect(entries: number, blocks: number): void {
    this.totalEntries += entries;
    this.indexReserve += INDEX_BYTES_PER_BLOCK * blocks;
  }

  /** Call after writing each entry: counts it and rolls the output when due (which replaces `out`). */
  afterEntry(): void {
    this.entriesWritten++;
    if (this.out.length >= this.rollAt) this.roll();
  }

  /** Counts entries written in one piece (operator state), without rolling. */
  countEntries(entries: number): void {
    this.entriesWritten += entries;
  }

  get isFinished(): boolean {
    return this.finished;
  }

  /** Total bytes so far (the final size once done). */
  get byteLength(): number {
    return this.flushed + this.out.length;
  }

  /** The encoded chunks, in order, without joining them (for writers that take a list). Only when done. */
  resultChunks(): readonly Uint8Array[] {
    this.checkFinished();
    return this.chunks;
  }

  /**
   * The bytes completed since the last call, in file order (see SubtaskStateEncoder.takeChunks). A presized
   * buffer is handed out as views while it fills: bytes before the write position are never rewritten, and a
   * writer that grows copies them, so every view keeps its bytes.
   */
  takeChunks(): Uint8Array[] {
    this.taken = true;
    const taken = this.chunks.splice(0, this.chunks.length);
    const out = this.out;
    if (!this.finished && out.length > this.streamed) {
      // Written bytes are never rewritten, and a writer that grows copies them, so the view stays valid.
      taken.push(out.bytes.subarray(this.streamed, out.length));
      this.streamed = out.length;
    }
    return taken;
  }

  /** The encoded file as one array (joined once, on the first call). Only when done. */
  result(): Uint8Array {
    this.checkFinished();
    if (this.bytes === undefined) {
      if (this.chunks.length === 1) {
        this.bytes = this.chunks[0];
      } else {
        const joined = Buffer.allocUnsafeSlow(this.flushed);
        let at = 0;
        for (const chunk of this.chunks) {
          joined.set(chunk, at);
          at += chunk.length;
        }
        this.bytes = joined;
      }
    }
    return this.bytes;
  }

  private checkFinished(): void {
    if (!this.finished) throw new Error('SubtaskStateEncoder: call encodeSome() until it returns true first');
    if (this.taken) {
      throw new Error('SubtaskStateEncoder: the output was streamed with takeChunks(); take the rest there as well');
    }
  }

  openBlock(block: Block): void {
    block.offset = this.flushed + this.out.length;
    this.blockStart = this.out.length;
    this.blockCrc = 0;
  }

  closeBlock(block: Block): void {
    const out = this.out;
    block.crc = crc32(out.bytes.subarray(this.blockStart, out.length), this.blockCrc);
    block.length = this.flushed + out.length - block.offset;
    this.blockStart = -1;
  }

  /**
   * The first time: moves the sample into one buffer sized for the estimated total (same positions, so the open
   * block's start stays valid). Later: moves the output to `chunks` and starts a fresh writer (no copy).
   */
  private roll(): void {
    if (!this.presized) {
      this.presize();
      return;
    }
    const out = this.out;
    const bytes = out.bytes.subarray(0, out.length);
    if (this.blockStart >= 0) {
      this.blockCrc = crc32(bytes.subarray(this.blockStart), this.blockCrc);
      this.blockStart = 0;
    }
    if (bytes.length > this.streamed) this.chunks.push(bytes.subarray(this.streamed));
    this.flushed += bytes.length;
    this.streamed = 0;
    this.out = new ByteWriter(CHUNK_BYTES + SLACK_BYTES);
    this.rollAt = CHUNK_BYTES;
  }

  private presize(): void {
    const sample = this.out;
    const perEntry = sample.length / Math.max(1, this.entriesWritten);
    const remaining = Math.max(0, this.totalEntries - this.entriesWritten);
    const estimate = sample.length + perEntry * remaining * 1.1 + this.indexReserve + SLACK_BYTES;
    const capacity = Math.min(MAX_BUFFER_BYTES, Math.max(CHUNK_BYTES, Math.ceil(estimate)));
    const next = new ByteWriter(capacity);
    const bytes = sample.bytes;
    for (let i = 0; i < sample.length; i++) next.writeUint8(bytes[i]);
    this.out = next;
    this.presized = true;
    this.rollAt = capacity - SLACK_BYTES;
  }

  /** Writes the index and footer; the file is complete. */
  finish(index: readonly OperatorIndexEntry[]): void {
    if (this.presized && this.out.bytes.length - this.out.length < this.indexReserve) this.roll();
    const out = this.out;
    const indexOffset = this.flushed + out.length;
    const indexStart = out.length;
    writeIndex(out, index);
    const indexLength = out.length - indexStart;
    const indexCrc = crc32(out.bytes.subarray(indexStart, out.length));
    writeFooter(out, indexOffset, indexLength, indexCrc);
    // A small output is copied out of its oversized writer; a presized one is used in place.
    const rest = out.bytes.subarray(this.streamed, out.length);
    const tail = this.presized ? rest : new Uint8Array(rest);
    this.chunks.push(tail);
    this.flushed += out.length;
    this.streamed = 0;
    this.out = new ByteWriter(16);
    this.finished = true;
  }
}
