import type { InternalKvState, ListState } from '../../api/state/state.js';
import type { InternalMergingState } from './internal-merging-state.js';
import { normalizeNamespace } from './key-normalizer.js';
import type { StateTable } from './state-table.js';

const EMPTY: readonly never[] = Object.freeze([]);

function nullElement(name: string, where: string): TypeError {
  return new TypeError(
    `ListState '${name}': ${where} got null or undefined; list elements must be values (as in Flink). ` +
      'Filter them out first.',
  );
}

/**
 * Heap ListState over a JS array per (key, namespace). get() returns the stored array itself (no copy): treat it
 * as read-only; an empty state returns a shared frozen empty array. Null and undefined elements are rejected.
 * Contract: task thread only, between setCurrentKey calls of the owning backend.
 */
export class HeapListState<T> implements ListState<T>, InternalKvState<unknown>, InternalMergingState<unknown> {
  constructor(private readonly table: StateTable) {}

  setCurrentNamespace(namespace: unknown): void {
    this.table.setNamespace(normalizeNamespace(namespace));
  }

  get(): Iterable<T> {
    const list = this.table.get() as T[] | undefined;
    if (list === undefined) return EMPTY;
    this.table.touch();
    return list;
  }

  add(value: T): void {
    if (value === undefined || value === null) throw nullElement(this.table.name, 'add()');
    const list = this.table.get() as T[] | undefined;
    if (list === undefined) {
      this.table.put([value]);
    } else {
      list.push(value);
      this.table.touch();
    }
  }

  addAll(values: Iterable<T>): void {
    const added = this.checked(values, 'addAll()');
    if (added.length === 0) return;
    const list = this.table.get() as T[] | undefined;
    if (list === undefined) {
      this.table.put(added);
    } else {
      for (let i = 0; i < added.length; i++) list.push(added[i]);
      this.table.touch();
    }
  }

  update(values: Iterable<T>): void {
    const list = this.checked(values, 'update()');
    if (list.length === 0) this.table.remove();
    else this.table.put(list);
  }

  clear(): void {
    this.table.remove();
  }

  mergeNamespaces(target: unknown, sources: Iterable<unknown>): void {
    const targetNs = normalizeNamespace(target);
    let merged = this.table.getIn(targetNs) as T[] | undefined;
    for (const source of sources) {
      const sourceNs = normalizeNamespace(source);
      if (sourceNs === targetNs) continue;
      const list = this.table.removeIn(sourceNs) as T[] | undefined;
      if (list === undefined) continue;
      if (merged === undefined) merged = list;
      else for (let i = 0; i < list.length; i++) merged.push(list[i]);
    }
    if (merged !== undefined) this.table.putIn(targetNs, merged);
  }

  /** A fresh array of the values (the caller's iterable is never kept), rejecting null elements. */
  private checked(values: Iterable<T> | null | undefined, where: string): T[] {
    if (values === undefined || values === null) return [];
    const list = Array.from(values);
    for (let i = 0; i < list.length; i++) {
      if (list[i] === undefined || list[i] === null) throw nullElement(this.table.name, where);
    }
    return list;
  }
}
