// The layout of a subtask state file (the bytes of the state one subtask contributes to a checkpoint), shared by
// subtask-state-encoder.ts and subtask-state-decoder.ts: constants, header, footer and index, and the error for files
// that cannot be trusted. Pure functions; any thread.
//
// Format (version 5; integers little-endian; varuint/string/float64 as in core/types/bytes.ts):
//   file     := header blocks index footer
//   header   := "WEIRSTAT" uint32 version                                                        (12 bytes)
//   footer   := uint32 indexOffsetLow uint32 indexOffsetHigh uint32 indexLength uint32 crc32(index) "WSTE" (20)
//   index    := varuint operators, each: string operatorId, uint8 parts (1 keyed | 2 timers | 4 operator),
//               [keyed]    varuint maxParallelism, varuint states, each: string name, uint8 kind, string schema,
//                          groups, removed groups   (schema: the state's declared type, `describe()` of its
//                          TypeInformation, or ""; removed groups: tombstones of an increment, empty in full files)
//               [timers]   varuint services, each: string name, groups (event time), groups (processing time)
//               [operator] block
//   kind     := code (0 value, 1 list, 2 map, 3 reducing, 4 aggregating) | 0x80 when the state has TTL timestamps
//   groups   := varuint count, each: varuint keyGroup, block (ascending key groups)
//   block    := varuint offset, varuint length, varuint entries, uint32 crc32 — a byte range of `blocks`
// Blocks (each decodes alone, so a rescaling reader seeks to the key groups it owns and skips the rest):
//   keyed state   runs of: varuint n, namespace, n × (key, value[, ttl])   [map values: array of [user key, value]]
//                 ttl (TTL states only): float64 (value, reducing, aggregating) | varuint m, m × float64 (list, map:
//                 one last-access time per element or map entry)
//   tombstones    runs of: varuint n, namespace, n × key   (keys removed since the checkpoint an increment builds on)
//   timers        per entry: float64 timestamp, key, namespace        (the key group is the block's)
//   operator      varuint lists, each: string name, uint8 mode (0 split, 1 union), varuint n, n values;
//                 varuint broadcast states, each: string name, varuint n, n × (key, value)
// Version history: 1 had no TTL bit and no ttl fields (TTL timestamps were lost); 2 adds them; 3 adds schemas;
// 4 shares object shapes within a keyed-state block (GenericCodec.startGroup: field names once per block); 5 adds
// removed groups (incremental checkpoints). Version 4 files are still read (they have no removed groups).
// Known limit: strings (values and keys alike) travel as UTF-8, so a lone UTF-16 surrogate becomes U+FFFD.

import type { ByteReader, ByteWriter } from '../../core/types/bytes.js';
import type { StateKind } from '../state/state-table.js';

export const SUBTASK_STATE_FORMAT_VERSION = 5;
/** The oldest version this Weir reads. */
const OLDEST_READABLE_VERSION = 4;
export const MAGIC = Buffer.from('WEIRSTAT', 'ascii');
export const END_MAGIC = Buffer.from('WSTE', 'ascii');
export const HEADER_BYTES = MAGIC.length + 4;
export const FOOTER_BYTES = 16 + END_MAGIC.length;
export const KEYED = 1;
export const TIMERS = 2;
export const OPERATOR = 4;
export const KINDS: readonly StateKind[] = ['value', 'list', 'map', 'reducing', 'aggregating'];
/** Set in a state's kind byte when its blocks carry TTL timestamps. */
const TTL_BIT = 0x80;

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
  /** True when every entry of the state's blocks is followed by its TTL timestamps. */
  readonly ttl: boolean;
  /** The declared type of the state's values (a restore with another type is refused); '' when undeclared. */
  readonly schema: string;
  readonly keyGroups: readonly KeyGroupBlock[];
  /** Incremental files: per key group, the block of keys removed since the checkpoint the file builds on. */
  readonly removed: readonly KeyGroupBlock[];
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

export function corrupt(where: string, reason: string, cause?: unknown): CorruptSubtaskStateError {
  return new CorruptSubtaskStateError(where, reason, cause === undefined ? undefined : { cause });
}

