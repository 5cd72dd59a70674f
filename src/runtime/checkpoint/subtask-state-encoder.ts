// Encodes the state one subtask contributes to a checkpoint (OperatorSubtaskState by operator id) into the file
// layout of subtask-state-format.ts. Encoding runs on the task thread in slices (SubtaskStateEncoder.encodeSome)
// between records. Values, keys and namespaces go through one GenericCodec (registered classes survive); TTL
// timestamps of TTL states are written after each value.

import type { ByteWriter } from '../../core/types/bytes.js';
import { GenericCodec } from '../../core/types/generic-codec.js';
import type { TimerEntry } from '../state/internal-timer-service.js';
import type { KeyGroupSnapshot, StateKind } from '../state/state-table.js';
import type { TtlTimestamps } from '../state/ttl-value.js';
import type { OperatorStateSnapshot, OperatorSubtaskState } from './subtask-state.js';
import type { OperatorIndexEntry, StateIndexEntry, TimerServiceIndexEntry } from './subtask-state-format.js';
import { type Block, SubtaskStateOutput } from './subtask-state-output.js';

type AnyTimer = TimerEntry<unknown, unknown>;

/** Encoding work, in file order. A timers job first buckets its entries by key group, then writes one block each. */
type Job =
  | {
      readonly type: 'state';
      readonly what: string;
      /** Read when the job starts: copy-on-write snapshots materialize a key group only then. */
      readonly source: KeyGroupSnapshot;
      /** TTL states only: entries[i]'s timestamps; `single` says whether each is one number (value kinds). */
      readonly ttl: readonly TtlTimestamps[] | undefined;
      readonly single: boolean;
      readonly block: Block;
    }
  | {
      /** The tombstones of an increment's key group (read after its puts materialized it); no block when none. */
      readonly type: 'removed';
      readonly what: string;
      readonly source: KeyGroupSnapshot;
      /** The state's list of tombstone blocks, ascending: the block is added when written. */
      readonly into: Block[];
    }
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

/**
 * Whether a state's key groups carry TTL timestamps: all of them or none (one table has one form), each with one
 * per entry. Checked when planning, so a bad snapshot fails before any byte is written.
 */
function hasTtl(keyGroups: readonly KeyGroupSnapshot[], what: string): boolean {
  const ttl = keyGroups.length > 0 && keyGroups[0].ttlTimestamps !== undefined;
  for (const group of keyGroups) {
    const { keyGroup, ttlTimestamps } = group;
    if ((ttlTimestamps !== undefined) !== ttl) {
      throw new Error(
        `Cannot checkpoint ${what}: key group ${keyGroup} ${ttl ? 'lacks' : 'has'} TTL timestamps while key group ` +
          `${keyGroups[0].keyGroup} ${ttl ? 'has' : 'lacks'} them; all key groups of a state must agree (a Weir bug).`,
      );
    }
    if (ttlTimestamps !== undefined && ttlTimestamps.length !== group.entries.length) {
      throw new Error(
        `Cannot checkpoint ${what}, key group ${keyGroup}: ${ttlTimestamps.length} TTL timestamps for ` +
          `${group.entries.length} entries; there must be one per entry (a Weir bug).`,
      );
    }
  }
  return ttl;
}

function isSingleTimestampKind(kind: StateKind): boolean {
  return kind !== 'list' && kind !== 'map';
}

/** Writes one entry's TTL timestamps, checking they have the shape of the state's kind. */
function writeTtl(out: ByteWriter, timestamps: TtlTimestamps, single: boolean, i: number): void {
  if (single) {
    if (typeof timestamps !== 'number') throw badTtl(i, 'a number (value, reducing or aggregating state)');
    out.writeFloat64(timestamps);
    return;
  }
  if (!Array.isArray(timestamps)) throw badTtl(i, 'an array of numbers (list or map state)');
  const n = timestamps.length;
  out.writeVarUint(n);
  for (let j = 0; j < n; j++) {
    const timestamp = timestamps[j];
    if (typeof timestamp !== 'number') throw badTtl(i, 'an array of numbers (list or map state)');
    out.writeFloat64(timestamp);
  }
}

function badTtl(entry: number, expected: string): Error {
  return new Error(`the TTL timestamps of entry ${entry} are not ${expected} (a Weir bug)`);
}

