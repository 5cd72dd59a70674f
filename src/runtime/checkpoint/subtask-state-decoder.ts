// Decodes a subtask state file (layout: subtask-state-format.ts) back to the state of each operator, all of it or
// only some key groups (rescaling). Runs on restore, before processing starts; any thread. Normalized keys and state
// namespaces are primitives and come back as the same primitives; TTL states get their timestamps back.

import { crc32 } from 'node:zlib';
import type { KeyGroupRange } from '../../core/key-group.js';
import { ByteReader } from '../../core/types/bytes.js';
import { GenericCodec } from '../../core/types/generic-codec.js';
import type { KeyedStateSnapshot } from '../state/heap-keyed-state-backend.js';
import type { TimerEntry, TimerServiceSnapshot } from '../state/internal-timer-service.js';
import type { NormalizedKey, NormalizedNamespace } from '../state/key-normalizer.js';
import type { KeyGroupSnapshot, RemovedEntry, StateEntry, StateSnapshot } from '../state/state-table.js';
import type { TimersSnapshot } from '../state/timer-service-manager.js';
import type { TtlTimestamps } from '../state/ttl-value.js';
import type { OperatorListStateSnapshot, OperatorStateSnapshot, OperatorSubtaskState } from './subtask-state.js';
import {
  type BlockLocation,
  CorruptSubtaskStateError,
  corrupt,
  type KeyGroupBlock,
  locateIndex,
  type OperatorIndexEntry,
  readIndex,
  type StateIndexEntry,
  type SubtaskStateIndex,
  type TimerServiceIndexEntry,
} from './subtask-state-format.js';

type AnyTimer = TimerEntry<unknown, unknown>;

/**
 * Reads and checks the header, footer and index of a subtask state file without decoding any block: a rescaling
 * or incremental reader finds the key groups it needs here. `where` names the file in errors.
 */
export function readSubtaskStateIndex(bytes: Uint8Array, where: string): SubtaskStateIndex {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { start, end, crc, version } = locateIndex(buf, where);
  if (crc32(buf.subarray(start, end)) !== crc) {
    throw corrupt(where, 'the checksum of its index does not match (the file was damaged)');
  }
  try {
    return readIndex(new ByteReader(bytes, start, end), start, version);
  } catch (e) {
    if (e instanceof RangeError) throw corrupt(where, `its index is malformed: ${e.message}`, e);
    throw e;
  }
}

/**
 * Checks a whole subtask state file without decoding values: header, footer, index and the checksum of every block.
 * Throws CorruptSubtaskStateError naming `where` and the damaged part. Used before restoring from a checkpoint whose
 * files a restore would otherwise only find bad in a task.
 */
export function verifySubtaskStateFile(bytes: Uint8Array, where: string): void {
  const index = readSubtaskStateIndex(bytes, where);
  const check = (block: BlockLocation, what: string) => {
    if (crc32(bytes.subarray(block.offset, block.offset + block.length)) !== block.crc) {
      throw corrupt(where, `the checksum of ${what} does not match (the file was damaged)`);
    }
  };
  for (const op of index.operators) {
    for (const state of op.keyed?.states ?? []) {
      const what = `state '${state.name}' of operator ${op.operatorId}`;
      for (const block of state.keyGroups) check(block, `${what}, key group ${block.keyGroup}`);
      for (const block of state.removed) check(block, `tombstones of ${what}, key group ${block.keyGroup}`);
    }
    for (const service of op.timers ?? []) {
      for (const block of [...service.eventTime, ...service.processingTime]) {
        check(block, `timer service '${service.name}' of operator ${op.operatorId}, key group ${block.keyGroup}`);
      }
    }
    if (op.operator !== undefined) check(op.operator, `operator state of ${op.operatorId}`);
  }
}

/** Decodes blocks of one file: checks each block's checksum and that its entries use exactly its bytes. */
class BlockReader {
  private readonly codec = new GenericCodec();
  private readonly input = new ByteReader();

  constructor(
    private readonly bytes: Uint8Array,
    private readonly where: string,
  ) {}

