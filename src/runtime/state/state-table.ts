import { VOID_NAMESPACE } from '../../api/state/keyed-state-backend.js';
import { type ChangedKeys, changedOffsets, changesAt, KeyChanges, type TakenChanges } from './key-changes.js';
import type { KeyContext } from './key-context.js';
import { denormalizeKey, type NormalizedKey, type NormalizedNamespace } from './key-normalizer.js';
import {
  copyKeyGroup,
  LazyKeyGroupChanges,
  LazyKeyGroupSnapshot,
  materializeChanges,
  type NamespaceMap,
  plainSnapshotValue,
  restoreValue,
  snapshotValue,
} from './state-table-snapshot.js';
import { TtlCleanupCursor } from './ttl-cleanup-cursor.js';
import {
  purgeExpired,
  restoreStored,
  SYSTEM_TTL_TIME,
  snapshotStored,
  type TtlPolicy,
  type TtlTimeProvider,
  type TtlTimestamps,
  type TtlValue,
  unwrapStored,
  wrapStored,
} from './ttl-value.js';

// Storage of one named keyed state: per key group (index = key group - first key group of the range) a map from
// namespace to a map from key to value, so snapshots, restores and rescaling work key group by key group.
// Contract: used only on the task thread, through the state object built on it; values are stored by reference.
// A table of a state with TTL stores values in TTL form (ttl-value.ts) and its snapshots carry the timestamps.

export type StateKind = 'value' | 'list' | 'map' | 'reducing' | 'aggregating';

/**
 * One entry of a state snapshot: [normalized key, normalized namespace, value]. A list value is a copied array;
 * a map value is an array of [normalized user key, value]; other values are the stored references.
 */
export type StateEntry = readonly [NormalizedKey, NormalizedNamespace, unknown];

/** A key removed since the snapshot an increment builds on (a tombstone): [normalized key, normalized namespace]. */
export type RemovedEntry = readonly [NormalizedKey, NormalizedNamespace];

export interface KeyGroupSnapshot {
  readonly keyGroup: number;
  readonly entries: readonly StateEntry[];
  /**
   * Present for states with TTL: the last-access times of entries[i] (epoch ms), a number for value, reducing and
   * aggregating state, one per element for list state and one per [user key, value] for map state. Encoders must
   * keep it: restored TTL state keeps expiring from these times.
   */
  readonly ttlTimestamps?: readonly TtlTimestamps[];
  /**
   * Incremental snapshots: keys that had state in the snapshot this one builds on and have none now. Restoring
   * applies `entries` (puts) and then removes these.
   */
  readonly removed?: readonly RemovedEntry[];
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

export class StateTable {
  private readonly keyGroups: (NamespaceMap | undefined)[];
  /** Per key group: the map a pending snapshot captured and still shares with the task (copy-on-write). */
  private readonly frozen: (NamespaceMap | undefined)[];
  private frozenCount = 0;
  /** Per key group: the increment that froze it, if that is who did (see thaw). */
  private readonly frozenForChanges: (LazyKeyGroupChanges | undefined)[];
  private lazySnapshots: { settle(): void }[] = [];
  private namespace: NormalizedNamespace = VOID_NAMESPACE;
  /** True while values are stored in TTL form (a TTL state registered, or a TTL snapshot restored). */
  private ttlForm = false;
  private ttlPolicy: TtlPolicy | undefined = undefined;
  private cursor: TtlCleanupCursor | undefined = undefined;
  /** Built once per policy: the incremental cleanup's per-entry check, reading `cleanupNow`. */
  private expiryCheck: ((stored: unknown) => boolean) | undefined = undefined;
  private cleanupNow = 0;
  /** Incremental checkpoints: the keys changed since the changes were last taken; undefined when not tracked. */
  private changes: KeyChanges | undefined = undefined;
  /** Set when the stored form changed (TTL on or off) while changes were tracked: increments cannot express that. */
  formChanged = false;

  constructor(
    readonly name: string,
    readonly kind: StateKind,
    private readonly context: KeyContext,
    /** Stamps values when TTL is enabled on state restored without timestamps. */
    private readonly time: TtlTimeProvider = SYSTEM_TTL_TIME,
  ) {
    this.keyGroups = new Array(context.numberOfKeyGroups).fill(undefined);
    this.frozen = new Array(context.numberOfKeyGroups).fill(undefined);
    this.frozenForChanges = new Array(context.numberOfKeyGroups).fill(undefined);
  }