/** Entries of a key group without materializing a copy-on-write snapshot's group. */
function entryCountOf(group: KeyGroupSnapshot): number {
  const lazy = group as KeyGroupSnapshot & { readonly entryCount?: number };
  return lazy.entryCount ?? group.entries.length;
}

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
  private readonly output = new SubtaskStateOutput();
  private readonly index: OperatorIndexEntry[] = [];
  private readonly jobs: Job[] = [];
  private jobIndex = 0;
  private cursor = 0;
  private jobFinished = false;

  constructor(states: ReadonlyMap<string, OperatorSubtaskState>) {
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
    const output = this.output;
    if (this.jobIndex === this.jobs.length && !output.isFinished) output.finish(this.index);
    return output.isFinished;
  }

  /** Total bytes so far (the final size once done). */
  get byteLength(): number {
    return this.output.byteLength;
  }

  /** The encoded chunks, in order, without joining them (for writers that take a list). Only when done. */
  resultChunks(): readonly Uint8Array[] {
    return this.output.resultChunks();
  }

  /**
   * Streams the output: hands over the bytes completed since the last call, in file order (possibly none; after
   * encodeSome returned true, the rest, footer included). They never change again, so a writer can write them
   * while encoding continues. Once chunks were taken, result() and resultChunks() are unavailable: the
   * concatenation of every takeChunks() result is the file.
   */
  takeChunks(): Uint8Array[] {
    return this.output.takeChunks();
  }

  /** The encoded file as one array (joined once, on the first call). Only when done. */
  result(): Uint8Array {
    return this.output.result();
  }

  private plan(operatorId: string, state: OperatorSubtaskState): OperatorIndexEntry {
    const at = `operator ${operatorId}`;
    let keyed: OperatorIndexEntry['keyed'];
    if (state.keyed !== undefined) {
      const states: StateIndexEntry[] = [];
      for (const [name, snapshot] of state.keyed.states) {
        const keyGroups: Block[] = [];
        const removed: Block[] = [];
        const what = `state '${name}' of ${at}`;
        const ttl = hasTtl(snapshot.keyGroups, what);
        const single = ttl && isSingleTimestampKind(snapshot.kind);
        for (const group of snapshot.keyGroups) {
          const { keyGroup, ttlTimestamps } = group;
          const count = entryCountOf(group);
          const block = newBlock(keyGroup, count);
          keyGroups.push(block);
          const job = { type: 'state', what: `${what}, key group ${keyGroup}`, source: group, block } as const;
          this.jobs.push({ ...job, ttl: ttlTimestamps, single });
          this.output.expect(count, 1);
          if ('removed' in group) {
            const tombstones = `tombstones of ${what}, key group ${keyGroup}`;
            this.jobs.push({ type: 'removed', what: tombstones, source: group, into: removed });
            this.output.expect(0, 1);
          }
        }
        const schema = state.keyed.schemas?.get(name) ?? '';
        states.push({ name, kind: snapshot.kind, ttl, schema, keyGroups, removed });
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
    this.output.expect(timers.length, 0);
  }

  /** Makes progress on `job`; returns the entries it used and sets jobFinished when the job is complete. */
  private run(job: Job, budget: number): number {
    try {
      switch (job.type) {
        case 'state':
          return this.runState(job, budget);
        case 'removed':
          return this.runRemoved(job, budget);
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

  private runState(job: Extract<Job, { type: 'state' }>, budget: number): number {
    const { block, ttl } = job;
    const entries = job.source.entries;
    const codec = this.codec;
    const output = this.output;
    const start = this.cursor;
    if (start === 0) {
      this.output.openBlock(block);
      // Object shapes are shared within a key group's block: field names are written once per block.
      codec.startGroup();
    }
    const limit = Math.min(entries.length, start + budget);
    let i = start;
    while (i < limit) {
      // One namespace per run of equal namespaces (VOID_NAMESPACE, or one window's keys): written once.
      const namespace = entries[i][1];
      let end = i + 1;
      while (end < limit && entries[end][1] === namespace) end++;
      output.out.writeVarUint(end - i);
      codec.encodeContinued(namespace, output.out);
      for (; i < end; i++) {
        const entry = entries[i];
        const out = output.out;
        codec.encodeContinued(entry[0], out);
        codec.encodeContinued(entry[2], out);
        if (ttl !== undefined) writeTtl(out, ttl[i], job.single, i);
        output.afterEntry();
      }
    }
    this.cursor = i;
    if (i === entries.length) {
      // An increment's count was an upper bound (its changed keys) until the group materialized.
      block.entries = entries.length;
      this.output.closeBlock(block);
    }
    this.jobFinished = i === entries.length;
    return i - start;
  }

  private runRemoved(job: Extract<Job, { type: 'removed' }>, budget: number): number {
    const removed = job.source.removed ?? [];
    const start = this.cursor;
    if (removed.length === 0) {
      this.jobFinished = true;
      return 0;
    }
    const codec = this.codec;
    const output = this.output;
    if (start === 0) {
      const keyGroup = job.source.keyGroup;
      job.into.push(newBlock(keyGroup, removed.length));
      output.openBlock(job.into[job.into.length - 1]);
      codec.startGroup();
    }
    const limit = Math.min(removed.length, start + budget);
    let i = start;
    while (i < limit) {
      const namespace = removed[i][1];
      let end = i + 1;
      while (end < limit && removed[end][1] === namespace) end++;
      output.out.writeVarUint(end - i);
      codec.encodeContinued(namespace, output.out);
      for (; i < end; i++) {
        codec.encodeContinued(removed[i][0], output.out);
        output.afterEntry();
      }
    }
    this.cursor = i;
    this.jobFinished = i === removed.length;
    if (this.jobFinished) output.closeBlock(job.into[job.into.length - 1]);
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
        this.output.expect(0, job.sorted.length);
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
      this.output.openBlock(block);
    }
    const timers = sorted[groups.length - 1][1];
    const start = this.cursor;
    const limit = Math.min(timers.length, start + budget);
    for (let i = start; i < limit; i++) {
      const timer = timers[i];
      const out = this.output.out;
      out.writeFloat64(timer[0]);
      this.codec.encode(timer[1], out);
      this.codec.encode(timer[2], out);
      this.output.afterEntry();
    }
    this.cursor = limit;
    if (limit === timers.length) {
      this.output.closeBlock(block);
      this.cursor = 0;
      this.jobFinished = groups.length === sorted.length;
    }
    return limit - start;
  }

  private runOperator(snapshot: OperatorStateSnapshot, block: Block): number {
    const out = this.output.out;
    const codec = this.codec;
    this.output.openBlock(block);
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
    this.output.countEntries(entries);
    this.output.closeBlock(block);
    this.jobFinished = true;
    return entries;
  }
}

/** Encodes all of `states` (by operator id) at once; see SubtaskStateEncoder for encoding between records. */
export function encodeSubtaskState(states: ReadonlyMap<string, OperatorSubtaskState>): Uint8Array {
  const encoder = new SubtaskStateEncoder(states);
  encoder.encodeSome(Number.POSITIVE_INFINITY);
  return encoder.result();
}
