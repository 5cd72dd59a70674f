// Bytes of the state one subtask contributes to a checkpoint (OperatorSubtaskState by operator id), and the way
// back. Encoding runs on the task thread in slices (SubtaskStateEncoder.encodeSome) between records; decoding runs
// on restore, before processing starts. Values, keys and namespaces go through one GenericCodec (registered classes
// survive); normalized keys and state namespaces are primitives and come back as the same primitives.
//
// Format (version 1; integers little-endian; varuint/string/float64 as in core/types/bytes.ts):
//   file     := header blocks index footer
//   header   := "WEIRSTAT" uint32 version                                                        (12 bytes)
//   footer   := uint32 indexOffsetLow uint32 indexOffsetHigh uint32 indexLength uint32 crc32(index) "WSTE" (20)
//   index    := varuint operators, each: string operatorId, uint8 parts (1 keyed | 2 timers | 4 operator),
//               [keyed]    varuint maxParallelism, varuint states, each: string name, uint8 kind, groups
//               [timers]   varuint services, each: string name, groups (event time), groups (processing time)
//               [operator] block
//   groups   := varuint count, each: varuint keyGroup, block (ascending key groups)
//   block    := varuint offset, varuint length, varuint entries, uint32 crc32 — a byte range of `blocks`
// Blocks (each decodes alone, so a rescaling reader seeks to the key groups it owns and skips the rest):
//   keyed state   runs of: varuint n, namespace, n × (key, value)   [map values: array of [user key, value]]
//   timers        per entry: float64 timestamp, key, namespace        (the key group is the block's)
//   operator      varuint lists, each: string name, uint8 mode (0 split, 1 union), varuint n, n values;
//                 varuint broadcast states, each: string name, varuint n, n × (key, value)
// Known limit: strings (values and keys alike) travel as UTF-8, so a lone UTF-16 surrogate becomes U+FFFD.

import { crc32 } from 'node:zlib';
import type { KeyGroupRange } from '../../core/key-group.js';
import { ByteReader, ByteWriter } from '../../core/types/bytes.js';
import { GenericCodec } from '../../core/types/generic-codec.js';
import type { KeyedStateSnapshot } from '../state/heap-keyed-state-backend.js';
import type { TimerEntry, TimerServiceSnapshot } from '../state/internal-timer-service.js';
import type { NormalizedKey, NormalizedNamespace } from '../state/key-normalizer.js';
import type { KeyGroupSnapshot, StateEntry, StateKind, StateSnapshot } from '../state/state-table.js';
import type { TimersSnapshot } from '../state/timer-service-manager.js';
import type { OperatorListStateSnapshot, OperatorStateSnapshot, OperatorSubtaskState } from './subtask-state.js';

export const SUBTASK_STATE_FORMAT_VERSION = 1;
const MAGIC = Buffer.from('WEIRSTAT', 'ascii');
const END_MAGIC = Buffer.from('WSTE', 'ascii');
const HEADER_BYTES = MAGIC.length + 4;
const FOOTER_BYTES = 16 + END_MAGIC.length;
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
const KEYED = 1;
const TIMERS = 2;
const OPERATOR = 4;
const KINDS: readonly StateKind[] = ['value', 'list', 'map', 'reducing', 'aggregating'];

/** Where one block's bytes are, how many entries it holds and their checksum. */
export interface BlockLocation {
  readonly offset: number;
  readonly length: number;
  readonly entries: number;
  readonly crc: number;
}

export interface KeyGroupBlock extends BlockLocation {
  readonly keyGroup: number;
}

export interface StateIndexEntry {
  readonly name: string;
  readonly kind: StateKind;
  readonly keyGroups: readonly KeyGroupBlock[];
}

export interface TimerServiceIndexEntry {
  readonly name: string;
  readonly eventTime: readonly KeyGroupBlock[];
  readonly processingTime: readonly KeyGroupBlock[];
}

export interface OperatorIndexEntry {
  readonly operatorId: string;
  readonly keyed?: { readonly maxParallelism: number; readonly states: readonly StateIndexEntry[] };
  readonly timers?: readonly TimerServiceIndexEntry[];
  readonly operator?: BlockLocation;
}

/** The index of a subtask state file: what is in it and where each key group's bytes are. */
export interface SubtaskStateIndex {
  readonly operators: readonly OperatorIndexEntry[];
}

