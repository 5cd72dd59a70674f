import { VOID_NAMESPACE } from '../../api/state/keyed-state-backend.js';
import type { NormalizedKey, NormalizedNamespace } from './key-normalizer.js';

// The keys of one state table written (put, removed, or handed out by reference) since the changes were last taken,
// per key group: what an incremental checkpoint writes (decision 24). Marking the key marked last (a read that
// handed out a value, then its write) is three compares; another key already marked costs two hash lookups and
// allocates nothing; the first mark of a key adds it to a Set. Contract: task thread only, owned by one StateTable.

/** Changed keys of one key group, by namespace. */
export type ChangedKeys = Map<NormalizedNamespace, Set<NormalizedKey>>;

/** What changed between two takes: per key-group offset (index into the table's range) its changed keys. */
export interface TakenChanges {
  /** Offsets with changes, ascending. */
  readonly offsets: readonly number[];
  readonly groups: readonly (ChangedKeys | undefined)[];
}

export const NO_CHANGES: TakenChanges = { offsets: [], groups: [] };

export class KeyChanges {
  /** Changed keys in namespaces other than VOID_NAMESPACE, per offset. */
  private groups: (ChangedKeys | undefined)[];
  /** Changed keys in VOID_NAMESPACE (states outside windows: most writes), per offset: one lookup fewer. */
  private voidKeys: (Set<NormalizedKey> | undefined)[];
  /** Offsets with any change, in first-change order. */
  private offsets: number[] = [];
  /** The last mark, to skip repeating it (offset -1: none since the last take). */
  private lastOffset = -1;
  private lastNamespace: NormalizedNamespace = '';
  private lastKey: NormalizedKey = '';

  constructor(private readonly numberOfKeyGroups: number) {
    this.groups = new Array(numberOfKeyGroups).fill(undefined);
    this.voidKeys = new Array(numberOfKeyGroups).fill(undefined);
  }

  /** Records that `key` in `namespace` of key group `offset` changed (or may change: handed out by reference). */
  mark(offset: number, namespace: NormalizedNamespace, key: NormalizedKey): void {
    if (key === this.lastKey && offset === this.lastOffset && namespace === this.lastNamespace) return;
    this.lastOffset = offset;
    this.lastNamespace = namespace;
    this.lastKey = key;
    if (namespace === VOID_NAMESPACE) {
      let keys = this.voidKeys[offset];
      if (keys === undefined) {
        keys = new Set();
        this.voidKeys[offset] = keys;
        if (this.groups[offset] === undefined) this.offsets.push(offset);
      }
      keys.add(key);
      return;
    }
    let group = this.groups[offset];
    if (group === undefined) {
      group = new Map();
      this.groups[offset] = group;
      if (this.voidKeys[offset] === undefined) this.offsets.push(offset);
    }
    let keys = group.get(namespace);
    if (keys === undefined) {
      keys = new Set();
      group.set(namespace, keys);
    }
    keys.add(key);
  }

  /** Number of changed (key, namespace) pairs; for tests and metrics. */
  size(): number {
    let count = 0;
    for (const offset of this.offsets) {
      count += this.voidKeys[offset]?.size ?? 0;
      for (const keys of this.groups[offset]?.values() ?? []) count += keys.size;
    }
    return count;
  }

  /** Hands over the changes recorded so far and starts recording afresh. */
  take(): TakenChanges {
    if (this.offsets.length === 0) return NO_CHANGES;
    for (const offset of this.offsets) {
      const keys = this.voidKeys[offset];
      if (keys === undefined) continue;
      let group = this.groups[offset];
      if (group === undefined) {
        group = new Map();
        this.groups[offset] = group;
      }
      group.set(VOID_NAMESPACE, keys);
    }
    const taken: TakenChanges = { offsets: this.offsets.sort((a, b) => a - b), groups: this.groups };
    this.groups = new Array(this.numberOfKeyGroups).fill(undefined);
    this.voidKeys = new Array(this.numberOfKeyGroups).fill(undefined);
    this.offsets = [];
    this.lastOffset = -1;
    return taken;
  }
}

/**
 * The union of the changes of several takes for one key group offset (oldest first); the only take's map itself
 * when just one has changes there (no copy).
 */
export function changesAt(takes: readonly TakenChanges[], offset: number): ChangedKeys | undefined {
  let found: ChangedKeys | undefined;
  let merged: ChangedKeys | undefined;
  for (const take of takes) {
    const group = take.groups[offset];
    if (group === undefined) continue;
    if (found === undefined) {
      found = group;
      continue;
    }
    if (merged === undefined) {
      merged = new Map();
      for (const [namespace, keys] of found) merged.set(namespace, new Set(keys));
    }
    for (const [namespace, keys] of group) {
      const into = merged.get(namespace);
      if (into === undefined) merged.set(namespace, new Set(keys));
      else for (const key of keys) into.add(key);
    }
  }
  return merged ?? found;
}

/** The offsets with changes in any of `takes`, ascending. */
export function changedOffsets(takes: readonly TakenChanges[]): number[] {
  if (takes.length === 1) return takes[0].offsets.slice();
  const all = new Set<number>();
  for (const take of takes) for (const offset of take.offsets) all.add(offset);
  return [...all].sort((a, b) => a - b);
}