  /** The task is about to read or write key group `offset`: a group a snapshot still shares is copied first. */
  private thaw(offset: number): void {
    const captured = this.frozen[offset];
    if (captured === undefined) return;
    const increment = this.frozenForChanges[offset];
    if (increment !== undefined) {
      // An increment needs only its changed keys: copying those (it releases the group) beats copying the group.
      increment.settle();
      return;
    }
    this.frozen[offset] = undefined;
    this.frozenCount--;
    if (this.keyGroups[offset] === captured) this.keyGroups[offset] = copyKeyGroup(this.kind, captured);
  }

  private thawAll(): void {
    if (this.frozenCount === 0) return;
    for (let offset = 0; offset < this.frozen.length; offset++) this.thaw(offset);
  }

  /**
   * Entries of a captured key group for the encoder. Still shared with the task: values are copied and the group is
   * released; already copied by the task: the captured group belongs to the snapshot alone.
   */
  materialize(keyGroup: number, captured: NamespaceMap): StateEntry[] {
    const offset = keyGroup - this.context.startKeyGroup;
    const shared = this.frozen[offset] === captured;
    const entries: StateEntry[] = [];
    for (const [namespace, byKey] of captured) {
      for (const [key, value] of byKey) {
        entries.push([key, namespace, shared ? snapshotValue(this.kind, value) : plainSnapshotValue(this.kind, value)]);
      }
    }
    if (shared) {
      this.frozen[offset] = undefined;
      this.frozenCount--;
    }
    return entries;
  }

  /** Whether values are stored in TTL form. */
  isTtl(): boolean {
    return this.ttlForm;
  }

  /**
   * Sets the TTL policy of the state registered on this table (undefined: no TTL), converting stored values when
   * the form changes: enabling TTL on existing state stamps it with the current time; disabling drops timestamps.
   */
  setTtl(policy: TtlPolicy | undefined): void {
    this.thawAll();
    this.ttlPolicy = policy;
    this.expiryCheck = undefined;
    this.cursor = undefined;
    if (policy !== undefined) {
      // Value kinds need one compare; lists and maps are trimmed element by element.
      const kind = this.kind;
      this.expiryCheck =
        kind === 'list' || kind === 'map'
          ? (stored) => purgeExpired(kind, stored, policy, this.cleanupNow)
          : (stored) => policy.isExpired((stored as TtlValue<unknown>).timestamp, this.cleanupNow);
      this.cursor = new TtlCleanupCursor(this.keyGroups, (offset, namespace, key) => {
        this.context.markKeyGroupDirty(offset + this.context.startKeyGroup);
        this.changes?.mark(offset, namespace, key);
      });
    }
    const ttl = policy !== undefined;
    if (ttl === this.ttlForm) return;
    if (this.changes !== undefined && this.size() > 0) this.formChanged = true;
    const now = this.time.now();
    for (const byNamespace of this.keyGroups) {
      if (byNamespace === undefined) continue;
      for (const byKey of byNamespace.values()) {
        for (const [key, value] of byKey) {
          byKey.set(key, ttl ? wrapStored(this.kind, value, now) : unwrapStored(this.kind, value));
        }
      }
    }
    this.ttlForm = ttl;
  }

  /** Incremental TTL cleanup: checks up to `count` entries from where the last call stopped, removing expired ones. */
  cleanupExpired(count: number, now: number): void {
    const cursor = this.cursor;
    if (cursor === undefined) return;
    this.cleanupNow = now;
    cursor.advance(count, this.expiryCheck as (stored: unknown) => boolean);
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
    if (this.frozenCount !== 0 && this.context.offset >= 0) this.thaw(this.context.offset);
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
    if (this.frozenCount !== 0) this.thaw(offset);
    let byNamespace = this.keyGroups[offset];
    if (byNamespace === undefined) byNamespace = this.keyGroups[offset] = new Map();
    let byKey = byNamespace.get(namespace);
    if (byKey === undefined) {
      byKey = new Map();
      byNamespace.set(namespace, byKey);
    }
    byKey.set(context.normalizedKey, value);
    context.markDirty();
    if (this.changes !== undefined) this.changes.mark(offset, namespace, context.normalizedKey);
  }