/** A subtask state file that cannot be trusted (truncated, not ours, another version, damaged). */
export class CorruptSubtaskStateError extends Error {
  constructor(
    readonly where: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(
      `Subtask state file '${where}' is unreadable: ${reason}. Restore from an earlier checkpoint or savepoint ` +
        '(or, for a version mismatch, with the Weir version that wrote it).',
      options,
    );
    this.name = 'CorruptSubtaskStateError';
  }
}

type Block = { keyGroup: number; offset: number; length: number; entries: number; crc: number };
type AnyTimer = TimerEntry<unknown, unknown>;

/** Encoding work, in file order. A timers job first buckets its entries by key group, then writes one block each. */
type Job =
  | { readonly type: 'state'; readonly what: string; readonly entries: readonly StateEntry[]; readonly block: Block }
  | {
      readonly type: 'timers';
      readonly what: string;
      readonly timers: readonly AnyTimer[];
      readonly groups: Block[];
      buckets: Map<number, AnyTimer[]> | undefined;
      sorted: (readonly [number, AnyTimer[]])[] | undefined;
    }
  | {
      readonly type: 'operator';
      readonly what: string;
      readonly snapshot: OperatorStateSnapshot;
      readonly block: Block;
    };

function newBlock(keyGroup: number, entries: number): Block {
  return { keyGroup, offset: 0, length: 0, entries, crc: 0 };
}

/**
 * Encodes subtask state a slice at a time. Contract: task thread only; the snapshot's values must stay unchanged
 * until done (state values are immutable by contract, containers were copied at the barrier). Per slice it writes
 * at most `maxEntries` entries (state entries, timers, bucketed timers), except that the operator (non-keyed)
 * state of an operator is written in one slice. A slice may end inside a key group's block; the block continues in
 * the next slice. After encodeSome throws (a value the codec cannot encode) the encoder is unusable: abort the
 * checkpoint.
 */
export class SubtaskStateEncoder {
  private readonly codec = new GenericCodec();
  private readonly chunks: Uint8Array[] = [];
  private readonly index: OperatorIndexEntry[] = [];
  private readonly jobs: Job[] = [];
  private out = new ByteWriter(64 << 10);
  /** The output is rolled (presized or chunked) when it reaches this length. */
  private rollAt = SAMPLE_BYTES;
  private presized = false;
  private entriesWritten = 0;
  private totalEntries = 0;
  private indexReserve = INDEX_BASE_BYTES;
  /** Bytes already moved to `chunks`. */
  private flushed = 0;
  private jobIndex = 0;
  private cursor = 0;
  private jobFinished = false;
  /** Where the open block's bytes start in `out` (-1: no open block) and the checksum of its earlier chunks. */
  private blockStart = -1;
  private blockCrc = 0;
  private finished = false;
  private bytes: Uint8Array | undefined = undefined;

  constructor(states: ReadonlyMap<string, OperatorSubtaskState>) {
    for (let i = 0; i < MAGIC.length; i++) this.out.writeUint8(MAGIC[i]);
    this.out.writeInt32(SUBTASK_STATE_FORMAT_VERSION);
    for (const [operatorId, state] of states) this.index.push(this.plan(operatorId, state));
  }

  /** Encodes up to `maxEntries` more entries (a positive integer or Infinity); true once everything is written. */
  encodeSome(maxEntries: number): boolean {
    if (!(maxEntries >= 1) || (maxEntries !== Number.POSITIVE_INFINITY && !Number.isInteger(maxEntries))) {
      throw new RangeError(`SubtaskStateEncoder.encodeSome: maxEntries must be a positive integer, got ${maxEntries}`);
    }
    let budget = maxEntries;
    while (budget > 0 && this.jobIndex < this.jobs.length) {
      const job = this.jobs[this.jobIndex];
      this.jobFinished = false;
      budget -= this.run(job, budget);
      if (this.jobFinished) {
        this.jobIndex++;
        this.cursor = 0;
      }
    }
    if (this.jobIndex === this.jobs.length && !this.finished) this.finish();
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
  }

