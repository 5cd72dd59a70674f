import type { StateTtlConfig } from '../../api/state/state-ttl-config.js';
import type { NormalizedKey } from './key-normalizer.js';
import type { StateKind } from './state-table.js';
import { copyStateValue } from './state-value-copy.js';

// How TTL state is stored in a StateTable (Flink's TtlValue and TTL serializers, as heap objects), and the
// conversions between that form, the plain form and the snapshot form. Only tables of states with a TTL use it:
// states without TTL keep storing bare values, so their per-record cost is unchanged.
//
// Stored form per kind (TTL tables):
//   value, reducing, aggregating -> TtlValue { value, timestamp }
//   list                         -> TtlList { values[], timestamps[] } (parallel arrays; get() hands out values)
//   map                          -> Map<normalized user key, TtlValue>
// Snapshot form: the plain snapshot value (bare value, copied array, [user key, value][]) plus TTL timestamps:
// a number for value kinds, a number[] parallel to the list or to the map's entries.
// Timestamps are the processing time of the last write (or read, with OnReadAndWrite) in epoch milliseconds.

/** Processing time for TTL (Flink's TtlTimeProvider); a processing-time Clock fits. Task thread only. */
export interface TtlTimeProvider {
  now(): number;
}

export const SYSTEM_TTL_TIME: TtlTimeProvider = { now: () => Date.now() };

/** The last-access timestamps of one snapshot entry: one for value kinds, one per element for lists and maps. */
export type TtlTimestamps = number | readonly number[];

/** A value with the time it was last accessed; mutated in place on writes (snapshots copy it out). */
export class TtlValue<T> {
  constructor(
    public value: T,
    public timestamp: number,
  ) {}
}

/**
 * A list state's elements and their timestamps; arrays are replaced, never compacted in place, on cleanup.
 * `oldest` is a lower bound of the timestamps, so an expiry check of a list whose oldest element is live costs
 * one compare instead of a scan (long lists checked by incremental cleanup on every access).
 */
export class TtlList<T> {
  oldest: number;

  constructor(
    public values: T[],
    public timestamps: number[],
  ) {
    let oldest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < timestamps.length; i++) if (timestamps[i] < oldest) oldest = timestamps[i];
    this.oldest = oldest;
  }

  push(value: T, timestamp: number): void {
    this.values.push(value);
    this.timestamps.push(timestamp);
    if (timestamp < this.oldest) this.oldest = timestamp;
  }

  /** Stamps every element with `timestamp` (a read with OnReadAndWrite). */
  restamp(timestamp: number): void {
    this.timestamps.fill(timestamp);
    this.oldest = timestamp;
  }
}

/** A state's TTL config resolved for the hot path. Contract: task thread only. */
export class TtlPolicy {
  readonly ttlMs: number;
  readonly updateOnRead: boolean;
  readonly returnExpired: boolean;
  readonly cleanupFullSnapshot: boolean;
  /** Entries checked per state access; 0 when incremental cleanup is off. */
  readonly cleanupSize: number;
  readonly cleanupForEveryRecord: boolean;

  constructor(
    config: StateTtlConfig,
    readonly time: TtlTimeProvider,
  ) {
    this.ttlMs = config.getTtl().toMillis();
    this.updateOnRead = config.getUpdateType() === 'OnReadAndWrite';
    this.returnExpired = config.getStateVisibility() === 'ReturnExpiredIfNotCleanedUp';
    this.cleanupFullSnapshot = config.cleanupFullSnapshot;
    const incremental = config.getIncrementalCleanupStrategy();
    this.cleanupSize = incremental === undefined ? 0 : incremental.cleanupSize;
    this.cleanupForEveryRecord = incremental?.runCleanupForEveryRecord === true;
  }

  now(): number {
    return this.time.now();
  }

  /** Expired once ttl has fully passed since the last access (Flink: timestamp + ttl <= now). */
  isExpired(timestamp: number, now: number): boolean {
    return timestamp + this.ttlMs <= now;
  }
}

/**
 * Drops the expired parts of a stored TTL value. Returns true when nothing is left (the caller removes the entry).
 * Lists get fresh arrays (a user may be iterating the old ones); maps lose entries in place (Map iteration
 * tolerates deletes).
 */
export function purgeExpired(kind: StateKind, stored: unknown, policy: TtlPolicy, now: number): boolean {
  switch (kind) {
    case 'value':
    case 'reducing':
    case 'aggregating':
      return policy.isExpired((stored as TtlValue<unknown>).timestamp, now);
    case 'list': {
      const list = stored as TtlList<unknown>;
      if (!policy.isExpired(list.oldest, now)) return false;
      const timestamps = list.timestamps;
      const values: unknown[] = [];
      const kept: number[] = [];
      let oldest = Number.POSITIVE_INFINITY;
      for (let j = 0; j < timestamps.length; j++) {
        const timestamp = timestamps[j];
        if (policy.isExpired(timestamp, now)) continue;
        values.push(list.values[j]);
        kept.push(timestamp);
        if (timestamp < oldest) oldest = timestamp;
      }
      list.values = values;
      list.timestamps = kept;
      list.oldest = oldest;
      return values.length === 0;
    }
    case 'map': {
      const map = stored as Map<NormalizedKey, TtlValue<unknown>>;
      for (const [key, entry] of map) if (policy.isExpired(entry.timestamp, now)) map.delete(key);
      return map.size === 0;
    }
    default:
      return unknownKind(kind);
  }
}