  remove(): void {
    this.removeIn(this.namespace);
  }

  /** Removes and returns the value under the current key in `namespace` (namespace merging moves values). */
  removeIn(namespace: NormalizedNamespace): unknown {
    const context = this.context;
    if (this.frozenCount !== 0 && context.offset >= 0) this.thaw(context.offset);
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
    if (this.changes !== undefined) this.changes.mark(context.offset, namespace, context.normalizedKey);
    return old;
  }

  /** Marks the current key group dirty: a mutable value was handed out by reference and may change. */
  touch(): void {
    const context = this.context;
    if (this.frozenCount !== 0 && context.offset >= 0) this.thaw(context.offset);
    context.markDirty();
    if (this.changes !== undefined) this.changes.mark(context.offset, this.namespace, context.normalizedKey);
  }

  /** Starts recording changed keys for incremental checkpoints (from now on; call before processing starts). */
  trackChanges(): void {
    this.changes ??= new KeyChanges(this.keyGroups.length);
  }

  /** The keys changed since the last call (nothing when changes are not tracked); see KeyChanges.take. */
  takeChanges(): TakenChanges {
    return this.changes === undefined ? { offsets: [], groups: [] } : this.changes.take();
  }

  /**
   * Incremental snapshot: for every key changed in any of `takes` (the changes since the snapshot this one builds
   * on), its value as of now (a put) or a tombstone when it has none. Copy-on-write as snapshot() for tables without
   * TTL; TTL tables are copied now (only the changed keys).
   */
  snapshotChanges(takes: readonly TakenChanges[]): StateSnapshot {
    for (const lazy of this.lazySnapshots) lazy.settle();
    this.lazySnapshots = [];
    const first = this.context.startKeyGroup;
    const keyGroups: KeyGroupSnapshot[] = [];
    for (const offset of changedOffsets(takes)) {
      const changed = changesAt(takes, offset)!;
      const byNamespace = this.keyGroups[offset];
      if (this.ttlForm || byNamespace === undefined) {
        const policy = this.ttlPolicy?.cleanupFullSnapshot ? this.ttlPolicy : undefined;
        const group = { offset, keyGroup: offset + first, kind: this.kind, ttl: this.ttlForm, policy };
        keyGroups.push(materializeChanges(group, byNamespace, changed, false));
        continue;
      }
      this.frozen[offset] = byNamespace;
      this.frozenCount++;
      const lazy = new LazyKeyGroupChanges(offset + first, byNamespace, changed, this);
      this.frozenForChanges[offset] = lazy;
      this.lazySnapshots.push(lazy);
      keyGroups.push(lazy);
    }
    return { kind: this.kind, keyGroups };
  }