  private plan(operatorId: string, state: OperatorSubtaskState): OperatorIndexEntry {
    const at = `operator ${operatorId}`;
    let keyed: OperatorIndexEntry['keyed'];
    if (state.keyed !== undefined) {
      const states: StateIndexEntry[] = [];
      for (const [name, snapshot] of state.keyed.states) {
        const keyGroups: Block[] = [];
        for (const { keyGroup, entries } of snapshot.keyGroups) {
          const block = newBlock(keyGroup, entries.length);
          keyGroups.push(block);
          this.jobs.push({ type: 'state', what: `state '${name}' of ${at}, key group ${keyGroup}`, entries, block });
          this.totalEntries += entries.length;
          this.indexReserve += INDEX_BYTES_PER_BLOCK;
        }
        states.push({ name, kind: snapshot.kind, keyGroups });
      }
      keyed = { maxParallelism: state.keyed.maxParallelism, states };
    }
    let timers: TimerServiceIndexEntry[] | undefined;
    if (state.timers !== undefined) {
      timers = [];
      for (const [name, service] of state.timers) {
        const entry = { name, eventTime: [] as Block[], processingTime: [] as Block[] };
        const what = `timer service '${name}' of ${at}`;
        this.planTimers(`${what} (event time)`, service.eventTime, entry.eventTime);
        this.planTimers(`${what} (processing time)`, service.processingTime, entry.processingTime);
        timers.push(entry);
      }
    }
    let operator: Block | undefined;
    if (state.operator !== undefined) {
      operator = newBlock(-1, 0);
      this.jobs.push({ type: 'operator', what: `operator state of ${at}`, snapshot: state.operator, block: operator });
    }
    return { operatorId, keyed, timers, operator };
  }

  private planTimers(what: string, timers: readonly AnyTimer[], groups: Block[]): void {
    this.jobs.push({ type: 'timers', what, timers, groups, buckets: undefined, sorted: undefined });
    this.totalEntries += timers.length;
  }

  /** Makes progress on `job`; returns the entries it used and sets jobFinished when the job is complete. */
  private run(job: Job, budget: number): number {
    try {
      switch (job.type) {
        case 'state':
          return this.runState(job.entries, job.block, budget);
        case 'timers':
          return this.runTimers(job, budget);
        case 'operator':
          return this.runOperator(job.snapshot, job.block);
        default: {
          const unknownJob: never = job;
          throw new Error(`Unknown encoding job ${(unknownJob as Job).type}`);
        }
      }
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      throw new Error(`Cannot checkpoint ${job.what}: ${message}`, { cause: e });
    }
  }

  private runState(entries: readonly StateEntry[], block: Block, budget: number): number {
    const codec = this.codec;
    const start = this.cursor;
    if (start === 0) this.openBlock(block);
    const limit = Math.min(entries.length, start + budget);
    let i = start;
    while (i < limit) {
      // One namespace per run of equal namespaces (VOID_NAMESPACE, or one window's keys): written once.
      const namespace = entries[i][1];
      let end = i + 1;
      while (end < limit && entries[end][1] === namespace) end++;
      this.out.writeVarUint(end - i);
      codec.encode(namespace, this.out);
      for (; i < end; i++) {
        const entry = entries[i];
        codec.encode(entry[0], this.out);
        codec.encode(entry[2], this.out);
        this.entriesWritten++;
        if (this.out.length >= this.rollAt) this.roll();
      }
    }
    this.cursor = i;
    if (i === entries.length) this.closeBlock(block);
    this.jobFinished = i === entries.length;
    return i - start;
  }

  private runTimers(job: Extract<Job, { type: 'timers' }>, budget: number): number {
    if (job.sorted === undefined) {
      const buckets = (job.buckets ??= new Map());
      const timers = job.timers;
      const limit = Math.min(timers.length, this.cursor + budget);
      const start = this.cursor;
      for (let i = start; i < limit; i++) {
        const timer = timers[i];
        const bucket = buckets.get(timer[3]);
        if (bucket === undefined) buckets.set(timer[3], [timer]);
        else bucket.push(timer);
      }
      this.cursor = limit;
      if (limit === timers.length) {
        job.sorted = Array.from(buckets).sort((a, b) => a[0] - b[0]);
        this.indexReserve += INDEX_BYTES_PER_BLOCK * job.sorted.length;
        job.buckets = undefined;
        this.cursor = 0;
      }
      this.jobFinished = job.sorted !== undefined && job.sorted.length === 0;
      return limit - start;
    }
    return this.writeTimerBucket(job.sorted, job.groups, budget);
  }

