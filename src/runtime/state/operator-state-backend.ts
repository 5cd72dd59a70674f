import type { BroadcastState } from '../../api/functions/broadcast-process-functions.js';
import { describeValue } from '../../api/functions/normalize.js';
import { MapBroadcastState } from '../../api/operators/broadcast-state-store.js';
import type { OperatorStateStore } from '../../api/state/checkpointing.js';
import type { ListStateDescriptor, MapStateDescriptor } from '../../api/state/descriptors.js';
import type { ListState } from '../../api/state/state.js';
import type { OperatorListStateSnapshot, OperatorStateSnapshot } from '../checkpoint/subtask-state.js';

// Non-keyed state of one operator in one subtask (Flink's DefaultOperatorStateBackend): named lists, redistributed
// on rescale either split evenly or as a union, and broadcast maps copied to every subtask. One backend per operator
// (the task creates it before initializeState and restores it from the checkpoint first). Contract: task thread only.

/** How a state was registered: the same name cannot be asked for in two modes. */
type Mode = 'split' | 'union' | 'broadcast';

function modeApi(mode: Mode): string {
  switch (mode) {
    case 'split':
      return 'getListState';
    case 'union':
      return 'getUnionListState';
    case 'broadcast':
      return 'getBroadcastState';
    default: {
      const never: never = mode;
      return String(never);
    }
  }
}

/** One operator list state: a plain array owned by the backend. */
class OperatorListState<T> implements ListState<T> {
  values: T[] = [];
  constructor(
    readonly name: string,
    readonly mode: 'split' | 'union',
  ) {}

  /** The live list (not a copy): do not keep it across snapshotState calls. */
  get(): Iterable<T> {
    return this.values;
  }
  add(value: T): void {
    this.checkValue(value);
    this.values.push(value);
  }
  addAll(values: Iterable<T>): void {
    if (values === null || values === undefined) return;
    for (const v of values) this.add(v);
  }
  update(values: Iterable<T>): void {
    const next: T[] = [];
    if (values !== null && values !== undefined) {
      for (const v of values) {
        this.checkValue(v);
        next.push(v);
      }
    }
    this.values = next;
  }
  clear(): void {
    this.values = [];
  }
  private checkValue(value: T): void {
    if (value === null || value === undefined) {
      throw new TypeError(
        `Operator list state '${this.name}': cannot add ${String(value)}; store a value or leave the entry out`,
      );
    }
  }
}

/**
 * The OperatorStateStore the runtime hands to initializeState. restore() (before the states are asked for) keeps
 * the restored contents until a state of that name is registered; snapshot() includes restored states nobody asked
 * for again, so state survives a run of an operator that did not touch it (as in Flink).
 */
export class OperatorStateBackend implements OperatorStateStore {
  private readonly lists = new Map<string, OperatorListState<unknown>>();
  private readonly broadcasts = new Map<string, MapBroadcastState<unknown, unknown>>();
  private pendingLists = new Map<string, OperatorListStateSnapshot>();
  private pendingBroadcasts = new Map<string, ReadonlyArray<readonly [unknown, unknown]>>();
  private restored = false;

  /** True once restore() was called (the subtask starts from a checkpoint or savepoint). */
  get isRestored(): boolean {
    return this.restored;
  }

  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T> {
    return this.listState(descriptor, 'split') as ListState<T>;
  }

  getUnionListState<T>(descriptor: ListStateDescriptor<T>): ListState<T> {
    return this.listState(descriptor, 'union') as ListState<T>;
  }

  getBroadcastState<K, V>(descriptor: MapStateDescriptor<K, V>): BroadcastState<K, V> {
    const name = checkDescriptor(descriptor, 'map', 'getBroadcastState', 'MapStateDescriptor');
    const existing = this.broadcasts.get(name);
    if (existing !== undefined) return existing as BroadcastState<K, V>;
    this.checkMode(name, 'broadcast');
    const state = new MapBroadcastState<unknown, unknown>();
    const restored = this.pendingBroadcasts.get(name);
    if (restored !== undefined) {
      state.putAll(restored);
      this.pendingBroadcasts.delete(name);
    }
    this.broadcasts.set(name, state);
    return state as BroadcastState<K, V>;
  }

