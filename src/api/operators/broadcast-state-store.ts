import type { BroadcastState, ReadOnlyBroadcastState } from '../functions/broadcast-process-functions.js';
import { describeValue } from '../functions/normalize.js';
import type { MapStateDescriptor } from '../state/descriptors.js';

// Broadcast state of one broadcast operator in one subtask: a map per MapStateDescriptor, held by the operator.
// Every subtask receives every broadcast element and applies it the same way, so the maps are identical across
// subtasks (Flink's contract; processBroadcastElement must be deterministic). Keys compare by value: primitives as
// themselves, arrays/plain objects/Dates through a canonical string.

const OBJECT_KEY_PREFIX = '\u0000key:';

/** Primitives map to themselves; composite keys to a canonical string so equal keys are one entry. */
export function canonicalKey(key: unknown): unknown {
  if (key === null || (typeof key !== 'object' && typeof key !== 'function')) return key;
  return OBJECT_KEY_PREFIX + encode(key);
}

function encode(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
    case 'boolean':
      return String(v);
    case 'bigint':
      return `${v}n`;
    case 'object':
      if (Array.isArray(v)) return `[${v.map(encode).join(',')}]`;
      if (v instanceof Date) return `D${v.getTime()}`;
      return `{${Object.keys(v)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${encode((v as Record<string, unknown>)[k])}`)
        .join(',')}}`;
    default:
      throw new TypeError(`Broadcast state keys must be primitives, arrays or plain objects, got ${describeValue(v)}`);
  }
}

/** One broadcast state (the map of one descriptor). */
export class MapBroadcastState<K, V> implements BroadcastState<K, V> {
  private readonly map = new Map<unknown, V>();
  /** Original keys of composite entries, by canonical key. */
  private readonly originals = new Map<unknown, K>();
  readonly readOnly: ReadOnlyBroadcastState<K, V> = new ReadOnlyView(this);

  get size(): number {
    return this.map.size;
  }
  get(key: K): V | undefined {
    return this.map.get(canonicalKey(key));
  }
  contains(key: K): boolean {
    return this.map.has(canonicalKey(key));
  }
  put(key: K, value: V): void {
    const k = canonicalKey(key);
    if (k !== key) this.originals.set(k, key);
    this.map.set(k, value);
  }
  putAll(entries: Iterable<readonly [K, V]>): void {
    for (const [k, v] of entries) this.put(k, v);
  }
  remove(key: K): void {
    const k = canonicalKey(key);
    this.map.delete(k);
    this.originals.delete(k);
  }
  clear(): void {
    this.map.clear();
    this.originals.clear();
  }
  *entries(): IterableIterator<[K, V]> {
    for (const [k, v] of this.map) yield [this.originalKey(k), v];
  }
  immutableEntries(): Iterable<readonly [K, V]> {
    return this.entries();
  }
  *keys(): IterableIterator<K> {
    for (const k of this.map.keys()) yield this.originalKey(k);
  }
  values(): IterableIterator<V> {
    return this.map.values();
  }
  private originalKey(k: unknown): K {
    return (this.originals.size > 0 && this.originals.has(k) ? this.originals.get(k) : k) as K;
  }
}

/** What the non-broadcast side gets: reads only (no put/remove at run time either). */
class ReadOnlyView<K, V> implements ReadOnlyBroadcastState<K, V> {
  constructor(private readonly state: BroadcastState<K, V>) {}
  get size(): number {
    return this.state.size;
  }
  get(key: K): V | undefined {
    return this.state.get(key);
  }
  contains(key: K): boolean {
    return this.state.contains(key);
  }
  immutableEntries(): Iterable<readonly [K, V]> {
    return this.state.entries();
  }
}

interface Slot {
  readonly descriptor: MapStateDescriptor<unknown, unknown>;
  writable: BroadcastState<unknown, unknown>;
  readOnly: ReadOnlyBroadcastState<unknown, unknown>;
}

/**
 * The broadcast states of one operator, by descriptor name; only the descriptors given to broadcast(...) exist.
 * They start as operator-local maps; bind() swaps in the states of the operator state store handed to
 * initializeState, so the runtime checkpoints and restores them. Contexts look states up per call, so binding
 * after the contexts were built is fine. Task thread only.
 */
export class BroadcastStateStore {
  private readonly states = new Map<string, Slot>();

  constructor(descriptors: readonly MapStateDescriptor<unknown, unknown>[]) {
    if (!Array.isArray(descriptors) || descriptors.length === 0) {
      throw new TypeError('A broadcast operator needs the MapStateDescriptors given to broadcast(...), got none');
    }
    for (const d of descriptors) {
      if (d === null || typeof d !== 'object' || d.kind !== 'map') {
        throw new TypeError(`Broadcast state is declared with MapStateDescriptors, got ${describeValue(d)}`);
      }
      if (this.states.has(d.name)) throw new Error(`Broadcast state '${d.name}' is declared twice in broadcast(...)`);
      const state = new MapBroadcastState<unknown, unknown>();
      this.states.set(d.name, { descriptor: d, writable: state, readOnly: state.readOnly });
    }
  }

  /** Takes every declared broadcast state from `store` (called from the operator's initializeState). */
  bind(store: BroadcastStateSource): void {
    for (const slot of this.states.values()) {
      const state = store.getBroadcastState(slot.descriptor);
      slot.writable = state;
      slot.readOnly = state instanceof MapBroadcastState ? state.readOnly : new ReadOnlyView(state);
    }
  }

  get<K, V>(descriptor: MapStateDescriptor<K, V>): BroadcastState<K, V> {
    return this.slot(descriptor).writable as BroadcastState<K, V>;
  }

  getReadOnly<K, V>(descriptor: MapStateDescriptor<K, V>): ReadOnlyBroadcastState<K, V> {
    return this.slot(descriptor).readOnly as ReadOnlyBroadcastState<K, V>;
  }

  private slot(descriptor: MapStateDescriptor<unknown, unknown> | null | undefined): Slot {
    const slot = descriptor === null || descriptor === undefined ? undefined : this.states.get(descriptor.name);
    if (slot === undefined) {
      throw new Error(
        `The requested state does not exist: broadcast state '${descriptor?.name}'. Check for typos in your state descriptor, or pass the descriptor to datastream.broadcast(...) if you forgot to register it (registered: ${[...this.states.keys()].join(', ')}).`,
      );
    }
    return slot;
  }
}

/** Where bound broadcast states come from (the OperatorStateStore of initializeState). */
export interface BroadcastStateSource {
  getBroadcastState<K, V>(descriptor: MapStateDescriptor<K, V>): BroadcastState<K, V>;
}
