import type { InternalKvState, MapState } from '../../api/state/state.js';
import { onStateAccess } from './heap-ttl-value-state.js';
import { denormalizeKey, type NormalizedKey, normalizeKey, normalizeNamespace } from './key-normalizer.js';
import type { StateTable } from './state-table.js';
import { type TtlPolicy, TtlValue } from './ttl-value.js';

const EMPTY: readonly never[] = Object.freeze([]);
const USER_KEY = 'MapState key';

type TtlMap<V> = Map<NormalizedKey, TtlValue<V>>;

/**
 * Heap MapState with TTL (Flink's TtlMapState): every entry expires on its own, `ttl` after its last put (or
 * read, with OnReadAndWrite). Reads and iteration remove the expired entries they meet; with
 * ReturnExpiredIfNotCleanedUp that one read still sees them. User keys compare by value, values are stored by
 * reference, as without TTL. Contract: task thread only, between setCurrentKey calls of the owning backend.
 */
export class HeapTtlMapState<K, V> implements MapState<K, V>, InternalKvState<unknown> {
  constructor(
    private readonly table: StateTable,
    private readonly policy: TtlPolicy,
  ) {}

  setCurrentNamespace(namespace: unknown): void {
    this.table.setNamespace(normalizeNamespace(namespace));
  }

  get(key: K): V | undefined {
    const now = onStateAccess(this.table, this.policy);
    const entry = this.readEntry(normalizeKey(key, USER_KEY), now);
    if (entry === undefined) return undefined;
    if (typeof entry.value === 'object' && entry.value !== null) this.table.touch();
    return entry.value;
  }

  put(key: K, value: V): void {
    const now = onStateAccess(this.table, this.policy);
    this.putNormalized(normalizeKey(key, USER_KEY), value, now);
  }

  putAll(entries: Iterable<readonly [K, V]>): void {
    const now = onStateAccess(this.table, this.policy);
    for (const [key, value] of entries) this.putNormalized(normalizeKey(key, USER_KEY), value, now);
  }

  remove(key: K): void {
    onStateAccess(this.table, this.policy);
    const normalized = normalizeKey(key, USER_KEY);
    const map = this.map();
    if (map === undefined || !map.delete(normalized)) return;
    if (map.size === 0) this.table.remove();
    else this.table.touch();
  }

  contains(key: K): boolean {
    const now = onStateAccess(this.table, this.policy);
    return this.readEntry(normalizeKey(key, USER_KEY), now) !== undefined;
  }

  entries(): Iterable<[K, V]> {
    onStateAccess(this.table, this.policy);
    const map = this.map();
    return map === undefined ? EMPTY : this.visit(map, 'entries');
  }

  keys(): Iterable<K> {
    onStateAccess(this.table, this.policy);
    const map = this.map();
    return map === undefined ? EMPTY : this.visit(map, 'keys');
  }

  values(): Iterable<V> {
    onStateAccess(this.table, this.policy);
    const map = this.map();
    return map === undefined ? EMPTY : this.visit(map, 'values');
  }

  isEmpty(): boolean {
    onStateAccess(this.table, this.policy);
    const map = this.map();
    if (map === undefined) return true;
    for (const _ of this.visit(map, 'keys')) return false;
    return true;
  }

  clear(): void {
    onStateAccess(this.table, this.policy);
    this.table.remove();
  }

  private map(): TtlMap<V> | undefined {
    return this.table.get() as TtlMap<V> | undefined;
  }

  private putNormalized(key: NormalizedKey, value: V, now: number): void {
    const map = this.map();
    if (map === undefined) {
      const created: TtlMap<V> = new Map();
      created.set(key, new TtlValue(value, now));
      this.table.put(created);
      return;
    }
    const entry = map.get(key);
    if (entry === undefined) {
      map.set(key, new TtlValue(value, now));
    } else {
      entry.value = value;
      entry.timestamp = now;
    }
    this.table.touch();
  }

  /** The entry for `key` as visible under the policy: expired entries are removed (and returned if allowed). */
  private readEntry(key: NormalizedKey, now: number): TtlValue<V> | undefined {
    const map = this.map();
    if (map === undefined) return undefined;
    const entry = map.get(key);
    if (entry === undefined) return undefined;
    if (this.policy.isExpired(entry.timestamp, now)) {
      map.delete(key);
      if (map.size === 0) this.table.remove();
      else this.table.touch();
      return this.policy.returnExpired ? entry : undefined;
    }
    if (this.policy.updateOnRead) {
      entry.timestamp = now;
      this.table.touch();
    }
    return entry;
  }

  /** Lazily yields the visible entries, removing expired ones as it passes them (Map iteration allows deletes). */
  private visit(map: TtlMap<V>, what: 'entries'): Generator<[K, V]>;
  private visit(map: TtlMap<V>, what: 'keys'): Generator<K>;
  private visit(map: TtlMap<V>, what: 'values'): Generator<V>;
  private *visit(map: TtlMap<V>, what: 'entries' | 'keys' | 'values'): Generator<[K, V] | K | V> {
    const { policy, table } = this;
    const now = policy.now();
    // The caller may keep values by reference or the timestamps may change: the key group is dirty either way.
    table.touch();
    for (const [key, entry] of map) {
      if (policy.isExpired(entry.timestamp, now)) {
        map.delete(key);
        if (map.size === 0 && table.get() === map) table.remove();
        if (!policy.returnExpired) continue;
      } else if (policy.updateOnRead) {
        entry.timestamp = now;
      }
      if (what === 'keys') yield denormalizeKey(key) as K;
      else if (what === 'values') yield entry.value;
      else yield [denormalizeKey(key) as K, entry.value];
    }
  }
}