  /** Writes timers of the next unfinished bucket (the cursor counts timers of that bucket). */
  private writeTimerBucket(sorted: (readonly [number, AnyTimer[]])[], groups: Block[], budget: number): number {
    const last = groups[groups.length - 1];
    let block = last;
    if (this.cursor === 0) {
      const [keyGroup, timers] = sorted[groups.length];
      block = newBlock(keyGroup, timers.length);
      groups.push(block);
      this.openBlock(block);
    }
    const timers = sorted[groups.length - 1][1];
    const start = this.cursor;
    const limit = Math.min(timers.length, start + budget);
    for (let i = start; i < limit; i++) {
      const timer = timers[i];
      this.out.writeFloat64(timer[0]);
      this.codec.encode(timer[1], this.out);
      this.codec.encode(timer[2], this.out);
      this.entriesWritten++;
      if (this.out.length >= this.rollAt) this.roll();
    }
    this.cursor = limit;
    if (limit === timers.length) {
      this.closeBlock(block);
      this.cursor = 0;
      this.jobFinished = groups.length === sorted.length;
    }
    return limit - start;
  }

  private runOperator(snapshot: OperatorStateSnapshot, block: Block): number {
    const out = this.out;
    const codec = this.codec;
    this.openBlock(block);
    let entries = 0;
    out.writeVarUint(snapshot.lists.size);
    for (const [name, list] of snapshot.lists) {
      out.writeString(name);
      out.writeUint8(list.mode === 'union' ? 1 : 0);
      out.writeVarUint(list.values.length);
      for (const value of list.values) codec.encode(value, out);
      entries += list.values.length;
    }
    out.writeVarUint(snapshot.broadcast.size);
    for (const [name, pairs] of snapshot.broadcast) {
      out.writeString(name);
      out.writeVarUint(pairs.length);
      for (const [key, value] of pairs) {
        codec.encode(key, out);
        codec.encode(value, out);
      }
      entries += pairs.length;
    }
    block.entries = entries;
    this.entriesWritten += entries;
    this.closeBlock(block);
    this.jobFinished = true;
    return entries;
  }

  private openBlock(block: Block): void {
    block.offset = this.flushed + this.out.length;
    this.blockStart = this.out.length;
    this.blockCrc = 0;
  }

