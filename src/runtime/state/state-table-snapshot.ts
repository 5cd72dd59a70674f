import type { NormalizedKey, NormalizedNamespace } from './key-normalizer.js';
import type { KeyGroupSnapshot, StateEntry, StateKind } from './state-table.js';
import { copyStateValue } from './state-value-copy.js';

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
