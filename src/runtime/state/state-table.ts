import { VOID_NAMESPACE } from '../../api/state/keyed-state-backend.js';
import type { KeyContext } from './key-context.js';
import { denormalizeKey, type NormalizedKey, type NormalizedNamespace } from './key-normalizer.js';

// Storage of one named keyed state: per key group (index = key group - first key group of the range) a map from
// namespace to a map from key to value, so snapshots, restores and rescaling work key group by key group.
// Contract: used only on the task thread, through the state object built on it; values are stored by reference.

export type StateKind = 'value' | 'list' | 'map' | 'reducing' | 'aggregating';

type NamespaceMap = Map<NormalizedNamespace, Map<NormalizedKey, unknown>>;

/**
 * One entry of a state snapshot: [normalized key, normalized namespace, value]. A list value is a copied array;
 * a map value is an array of [normalized user key, value]; other values are the stored references.
 */
export type StateEntry = readonly [NormalizedKey, NormalizedNamespace, unknown];

export interface KeyGroupSnapshot {
  readonly keyGroup: number;
  readonly entries: readonly StateEntry[];
}

export interface StateSnapshot {
  readonly kind: StateKind;
  /** Non-empty key groups, ascending. */
  readonly keyGroups: readonly KeyGroupSnapshot[];
}

function noCurrentKey(name: string): Error {
  return new Error(
    `State '${name}' was accessed with no current key: keyed state is usable only while a keyed record or timer ` +
      'is processed (a keyed stream: keyBy(...) before this operator).',
  );
}

/** Copies containers that keep changing after the snapshot (lists grow in place, map states are Maps). */
function snapshotValue(kind: StateKind, value: unknown): unknown {
  if (kind === 'list') return (value as unknown[]).slice();
  if (kind === 'map') return Array.from(value as Map<NormalizedKey, unknown>);
  return value;
}

function restoreValue(kind: StateKind, value: unknown): unknown {
  if (kind === 'list') return (value as unknown[]).slice();
  if (kind === 'map') return new Map(value as Iterable<readonly [NormalizedKey, unknown]>);
  return value;
}

export class StateTable {
  private readonly keyGroups: (NamespaceMap | undefined)[];
  private namespace: NormalizedNamespace = VOID_NAMESPACE;

  constructor(
    readonly name: string,
    readonly kind: StateKind,
    private readonly context: KeyContext,
  ) {
    this.keyGroups = new Array(context.numberOfKeyGroups).fill(undefined);
  }

  setNamespace(namespace: NormalizedNamespace): void {
    this.namespace = namespace;
  }

  currentNamespace(): NormalizedNamespace {
    return this.namespace;
  }

  /** The value under the current key and namespace; undefined when absent. */
  get(): unknown {
    return this.getIn(this.namespace);
  }

  getIn(namespace: NormalizedNamespace): unknown {
    const byNamespace = this.keyGroups[this.context.offset];
    if (byNamespace === undefined) {
      if (this.context.offset < 0) throw noCurrentKey(this.name);
      return undefined;
    }
    const byKey = byNamespace.get(namespace);
    return byKey === undefined ? undefined : byKey.get(this.context.normalizedKey);
  }

  put(value: unknown): void {
    this.putIn(this.namespace, value);
  }

  putIn(namespace: NormalizedNamespace, value: unknown): void {
    const context = this.context;
    const offset = context.offset;
    if (offset < 0) throw noCurrentKey(this.name);
    let byNamespace = this.keyGroups[offset];
    if (byNamespace === undefined) byNamespace = this.keyGroups[offset] = new Map();
    let byKey = byNamespace.get(namespace);
    if (byKey === undefined) {
      byKey = new Map();
      byNamespace.set(namespace, byKey);
    }
    byKey.set(context.normalizedKey, value);
    context.markDirty();
  }

  remove(): void {
    this.removeIn(this.namespace);
  }

  /** Removes and returns the value under the current key in `namespace` (namespace merging moves values). */
  removeIn(namespace: NormalizedNamespace): unknown {
    const context = this.context;
    const byNamespace = this.keyGroups[context.offset];
    if (byNamespace === undefined) {
      if (context.offset < 0) throw noCurrentKey(this.name);
      return undefined;
    }
    const byKey = byNamespace.get(namespace);
    if (byKey === undefined) return undefined;
    const old = byKey.get(context.normalizedKey);
    if (!byKey.delete(context.normalizedKey)) return undefined;
    // Windows create a namespace each; drop emptied ones or they would leak.
    if (byKey.size === 0) byNamespace.delete(namespace);
    context.markDirty();
    return old;
  }

  /** Marks the current key group dirty: a mutable value was handed out by reference and may change. */
  touch(): void {
    this.context.markDirty();
  }

  /** Every key with state (in `namespace` when given), denormalized to a value equal to the user's key. */
  *keys(namespace?: NormalizedNamespace): Generator<unknown> {
    for (const byNamespace of this.keyGroups) {
      if (byNamespace === undefined) continue;
      if (namespace !== undefined) {
        const byKey = byNamespace.get(namespace);
        if (byKey !== undefined) for (const key of byKey.keys()) yield denormalizeKey(key);
        continue;
      }
      if (byNamespace.size === 1) {
        for (const byKey of byNamespace.values()) for (const key of byKey.keys()) yield denormalizeKey(key);
        continue;
      }
      const seen = new Set<NormalizedKey>();
      for (const byKey of byNamespace.values()) for (const key of byKey.keys()) seen.add(key);
      for (const key of seen) yield denormalizeKey(key);
    }
  }

  /** Number of (key, namespace) entries; for tests and metrics. */
  size(): number {
    let count = 0;
    for (const byNamespace of this.keyGroups) {
      if (byNamespace !== undefined) for (const byKey of byNamespace.values()) count += byKey.size;
    }
    return count;
  }

  /** Plain-data copy of the key groups in [start, end] (clipped to this table's range). */
  snapshot(start: number, end: number): StateSnapshot {
    const first = this.context.startKeyGroup;
    const keyGroups: KeyGroupSnapshot[] = [];
    const from = Math.max(start, first);
    const to = Math.min(end, first + this.keyGroups.length - 1);
    for (let keyGroup = from; keyGroup <= to; keyGroup++) {
      const byNamespace = this.keyGroups[keyGroup - first];
      if (byNamespace === undefined || byNamespace.size === 0) continue;
      const entries: StateEntry[] = [];
      for (const [namespace, byKey] of byNamespace) {
        for (const [key, value] of byKey) entries.push([key, namespace, snapshotValue(this.kind, value)]);
      }
      keyGroups.push({ keyGroup, entries });
    }
    return { kind: this.kind, keyGroups };
  }

  /** Adds the snapshot's key groups that fall in this table's range; returns how many key groups it took. */
  restore(snapshot: StateSnapshot): number {
    const first = this.context.startKeyGroup;
    let taken = 0;
    for (const { keyGroup, entries } of snapshot.keyGroups) {
      const offset = keyGroup - first;
      if (offset < 0 || offset >= this.keyGroups.length) continue;
      let byNamespace = this.keyGroups[offset];
      if (byNamespace === undefined) byNamespace = this.keyGroups[offset] = new Map();
      for (const [key, namespace, value] of entries) {
        let byKey = byNamespace.get(namespace);
        if (byKey === undefined) {
          byKey = new Map();
          byNamespace.set(namespace, byKey);
        }
        byKey.set(key, restoreValue(this.kind, value));
      }
      this.context.markKeyGroupDirty(keyGroup);
      taken++;
    }
    return taken;
  }

  clearAll(): void {
    this.keyGroups.fill(undefined);
  }
}