  /**
   * Plain-data copy for a checkpoint: containers are copied, values are references (state values are immutable by
   * contract), so later changes to the states do not reach the copy.
   */
  snapshot(): OperatorStateSnapshot {
    const lists = new Map<string, OperatorListStateSnapshot>(this.pendingLists);
    for (const [name, state] of this.lists) lists.set(name, { mode: state.mode, values: state.values.slice() });
    const broadcast = new Map<string, ReadonlyArray<readonly [unknown, unknown]>>(this.pendingBroadcasts);
    for (const [name, state] of this.broadcasts) broadcast.set(name, Array.from(state.entries()));
    return { lists, broadcast };
  }

  /**
   * Takes the state of a (redistributed) snapshot. Call once, before the operator's initializeState; states
   * already registered get the restored contents too. The snapshot's containers are copied, values kept by reference.
   */
  restore(snapshot: OperatorStateSnapshot): void {
    if (snapshot === null || typeof snapshot !== 'object' || !(snapshot.lists instanceof Map)) {
      throw new TypeError(
        `OperatorStateBackend.restore expects an OperatorStateSnapshot, got ${describeValue(snapshot)}`,
      );
    }
    this.restored = true;
    for (const [name, list] of snapshot.lists) {
      if (this.broadcasts.has(name) || this.pendingBroadcasts.has(name)) throw modeError(name, 'broadcast', list.mode);
      const registered = this.lists.get(name);
      if (registered === undefined) {
        this.pendingLists.set(name, { mode: list.mode, values: list.values.slice() });
      } else {
        if (registered.mode !== list.mode) throw modeError(name, registered.mode, list.mode);
        registered.values = list.values.slice();
      }
    }
    for (const [name, entries] of snapshot.broadcast) {
      const list = this.lists.get(name) ?? this.pendingLists.get(name);
      if (list !== undefined) throw modeError(name, list.mode, 'broadcast');
      const registered = this.broadcasts.get(name);
      if (registered === undefined) this.pendingBroadcasts.set(name, entries.slice());
      else {
        registered.clear();
        registered.putAll(entries);
      }
    }
  }

  private listState(descriptor: ListStateDescriptor<unknown>, mode: 'split' | 'union'): OperatorListState<unknown> {
    const name = checkDescriptor(descriptor, 'list', modeApi(mode), 'ListStateDescriptor');
    const existing = this.lists.get(name);
    if (existing !== undefined) {
      if (existing.mode !== mode) throw modeError(name, existing.mode, mode);
      return existing;
    }
    this.checkMode(name, mode);
    const state = new OperatorListState<unknown>(name, mode);
    const restored = this.pendingLists.get(name);
    if (restored !== undefined) {
      state.values = restored.values.slice();
      this.pendingLists.delete(name);
    }
    this.lists.set(name, state);
    return state;
  }

  /** A name registered (or restored) in another mode is an error, as in Flink. */
  private checkMode(name: string, mode: Mode): void {
    const list = this.lists.get(name) ?? this.pendingLists.get(name);
    if (list !== undefined && list.mode !== mode) throw modeError(name, list.mode, mode);
    if (mode !== 'broadcast' && (this.broadcasts.has(name) || this.pendingBroadcasts.has(name))) {
      throw modeError(name, 'broadcast', mode);
    }
  }
}

function checkDescriptor(
  descriptor: { readonly kind?: string; readonly name?: string } | null | undefined,
  kind: string,
  api: string,
  expected: string,
): string {
  if (descriptor === null || typeof descriptor !== 'object' || descriptor.kind !== kind) {
    throw new TypeError(`OperatorStateStore.${api} expects a ${expected}, got ${describeValue(descriptor)}`);
  }
  return descriptor.name as string;
}

function modeError(name: string, existing: Mode, requested: Mode): Error {
  return new Error(
    `Operator state '${name}' exists as ${existing} state (${modeApi(existing)}) but was requested with ` +
      `${modeApi(requested)}: one name has one redistribution mode; use another state name or the same method`,
  );
}