  /** The changes of a captured key group for the encoder (see materialize: copied while still shared). */
  materializeChanges(keyGroup: number, captured: NamespaceMap, changed: ChangedKeys): KeyGroupSnapshot {
    const offset = keyGroup - this.context.startKeyGroup;
    const shared = this.frozen[offset] === captured;
    const group = { offset, keyGroup, kind: this.kind, ttl: false, policy: undefined };
    const snapshot = materializeChanges(group, captured, changed, shared);
    if (shared) {
      this.frozen[offset] = undefined;
      this.frozenForChanges[offset] = undefined;
      this.frozenCount--;
    }
    return snapshot;
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

  /**
   * Plain-data copy of the key groups in [start, end] (clipped to this table's range). With full-snapshot TTL
   * cleanup, expired values are left out (local state keeps them until read or cleaned up, as in Flink).
   */
  snapshot(start: number, end: number): StateSnapshot {
    // A group still frozen for an earlier snapshot is materialized for it now, so each group has one owner.
    for (const lazy of this.lazySnapshots) lazy.settle();
    this.lazySnapshots = [];
    const first = this.context.startKeyGroup;
    const keyGroups: KeyGroupSnapshot[] = [];
    const from = Math.max(start, first);
    const to = Math.min(end, first + this.keyGroups.length - 1);
    for (let keyGroup = from; keyGroup <= to; keyGroup++) {
      const byNamespace = this.keyGroups[keyGroup - first];
      if (byNamespace === undefined || byNamespace.size === 0) continue;
      if (this.ttlForm) {
        const snapshot = this.snapshotTtlKeyGroup(keyGroup, byNamespace);
        if (snapshot !== undefined) keyGroups.push(snapshot);
        continue;
      }
      const offset = keyGroup - first;
      this.frozen[offset] = byNamespace;
      this.frozenCount++;
      const lazy = new LazyKeyGroupSnapshot(keyGroup, byNamespace, this);
      this.lazySnapshots.push(lazy);
      keyGroups.push(lazy);
    }
    return { kind: this.kind, keyGroups };
  }

  private snapshotTtlKeyGroup(keyGroup: number, byNamespace: NamespaceMap): KeyGroupSnapshot | undefined {
    const policy = this.ttlPolicy?.cleanupFullSnapshot ? this.ttlPolicy : undefined;
    const now = policy === undefined ? 0 : policy.now();
    const entries: StateEntry[] = [];
    const ttlTimestamps: TtlTimestamps[] = [];
    for (const [namespace, byKey] of byNamespace) {
      for (const [key, stored] of byKey) {
        const snapshot = snapshotStored(this.kind, stored, policy, now);
        if (snapshot === undefined) continue;
        entries.push([key, namespace, snapshot[0]]);
        ttlTimestamps.push(snapshot[1]);
      }
    }
    return entries.length === 0 ? undefined : { keyGroup, entries, ttlTimestamps };
  }

  /** Adds the snapshot's key groups that fall in this table's range; returns how many key groups it took. */
  restore(snapshot: StateSnapshot): number {
    this.thawAll();
    const first = this.context.startKeyGroup;
    let taken = 0;
    this.adoptFormatOf(snapshot);
    for (const { keyGroup, entries, ttlTimestamps, removed } of snapshot.keyGroups) {
      const offset = keyGroup - first;
      if (offset < 0 || offset >= this.keyGroups.length) continue;
      let byNamespace = this.keyGroups[offset];
      if (byNamespace === undefined) byNamespace = this.keyGroups[offset] = new Map();
      for (let i = 0; i < entries.length; i++) {
        const [key, namespace, value] = entries[i];
        let byKey = byNamespace.get(namespace);
        if (byKey === undefined) {
          byKey = new Map();
          byNamespace.set(namespace, byKey);
        }
        byKey.set(key, this.restoredValue(value, ttlTimestamps?.[i], keyGroup));
      }
      for (const [key, namespace] of removed ?? []) {
        const byKey = byNamespace.get(namespace);
        if (byKey?.delete(key) && byKey.size === 0) byNamespace.delete(namespace);
      }
      this.context.markKeyGroupDirty(keyGroup);
      taken++;
    }
    return taken;
  }

  /** A table nobody registered yet that holds nothing takes the snapshot's form (TTL or not). */
  private adoptFormatOf(snapshot: StateSnapshot): void {
    if (this.ttlPolicy !== undefined || this.size() > 0) return;
    const first = snapshot.keyGroups.find((g) => g.entries.length > 0);
    if (first !== undefined) this.ttlForm = first.ttlTimestamps !== undefined;
  }

  /** The stored form of a restored entry, converted to this table's form when the snapshot's differs. */
  private restoredValue(value: unknown, timestamps: TtlTimestamps | undefined, keyGroup: number): unknown {
    if (timestamps === undefined) {
      const plain = restoreValue(this.kind, value);
      return this.ttlForm ? wrapStored(this.kind, plain, this.time.now()) : plain;
    }
    const where = `'${this.name}' (key group ${keyGroup})`;
    const stored = restoreStored(this.kind, value, timestamps, where);
    return this.ttlForm ? stored : unwrapStored(this.kind, stored);
  }

  clearAll(): void {
    // Captured groups stay with their snapshots; the task's are dropped.
    this.frozen.fill(undefined);
    this.frozenForChanges.fill(undefined);
    this.frozenCount = 0;
    this.keyGroups.fill(undefined);
  }
}
