import type { NormalizedKey, NormalizedNamespace } from './key-normalizer.js';

// Flink's incremental TTL cleanup for heap state: a lazy, global iterator over all entries of one state table that
// every cleanup step advances by a few entries, removing what expired. Per (key group, namespace) it copies the
// keys into an array once and then walks it with an index, so a step allocates nothing per entry; keys removed
// meanwhile are skipped, keys added meanwhile wait for the next pass. Namespace iteration uses a live Map
// iterator (valid while the map changes). Contract: task thread only, owned by one StateTable.

type KeyMap = Map<NormalizedKey, unknown>;
type NamespaceMap = Map<NormalizedNamespace, KeyMap>;

/** Decides for one stored value: true = remove the entry (it may also trim the value in place). */
export type ExpiryCheck = (stored: unknown) => boolean;

export class TtlCleanupCursor {
  /** Index into the table's key-group array of the key group being visited; -1 before the first. */
  private offset = -1;
  private byNamespace: NamespaceMap | undefined = undefined;
  private namespaces: Iterator<[NormalizedNamespace, KeyMap]> | undefined = undefined;
  private namespace: NormalizedNamespace = '';
  private byKey: KeyMap | undefined = undefined;
  /** The keys of byKey when the cursor reached it, or undefined between namespaces. */
  private keys: NormalizedKey[] | undefined = undefined;
  private index = 0;

  constructor(
    private readonly keyGroups: readonly (NamespaceMap | undefined)[],
    /** Called for every removal with its key-group index (into keyGroups), so snapshots see the change. */
    private readonly onRemoved: (offset: number, namespace: NormalizedNamespace, key: NormalizedKey) => void,
  ) {}

  /** Checks up to `count` entries, continuing where the previous call stopped; at most one pass per call. */
  advance(count: number, isExpired: ExpiryCheck): void {
    let checked = 0;
    let wrapped = false;
    while (checked < count) {
      const keys = this.keys;
      if (keys !== undefined) {
        if (this.index < keys.length) {
          const key = keys[this.index++];
          const stored = (this.byKey as KeyMap).get(key);
          if (stored === undefined) continue;
          checked++;
          if (isExpired(stored)) this.remove(key);
          continue;
        }
        this.keys = undefined;
        this.byKey = undefined;
      }
      if (this.nextNamespace()) continue;
      if (!this.nextKeyGroup()) {
        if (wrapped) return;
        wrapped = true;
        this.offset = -1;
        this.nextKeyGroup();
      }
    }
  }

  private remove(key: NormalizedKey): void {
    const byKey = this.byKey as KeyMap;
    byKey.delete(key);
    if (byKey.size === 0 && this.byNamespace?.get(this.namespace) === byKey) this.byNamespace.delete(this.namespace);
    this.onRemoved(this.offset, this.namespace, key);
  }

  /** Moves to the next namespace of the current key group; false when there is none. */
  private nextNamespace(): boolean {
    const namespaces = this.namespaces;
    if (namespaces === undefined) return false;
    const next = namespaces.next();
    if (next.done) {
      this.namespaces = undefined;
      return false;
    }
    this.namespace = next.value[0];
    this.byKey = next.value[1];
    this.keys = Array.from(this.byKey.keys());
    this.index = 0;
    return true;
  }

  /** Moves to the next key group that has state; false at the end of the table. */
  private nextKeyGroup(): boolean {
    const keyGroups = this.keyGroups;
    for (let offset = this.offset + 1; offset < keyGroups.length; offset++) {
      const byNamespace = keyGroups[offset];
      if (byNamespace === undefined || byNamespace.size === 0) continue;
      this.offset = offset;
      this.byNamespace = byNamespace;
      this.namespaces = byNamespace.entries();
      return true;
    }
    this.offset = keyGroups.length;
    this.byNamespace = undefined;
    return false;
  }
}
