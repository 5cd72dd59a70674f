import type { ChangedKeys } from './key-changes.js';
import type { NormalizedKey, NormalizedNamespace } from './key-normalizer.js';
import type { KeyGroupSnapshot, RemovedEntry, StateEntry, StateKind } from './state-table.js';
import { copyStateValue } from './state-value-copy.js';
import { snapshotStored, type TtlPolicy, type TtlTimestamps } from './ttl-value.js';

// The snapshot side of a StateTable: the form values take in snapshots (deep copies of objects, containers as
// plain data), and the copy-on-write key groups of a snapshot (LazyKeyGroupSnapshot).

export type NamespaceMap = Map<NormalizedNamespace, Map<NormalizedKey, unknown>>;

/**
 * What the snapshot keeps of a value: containers that keep changing (lists grow in place, map states are Maps) as
 * copies, and object values deep-copied, because the snapshot is encoded after the task moved on and users mutate
 * state objects in place.
 */
export function snapshotValue(kind: StateKind, value: unknown): unknown {
  if (kind === 'list') {
    const list = value as unknown[];
    const out = new Array(list.length);
    for (let i = 0; i < list.length; i++) out[i] = copyStateValue(list[i]);
    return out;
  }
  if (kind === 'map') {
    const out: [NormalizedKey, unknown][] = [];
    for (const [k, v] of value as Map<NormalizedKey, unknown>) out.push([k, copyStateValue(v)]);
    return out;
  }
  return copyStateValue(value);
}

/** The snapshot form of a value the snapshot owns alone: containers converted, nothing copied. */
export function plainSnapshotValue(kind: StateKind, value: unknown): unknown {
  if (kind === 'map') return Array.from(value as Map<NormalizedKey, unknown>);
  return value;
}

export function restoreValue(kind: StateKind, value: unknown): unknown {
  if (kind === 'list') return (value as unknown[]).slice();
  if (kind === 'map') return new Map(value as Iterable<readonly [NormalizedKey, unknown]>);
  return value;
}

/**
 * A key group of a snapshot, materialized only when the encoder reaches it (copy-on-write snapshots). Until then the
 * table keeps the group frozen: the first access by the task copies the group for itself and leaves the frozen one
 * to the snapshot; if the encoder gets there first, it copies the values and releases the group. Either way one copy
 * per key group, made in slices — a snapshot does not stop the task for longer than one key group takes.
 */
export class LazyKeyGroupSnapshot implements KeyGroupSnapshot {
  private materialized: StateEntry[] | undefined;

  constructor(
    readonly keyGroup: number,
    private readonly captured: NamespaceMap,
    private readonly table: { materialize(keyGroup: number, captured: NamespaceMap): StateEntry[] },
  ) {}

  get entryCount(): number {
    if (this.materialized !== undefined) return this.materialized.length;
    let count = 0;
    for (const byKey of this.captured.values()) count += byKey.size;
    return count;
  }

  get entries(): readonly StateEntry[] {
    if (this.materialized === undefined) this.materialized = this.table.materialize(this.keyGroup, this.captured);
    return this.materialized;
  }

  get ttlTimestamps(): undefined {
    return undefined;
  }

  /** Makes the entries now (a newer snapshot is about to freeze the same group). */
  settle(): void {
    void this.entries;
  }

  get isSettled(): boolean {
    return this.materialized !== undefined;
  }
}

/** Deep copy of a key group for the task, leaving the original to a snapshot. */
export function copyKeyGroup(kind: StateKind, group: NamespaceMap): NamespaceMap {
  const copy: NamespaceMap = new Map();
  for (const [namespace, byKey] of group) {
    const keys = new Map<NormalizedKey, unknown>();
    for (const [key, value] of byKey) keys.set(key, restoreValue(kind, snapshotValue(kind, value)));
    copy.set(namespace, keys);
  }
  return copy;
}

/** How to read one key group's stored values for an incremental snapshot. */
export interface ChangedGroupForm {
  readonly keyGroup: number;
  readonly kind: StateKind;
  /** Values are stored in TTL form: the snapshot carries their timestamps. */
  readonly ttl: boolean;
  /** Set when expired values are left out of snapshots (TTL cleanupFullSnapshot): they become tombstones. */
  readonly policy: TtlPolicy | undefined;
}

/**
 * The increment of one key group: each changed key's value in `byNamespace` (a put), or a tombstone when it has
 * none. `copy`: values are still shared with the task and are deep-copied; otherwise taken in snapshot form.
 */
export function materializeChanges(
  group: ChangedGroupForm,
  byNamespace: NamespaceMap | undefined,
  changed: ChangedKeys,
  copy: boolean,
): KeyGroupSnapshot {
  const { kind, ttl, policy } = group;
  const now = policy === undefined ? 0 : policy.now();
  const entries: StateEntry[] = [];
  const removed: RemovedEntry[] = [];
  const ttlTimestamps: TtlTimestamps[] = [];
  for (const [namespace, keys] of changed) {
    const byKey = byNamespace?.get(namespace);
    for (const key of keys) {
      const value = byKey?.get(key);
      if (value === undefined) {
        removed.push([key, namespace]);
      } else if (ttl) {
        const snapshot = snapshotStored(kind, value, policy, now);
        if (snapshot === undefined) removed.push([key, namespace]);
        else {
          entries.push([key, namespace, snapshot[0]]);
          ttlTimestamps.push(snapshot[1]);
        }
      } else {
        entries.push([key, namespace, copy ? snapshotValue(kind, value) : plainSnapshotValue(kind, value)]);
      }
    }
  }
  return ttl
    ? { keyGroup: group.keyGroup, entries, removed, ttlTimestamps }
    : { keyGroup: group.keyGroup, entries, removed };
}

/** The increment of a key group, materialized only when the encoder reaches it (as LazyKeyGroupSnapshot). */
export class LazyKeyGroupChanges implements KeyGroupSnapshot {
  private materialized: KeyGroupSnapshot | undefined;

  constructor(
    readonly keyGroup: number,
    private readonly captured: NamespaceMap,
    private readonly changed: ChangedKeys,
    private readonly table: {
      materializeChanges(keyGroup: number, captured: NamespaceMap, changed: ChangedKeys): KeyGroupSnapshot;
    },
  ) {}

  /** An upper bound until materialized: the number of changed keys (puts and tombstones). */
  get entryCount(): number {
    if (this.materialized !== undefined) return this.materialized.entries.length;
    let count = 0;
    for (const keys of this.changed.values()) count += keys.size;
    return count;
  }

  private get group(): KeyGroupSnapshot {
    this.materialized ??= this.table.materializeChanges(this.keyGroup, this.captured, this.changed);
    return this.materialized;
  }

  get entries(): readonly StateEntry[] {
    return this.group.entries;
  }

  get removed(): readonly RemovedEntry[] | undefined {
    return this.group.removed;
  }

  get ttlTimestamps(): undefined {
    return undefined;
  }

  settle(): void {
    void this.group;
  }
}