/** Converts a bare stored value to TTL form, stamping every part with `now` (TTL enabled on existing state). */
export function wrapStored(kind: StateKind, plain: unknown, now: number): unknown {
  switch (kind) {
    case 'value':
    case 'reducing':
    case 'aggregating':
      return new TtlValue(plain, now);
    case 'list': {
      const values = (plain as unknown[]).slice();
      return new TtlList(values, new Array<number>(values.length).fill(now));
    }
    case 'map': {
      const map = new Map<NormalizedKey, TtlValue<unknown>>();
      for (const [key, value] of plain as Map<NormalizedKey, unknown>) map.set(key, new TtlValue(value, now));
      return map;
    }
    default:
      return unknownKind(kind);
  }
}

/** Converts a stored TTL value to bare form, dropping the timestamps (TTL disabled on existing state). */
export function unwrapStored(kind: StateKind, stored: unknown): unknown {
  switch (kind) {
    case 'value':
    case 'reducing':
    case 'aggregating':
      return (stored as TtlValue<unknown>).value;
    case 'list':
      return (stored as TtlList<unknown>).values.slice();
    case 'map': {
      const map = new Map<NormalizedKey, unknown>();
      for (const [key, entry] of stored as Map<NormalizedKey, TtlValue<unknown>>) map.set(key, entry.value);
      return map;
    }
    default:
      return unknownKind(kind);
  }
}

/**
 * Snapshot form of a stored TTL value: [plain snapshot value, timestamps], skipping expired parts when `policy`
 * is given (full-snapshot cleanup); undefined when nothing is left. Copies everything that may change later.
 */
export function snapshotStored(
  kind: StateKind,
  stored: unknown,
  policy: TtlPolicy | undefined,
  now: number,
): [unknown, TtlTimestamps] | undefined {
  switch (kind) {
    case 'value':
    case 'reducing':
    case 'aggregating': {
      const entry = stored as TtlValue<unknown>;
      if (policy?.isExpired(entry.timestamp, now)) return undefined;
      return [copyStateValue(entry.value), entry.timestamp];
    }
    case 'list': {
      const list = stored as TtlList<unknown>;
      if (policy === undefined || !policy.isExpired(list.oldest, now)) {
        return [list.values.map(copyStateValue), list.timestamps.slice()];
      }
      const values: unknown[] = [];
      const timestamps: number[] = [];
      for (let i = 0; i < list.values.length; i++) {
        if (policy.isExpired(list.timestamps[i], now)) continue;
        values.push(copyStateValue(list.values[i]));
        timestamps.push(list.timestamps[i]);
      }
      return values.length === 0 ? undefined : [values, timestamps];
    }
    case 'map': {
      const entries: [NormalizedKey, unknown][] = [];
      const timestamps: number[] = [];
      for (const [key, entry] of stored as Map<NormalizedKey, TtlValue<unknown>>) {
        if (policy?.isExpired(entry.timestamp, now)) continue;
        entries.push([key, copyStateValue(entry.value)]);
        timestamps.push(entry.timestamp);
      }
      return entries.length === 0 ? undefined : [entries, timestamps];
    }
    default:
      return unknownKind(kind);
  }
}

/** Stored TTL form of a snapshot entry (the inverse of snapshotStored); copies the snapshot's containers. */
export function restoreStored(kind: StateKind, value: unknown, timestamps: TtlTimestamps, where: string): unknown {
  switch (kind) {
    case 'value':
    case 'reducing':
    case 'aggregating':
      if (typeof timestamps !== 'number') throw badTimestamps(where, 'a number');
      return new TtlValue(value, timestamps);
    case 'list': {
      const values = value as unknown[];
      if (!Array.isArray(timestamps) || timestamps.length !== values.length)
        throw badTimestamps(where, 'one per element');
      return new TtlList(values.slice(), (timestamps as number[]).slice());
    }
    case 'map': {
      const entries = value as readonly (readonly [NormalizedKey, unknown])[];
      if (!Array.isArray(timestamps) || timestamps.length !== entries.length)
        throw badTimestamps(where, 'one per entry');
      const map = new Map<NormalizedKey, TtlValue<unknown>>();
      for (let i = 0; i < entries.length; i++) map.set(entries[i][0], new TtlValue(entries[i][1], timestamps[i]));
      return map;
    }
    default:
      return unknownKind(kind);
  }
}

function badTimestamps(where: string, expected: string): Error {
  return new Error(
    `Cannot restore TTL state ${where}: the snapshot's TTL timestamps do not match its values (expected ${expected}). ` +
      'The checkpoint is corrupt or was written by an incompatible Weir version.',
  );
}

function unknownKind(kind: never): never {
  throw new Error(`Unknown state kind: ${String(kind)}`);
}