  private closeBlock(block: Block): void {
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
    this.chunks.push(bytes);
    this.flushed += bytes.length;
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

  private finish(): void {
    if (this.presized && this.out.bytes.length - this.out.length < this.indexReserve) this.roll();
    const out = this.out;
    const indexOffset = this.flushed + out.length;
    const indexStart = out.length;
    writeIndex(out, this.index);
    const indexLength = out.length - indexStart;
    const indexCrc = crc32(out.bytes.subarray(indexStart, out.length));
    out.writeInt32((indexOffset % 2 ** 32) | 0);
    out.writeInt32(Math.floor(indexOffset / 2 ** 32));
    out.writeInt32(indexLength | 0);
    out.writeInt32(indexCrc | 0);
    for (let i = 0; i < END_MAGIC.length; i++) out.writeUint8(END_MAGIC[i]);
    // A small output is copied out of its oversized writer; a presized one is used in place.
    const tail = this.presized ? out.bytes.subarray(0, out.length) : out.toUint8Array();
    this.chunks.push(tail);
    this.flushed += tail.length;
    this.out = new ByteWriter(16);
    this.finished = true;
  }
}

function writeBlock(out: ByteWriter, block: BlockLocation): void {
  out.writeVarUint(block.offset);
  out.writeVarUint(block.length);
  out.writeVarUint(block.entries);
  out.writeInt32(block.crc | 0);
}

function writeGroups(out: ByteWriter, groups: readonly KeyGroupBlock[]): void {
  out.writeVarUint(groups.length);
  for (const group of groups) {
    out.writeVarUint(group.keyGroup);
    writeBlock(out, group);
  }
}

function writeIndex(out: ByteWriter, operators: readonly OperatorIndexEntry[]): void {
  out.writeVarUint(operators.length);
  for (const op of operators) {
    out.writeString(op.operatorId);
    const parts =
      (op.keyed === undefined ? 0 : KEYED) | (op.timers === undefined ? 0 : TIMERS) | (op.operator ? OPERATOR : 0);
    out.writeUint8(parts);
    if (op.keyed !== undefined) {
      out.writeVarUint(op.keyed.maxParallelism);
      out.writeVarUint(op.keyed.states.length);
      for (const state of op.keyed.states) {
        out.writeString(state.name);
        out.writeUint8(KINDS.indexOf(state.kind));
        writeGroups(out, state.keyGroups);
      }
    }
    if (op.timers !== undefined) {
      out.writeVarUint(op.timers.length);
      for (const service of op.timers) {
        out.writeString(service.name);
        writeGroups(out, service.eventTime);
        writeGroups(out, service.processingTime);
      }
    }
    if (op.operator !== undefined) writeBlock(out, op.operator);
  }
}

/** Encodes all of `states` (by operator id) at once; see SubtaskStateEncoder for encoding between records. */
export function encodeSubtaskState(states: ReadonlyMap<string, OperatorSubtaskState>): Uint8Array {
  const encoder = new SubtaskStateEncoder(states);
  encoder.encodeSome(Number.POSITIVE_INFINITY);
  return encoder.result();
}

function corrupt(where: string, reason: string, cause?: unknown): CorruptSubtaskStateError {
  return new CorruptSubtaskStateError(where, reason, cause === undefined ? undefined : { cause });
}

/**
 * Reads and checks the header, footer and index of a subtask state file without decoding any block: a rescaling
 * or incremental reader finds the key groups it needs here. `where` names the file in errors.
 */
export function readSubtaskStateIndex(bytes: Uint8Array, where: string): SubtaskStateIndex {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < HEADER_BYTES || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw corrupt(where, `it does not start with the Weir state file marker (${buf.length} bytes; not a state file?)`);
  }
  const version = buf.readUInt32LE(MAGIC.length);
  if (version !== SUBTASK_STATE_FORMAT_VERSION) {
    throw corrupt(where, `it has format version ${version}, this Weir reads version ${SUBTASK_STATE_FORMAT_VERSION}`);
  }
  if (buf.length < HEADER_BYTES + FOOTER_BYTES || !buf.subarray(buf.length - END_MAGIC.length).equals(END_MAGIC)) {
    throw corrupt(where, `it has no end marker: it is truncated (${buf.length} bytes) or was never completely written`);
  }
  const footer = buf.length - FOOTER_BYTES;
  const indexOffset = buf.readUInt32LE(footer) + buf.readUInt32LE(footer + 4) * 2 ** 32;
  const indexLength = buf.readUInt32LE(footer + 8);
  if (indexOffset < HEADER_BYTES || indexOffset + indexLength !== footer) {
    throw corrupt(
      where,
      `its footer points to an index at ${indexOffset} (+${indexLength}) that does not end at ${footer}`,
    );
  }
  if (crc32(buf.subarray(indexOffset, footer)) !== buf.readUInt32LE(footer + 12)) {
    throw corrupt(where, 'the checksum of its index does not match (the file was damaged)');
  }
  try {
    return readIndex(new ByteReader(bytes, indexOffset, footer), indexOffset);
  } catch (e) {
    if (e instanceof RangeError) throw corrupt(where, `its index is malformed: ${e.message}`, e);
    throw e;
  }
}

function readBlock(input: ByteReader, blocksEnd: number): BlockLocation {
  const offset = input.readVarUint();
  const length = input.readVarUint();
  const entries = input.readVarUint();
  const crc = input.readInt32() >>> 0;
  if (offset < HEADER_BYTES || offset + length > blocksEnd) {
    throw new RangeError(
      `a block at ${offset} (+${length} bytes) lies outside the data area [${HEADER_BYTES}, ${blocksEnd})`,
    );
  }
  return { offset, length, entries, crc };
}

function readGroups(input: ByteReader, blocksEnd: number): KeyGroupBlock[] {
  const groups: KeyGroupBlock[] = [];
  for (let n = input.readVarUint(); n > 0; n--) {
    const keyGroup = input.readVarUint();
    groups.push({ keyGroup, ...readBlock(input, blocksEnd) });
  }
  return groups;
}