  /** Decodes one key group of a state; a TTL state's timestamps go to `ttl` (one per entry), else it is untouched. */
  stateEntries(state: StateIndexEntry, block: KeyGroupBlock, what: string, ttl: TtlTimestamps[]): StateEntry[] {
    this.open(block, what);
    const { codec, input } = this;
    const entries: StateEntry[] = [];
    const withTtl = state.ttl;
    const single = state.kind !== 'list' && state.kind !== 'map';
    codec.startGroup();
    try {
      while (entries.length < block.entries) {
        const run = input.readVarUint();
        if (run === 0 || run > block.entries - entries.length) {
          throw new RangeError(`a run of ${run} entries where ${block.entries - entries.length} remain`);
        }
        const namespace = codec.decodeContinued(input) as NormalizedNamespace;
        for (let i = 0; i < run; i++) {
          const key = codec.decodeContinued(input) as NormalizedKey;
          entries.push([key, namespace, codec.decodeContinued(input)]);
          if (withTtl) ttl.push(single ? input.readFloat64() : readTimestamps(input));
        }
      }
      this.close();
    } catch (e) {
      throw this.failed(e, what);
    }
    return entries;
  }

  /** Decodes one key group's tombstones (keys removed since the checkpoint an increment builds on). */
  removedEntries(block: KeyGroupBlock, what: string): RemovedEntry[] {
    this.open(block, what);
    const { codec, input } = this;
    const removed: RemovedEntry[] = [];
    codec.startGroup();
    try {
      while (removed.length < block.entries) {
        const run = input.readVarUint();
        if (run === 0 || run > block.entries - removed.length) {
          throw new RangeError(`a run of ${run} tombstones where ${block.entries - removed.length} remain`);
        }
        const namespace = codec.decodeContinued(input) as NormalizedNamespace;
        for (let i = 0; i < run; i++) removed.push([codec.decodeContinued(input) as NormalizedKey, namespace]);
      }
      this.close();
    } catch (e) {
      throw this.failed(e, what);
    }
    return removed;
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

function readTimestamps(input: ByteReader): number[] {
  const n = input.readVarUint();
  // Each timestamp takes 8 bytes: a count beyond the block is damage, not a reason to allocate.
  if (n * 8 > input.remaining) throw new RangeError(`${n} TTL timestamps where ${input.remaining} bytes remain`);
  const timestamps = new Array<number>(n);
  for (let i = 0; i < n; i++) timestamps[i] = input.readFloat64();
  return timestamps;
}

function decodeKeyed(
  reader: BlockReader,
  op: OperatorIndexEntry,
  keyed: NonNullable<OperatorIndexEntry['keyed']>,
  wanted: (keyGroup: number) => boolean,
): KeyedStateSnapshot {
  const states = new Map<string, StateSnapshot>();
  const schemas = new Map<string, string>();
  for (const state of keyed.states) {
    if (state.schema !== '') schemas.set(state.name, state.schema);
    const byGroup = new Map<
      number,
      { keyGroup: number; entries: StateEntry[]; ttlTimestamps?: TtlTimestamps[]; removed?: RemovedEntry[] }
    >();
    for (const block of state.keyGroups) {
      if (!wanted(block.keyGroup)) continue;
      const what = `state '${state.name}' of operator ${op.operatorId}, key group ${block.keyGroup}`;
      const ttlTimestamps: TtlTimestamps[] = [];
      const entries = reader.stateEntries(state, block, what, ttlTimestamps);
      byGroup.set(
        block.keyGroup,
        state.ttl ? { keyGroup: block.keyGroup, entries, ttlTimestamps } : { keyGroup: block.keyGroup, entries },
      );
    }
    for (const block of state.removed) {
      if (!wanted(block.keyGroup)) continue;
      const what = `tombstones of state '${state.name}' of operator ${op.operatorId}, key group ${block.keyGroup}`;
      const removed = reader.removedEntries(block, what);
      const group = byGroup.get(block.keyGroup);
      if (group !== undefined) group.removed = removed;
      else {
        const empty = { keyGroup: block.keyGroup, entries: [], removed };
        byGroup.set(block.keyGroup, state.ttl ? { ...empty, ttlTimestamps: [] } : empty);
      }
    }
    const keyGroups: KeyGroupSnapshot[] = [...byGroup.values()].sort((a, b) => a.keyGroup - b.keyGroup);
    states.set(state.name, { kind: state.kind, keyGroups });
  }
  return schemas.size === 0
    ? { maxParallelism: keyed.maxParallelism, states }
    : { maxParallelism: keyed.maxParallelism, states, schemas };
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
