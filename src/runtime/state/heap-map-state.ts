import type { InternalKvState, MapState } from '../../api/state/state.js';
import { denormalizeKey, type NormalizedKey, normalizeKey, normalizeNamespace } from './key-normalizer.js';
import type { StateTable } from './state-table.js';

const EMPTY: readonly never[] = Object.freeze([]);
const USER_KEY = 'MapState key';

/**
 * Heap MapState: one JS Map per (key, namespace), keyed by the normalized user key, so user keys compare by value
 * like record keys do ([1, 'a'] and [1, 'a'] are one entry). Iteration yields keys equal to the ones put (rebuilt
 * from the normalized form for composite keys). Values are stored by reference. Removing the last entry removes
 * the state. Contract: task thread only, between setCurrentKey calls of the owning backend.
 */
export class HeapMapState<K, V> implements MapState<K, V>, InternalKvState<unknown> {
  constructor(private readonly table: StateTable) {}

  setCurrentNamespace(namespace: unknown): void {
    this.table.setNamespace(normalizeNamespace(namespace));
  }

  get(key: K): V | undefined {
    const map = this.map();
    if (map === undefined) return undefined;
    const value = map.get(normalizeKey(key, USER_KEY));
    if (typeof value === 'object' && value !== null) this.table.touch();
    return value;
  }

  put(key: K, value: V): void {
    const normalized = normalizeKey(key, USER_KEY);
    const map = this.map();
    if (map === undefined) {
      // set() rather than the iterable constructor: no entry array and no iterator protocol for a new key's map
      // (q7 creates one per bid).
      const created = new Map<NormalizedKey, V>();
      created.set(normalized, value);
      this.table.put(created);
    } else {
      map.set(normalized, value);
      this.table.touch();
    }
  }

  putAll(entries: Iterable<readonly [K, V]>): void {
    for (const [key, value] of entries) this.put(key, value);
  }

  remove(key: K): void {
    const normalized = normalizeKey(key, USER_KEY);
    const map = this.map();
    if (map === undefined || !map.delete(normalized)) return;
    if (map.size === 0) this.table.remove();
    else this.table.touch();
  }

  contains(key: K): boolean {
    const normalized = normalizeKey(key, USER_KEY);
    return this.map()?.has(normalized) === true;
  }

  entries(): Iterable<[K, V]> {
    const map = this.mutableMap();
    return map === undefined ? EMPTY : entriesOf(map);
  }

  keys(): Iterable<K> {
    const map = this.map();
    return map === undefined ? EMPTY : keysOf(map);
  }

  values(): Iterable<V> {
    const map = this.mutableMap();
    return map === undefined ? EMPTY : map.values();
  }

  isEmpty(): boolean {
    return this.map() === undefined;
  }

  clear(): void {
    this.table.remove();
  }

  private map(): Map<NormalizedKey, V> | undefined {
    return this.table.get() as Map<NormalizedKey, V> | undefined;
  }

  /** The map, marking the key group dirty: its values go out by reference. */
  private mutableMap(): Map<NormalizedKey, V> | undefined {
    const map = this.map();
    if (map !== undefined) this.table.touch();
    return map;
  }
}

function* entriesOf<K, V>(map: Map<NormalizedKey, V>): Generator<[K, V]> {
  for (const [key, value] of map) yield [denormalizeKey(key) as K, value];
}

function* keysOf<K>(map: Map<NormalizedKey, unknown>): Generator<K> {
  for (const key of map.keys()) yield denormalizeKey(key) as K;
}