function readIndex(input: ByteReader, blocksEnd: number): SubtaskStateIndex {
  const operators: OperatorIndexEntry[] = [];
  for (let n = input.readVarUint(); n > 0; n--) {
    const operatorId = input.readString();
    const parts = input.readUint8();
    if (parts > (KEYED | TIMERS | OPERATOR)) throw new RangeError(`operator ${operatorId} has unknown parts ${parts}`);
    let keyed: OperatorIndexEntry['keyed'];
    if ((parts & KEYED) !== 0) {
      const maxParallelism = input.readVarUint();
      const states: StateIndexEntry[] = [];
      for (let s = input.readVarUint(); s > 0; s--) {
        const name = input.readString();
        const code = input.readUint8();
        if (code >= KINDS.length) throw new RangeError(`state '${name}' has unknown kind ${code}`);
        states.push({ name, kind: KINDS[code], keyGroups: readGroups(input, blocksEnd) });
      }
      keyed = { maxParallelism, states };
    }
    let timers: TimerServiceIndexEntry[] | undefined;
    if ((parts & TIMERS) !== 0) {
      timers = [];
      for (let s = input.readVarUint(); s > 0; s--) {
        const name = input.readString();
        timers.push({ name, eventTime: readGroups(input, blocksEnd), processingTime: readGroups(input, blocksEnd) });
      }
    }
    const operator = (parts & OPERATOR) !== 0 ? readBlock(input, blocksEnd) : undefined;
    operators.push({ operatorId, keyed, timers, operator });
  }
  if (input.remaining !== 0) throw new RangeError(`${input.remaining} bytes follow the end of the index`);
  return { operators };
}

/** Decodes blocks of one file: checks each block's checksum and that its entries use exactly its bytes. */
class BlockReader {
  private readonly codec = new GenericCodec();
  private readonly input = new ByteReader();

  constructor(
    private readonly bytes: Uint8Array,
    private readonly where: string,
  ) {}

  stateEntries(block: KeyGroupBlock, what: string): StateEntry[] {
    this.open(block, what);
    const { codec, input } = this;
    const entries: StateEntry[] = [];
    try {
      while (entries.length < block.entries) {
        const run = input.readVarUint();
        if (run === 0 || run > block.entries - entries.length) {
          throw new RangeError(`a run of ${run} entries where ${block.entries - entries.length} remain`);
        }
        const namespace = codec.decode(input) as NormalizedNamespace;
        for (let i = 0; i < run; i++) {
          const key = codec.decode(input) as NormalizedKey;
          entries.push([key, namespace, codec.decode(input)]);
        }
      }
      this.close();
    } catch (e) {
      throw this.failed(e, what);
    }
    return entries;
  }

  timers(block: KeyGroupBlock, what: string, into: AnyTimer[]): void {
    this.open(block, what);
    const { codec, input } = this;
    try {
      for (let i = 0; i < block.entries; i++) {
        const timestamp = input.readFloat64();
        const key = codec.decode(input);
        into.push([timestamp, key, codec.decode(input), block.keyGroup]);
      }
      this.close();
    } catch (e) {
      throw this.failed(e, what);
    }
  }

  operatorState(block: BlockLocation, what: string): OperatorStateSnapshot {
    this.open(block, what);
    const { codec, input } = this;
    const lists = new Map<string, OperatorListStateSnapshot>();
    const broadcast = new Map<string, (readonly [unknown, unknown])[]>();
    let entries = 0;
    try {
      for (let n = input.readVarUint(); n > 0; n--) {
        const name = input.readString();
        const mode = input.readUint8();
        if (mode > 1) throw new RangeError(`list state '${name}' has unknown mode ${mode}`);
        const values: unknown[] = [];
        for (let i = input.readVarUint(); i > 0; i--) values.push(codec.decode(input));
        lists.set(name, { mode: mode === 1 ? 'union' : 'split', values });
        entries += values.length;
      }
      for (let n = input.readVarUint(); n > 0; n--) {
        const name = input.readString();
        const pairs: (readonly [unknown, unknown])[] = [];
        for (let i = input.readVarUint(); i > 0; i--) pairs.push([codec.decode(input), codec.decode(input)]);
        broadcast.set(name, pairs);
        entries += pairs.length;
      }
      if (entries !== block.entries) throw new RangeError(`${entries} entries where the index says ${block.entries}`);
      this.close();
    } catch (e) {
      throw this.failed(e, what);
    }
    return { lists, broadcast };
  }