/** The index's byte range [start, end) and its checksum as the footer states it. */
export interface IndexLocation {
  readonly start: number;
  readonly end: number;
  readonly crc: number;
  /** The file's format version (one this Weir reads). */
  readonly version: number;
}

export function writeHeader(out: ByteWriter): void {
  for (let i = 0; i < MAGIC.length; i++) out.writeUint8(MAGIC[i]);
  out.writeInt32(SUBTASK_STATE_FORMAT_VERSION);
}

/** Writes the footer of an index that starts at file offset `indexOffset` and is `indexLength` bytes long. */
export function writeFooter(out: ByteWriter, indexOffset: number, indexLength: number, indexCrc: number): void {
  out.writeInt32((indexOffset % 2 ** 32) | 0);
  out.writeInt32(Math.floor(indexOffset / 2 ** 32));
  out.writeInt32(indexLength | 0);
  out.writeInt32(indexCrc | 0);
  for (let i = 0; i < END_MAGIC.length; i++) out.writeUint8(END_MAGIC[i]);
}

/** Where the index of a file lies, after checking its header and footer; throws CorruptSubtaskStateError. */
export function locateIndex(buf: Buffer, where: string): IndexLocation {
  if (buf.length < HEADER_BYTES || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw corrupt(where, `it does not start with the Weir state file marker (${buf.length} bytes; not a state file?)`);
  }
  const version = buf.readUInt32LE(MAGIC.length);
  if (version < OLDEST_READABLE_VERSION || version > SUBTASK_STATE_FORMAT_VERSION) {
    const writer = version < SUBTASK_STATE_FORMAT_VERSION ? 'an older' : 'a newer';
    throw corrupt(
      where,
      `it has format version ${version} (written by ${writer} Weir), this Weir reads versions ` +
        `${OLDEST_READABLE_VERSION} to ${SUBTASK_STATE_FORMAT_VERSION}`,
    );
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
  return { start: indexOffset, end: footer, crc: buf.readUInt32LE(footer + 12), version };
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

export function writeIndex(out: ByteWriter, operators: readonly OperatorIndexEntry[]): void {
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
        out.writeUint8(KINDS.indexOf(state.kind) | (state.ttl ? TTL_BIT : 0));
        out.writeString(state.schema);
        writeGroups(out, state.keyGroups);
        writeGroups(out, state.removed);
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

function readStates(input: ByteReader, blocksEnd: number, version: number): StateIndexEntry[] {
  const states: StateIndexEntry[] = [];
  for (let s = input.readVarUint(); s > 0; s--) {
    const name = input.readString();
    const byte = input.readUint8();
    const code = byte & ~TTL_BIT;
    if (code >= KINDS.length) throw new RangeError(`state '${name}' has unknown kind ${code}`);
    const ttl = (byte & TTL_BIT) !== 0;
    const schema = input.readString();
    const keyGroups = readGroups(input, blocksEnd);
    const removed = version >= 5 ? readGroups(input, blocksEnd) : [];
    states.push({ name, kind: KINDS[code], ttl, schema, keyGroups, removed });
  }
  return states;
}

/** Parses an index whose bytes `input` spans; blocks must lie before `blocksEnd`. Throws RangeError on bad bytes. */
export function readIndex(
  input: ByteReader,
  blocksEnd: number,
  version = SUBTASK_STATE_FORMAT_VERSION,
): SubtaskStateIndex {
  const operators: OperatorIndexEntry[] = [];
  for (let n = input.readVarUint(); n > 0; n--) {
    const operatorId = input.readString();
    const parts = input.readUint8();
    if (parts > (KEYED | TIMERS | OPERATOR)) throw new RangeError(`operator ${operatorId} has unknown parts ${parts}`);
    let keyed: OperatorIndexEntry['keyed'];
    if ((parts & KEYED) !== 0) {
      const maxParallelism = input.readVarUint();
      keyed = { maxParallelism, states: readStates(input, blocksEnd, version) };
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