  private open(block: BlockLocation, what: string): void {
    const end = block.offset + block.length;
    if (crc32(this.bytes.subarray(block.offset, end)) !== block.crc) {
      throw corrupt(this.where, `the checksum of ${what} does not match (the file was damaged)`);
    }
    this.input.reset(this.bytes, block.offset, end);
  }

  private close(): void {
    if (this.input.remaining !== 0) throw new RangeError(`${this.input.remaining} bytes follow the last entry`);
  }

  /** Bad bytes (RangeError) mean a corrupt file; anything else (e.g. an unregistered class) is passed on. */
  private failed(e: unknown, what: string): Error {
    if (e instanceof CorruptSubtaskStateError) return e;
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof RangeError) return corrupt(this.where, `${what} is malformed: ${message}`, e);
    return new Error(`Cannot restore ${what} from '${this.where}': ${message}`, { cause: e });
  }
}

function decodeKeyed(
  reader: BlockReader,
  op: OperatorIndexEntry,
  keyed: NonNullable<OperatorIndexEntry['keyed']>,
  wanted: (keyGroup: number) => boolean,
): KeyedStateSnapshot {
  const states = new Map<string, StateSnapshot>();
  for (const state of keyed.states) {
    const keyGroups: KeyGroupSnapshot[] = [];
    for (const block of state.keyGroups) {
      if (!wanted(block.keyGroup)) continue;
      const what = `state '${state.name}' of operator ${op.operatorId}, key group ${block.keyGroup}`;
      keyGroups.push({ keyGroup: block.keyGroup, entries: reader.stateEntries(block, what) });
    }
    states.set(state.name, { kind: state.kind, keyGroups });
  }
  return { maxParallelism: keyed.maxParallelism, states };
}

function decodeTimers(
  reader: BlockReader,
  op: OperatorIndexEntry,
  services: readonly TimerServiceIndexEntry[],
  wanted: (keyGroup: number) => boolean,
): TimersSnapshot {
  const byTime = (a: AnyTimer, b: AnyTimer) => a[0] - b[0];
  const read = (groups: readonly KeyGroupBlock[], what: string): AnyTimer[] => {
    const timers: AnyTimer[] = [];
    for (const block of groups)
      if (wanted(block.keyGroup)) reader.timers(block, `${what}, key group ${block.keyGroup}`, timers);
    // Blocks are per key group; a snapshot lists timers in firing order (a stable sort keeps ties as written).
    return timers.sort(byTime);
  };
  const out = new Map<string, TimerServiceSnapshot<unknown, unknown>>();
  for (const service of services) {
    const what = `timer service '${service.name}' of operator ${op.operatorId}`;
    out.set(service.name, {
      eventTime: read(service.eventTime, `${what} (event time)`),
      processingTime: read(service.processingTime, `${what} (processing time)`),
    });
  }
  return out;
}

/**
 * Decodes a file written by encodeSubtaskState/SubtaskStateEncoder back to subtask state by operator id. With
 * `keyGroups`, keyed state and timers of other key groups are skipped without being decoded (rescaling); operator
 * state is always decoded. Throws CorruptSubtaskStateError (naming `where`) for truncated or damaged files.
 */
export function decodeSubtaskState(
  bytes: Uint8Array,
  where: string,
  keyGroups?: KeyGroupRange,
): Map<string, OperatorSubtaskState> {
  const index = readSubtaskStateIndex(bytes, where);
  const reader = new BlockReader(bytes, where);
  const wanted = keyGroups === undefined ? () => true : (keyGroup: number) => keyGroups.contains(keyGroup);
  const out = new Map<string, OperatorSubtaskState>();
  for (const op of index.operators) {
    const keyed = op.keyed === undefined ? undefined : decodeKeyed(reader, op, op.keyed, wanted);
    const timers = op.timers === undefined ? undefined : decodeTimers(reader, op, op.timers, wanted);
    const operator =
      op.operator === undefined ? undefined : reader.operatorState(op.operator, `operator state of ${op.operatorId}`);
    const state: { -readonly [P in keyof OperatorSubtaskState]: OperatorSubtaskState[P] } = {};
    if (keyed !== undefined) state.keyed = keyed;
    if (timers !== undefined) state.timers = timers;
    if (operator !== undefined) state.operator = operator;
    out.set(op.operatorId, state);
  }
  return out;
}
