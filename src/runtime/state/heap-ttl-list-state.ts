import type { InternalKvState, ListState } from '../../api/state/state.js';
import { onStateAccess } from './heap-ttl-value-state.js';
import type { InternalMergingState } from './internal-merging-state.js';
import { normalizeNamespace } from './key-normalizer.js';
import type { StateTable } from './state-table.js';
import { purgeExpired, TtlList, type TtlPolicy } from './ttl-value.js';

const EMPTY: readonly never[] = Object.freeze([]);

function nullElement(name: string, where: string): TypeError {
  return new TypeError(
    `ListState '${name}': ${where} got null or undefined; list elements must be values (as in Flink). ` +
      'Filter them out first.',
  );
}

/**
 * Heap ListState with TTL (Flink's TtlListState): every element expires on its own, `ttl` after it was added (or
 * last read, with OnReadAndWrite; update() restamps all). get() returns the stored array itself when nothing
 * expired (treat it as read-only); when some elements expired they are removed, and with
 * ReturnExpiredIfNotCleanedUp this one read still returns them. Contract: task thread only, between setCurrentKey
 * calls of the owning backend.
 */
export class HeapTtlListState<T> implements ListState<T>, InternalKvState<unknown>, InternalMergingState<unknown> {
  constructor(
    private readonly table: StateTable,
    private readonly policy: TtlPolicy,
  ) {}

  setCurrentNamespace(namespace: unknown): void {
    this.table.setNamespace(normalizeNamespace(namespace));
  }

  get(): Iterable<T> {
    const now = onStateAccess(this.table, this.policy);
    const list = this.table.get() as TtlList<T> | undefined;
    if (list === undefined) return EMPTY;
    const before = list.values;
    if (purgeExpired('list', list, this.policy, now)) {
      this.table.remove();
      return this.policy.returnExpired ? before : EMPTY;
    }
    if (this.policy.updateOnRead) list.restamp(now);
    this.table.touch();
    return this.policy.returnExpired ? before : list.values;
  }

  add(value: T): void {
    const now = onStateAccess(this.table, this.policy);
    if (value === undefined || value === null) throw nullElement(this.table.name, 'add()');
    const list = this.table.get() as TtlList<T> | undefined;
    if (list === undefined) {
      this.table.put(new TtlList([value], [now]));
    } else {
      list.push(value, now);
      this.table.touch();
    }
  }

  addAll(values: Iterable<T>): void {
    const now = onStateAccess(this.table, this.policy);
    const added = this.checked(values, 'addAll()');
    if (added.length === 0) return;
    const list = this.table.get() as TtlList<T> | undefined;
    if (list === undefined) {
      this.table.put(new TtlList(added, new Array<number>(added.length).fill(now)));
    } else {
      for (let i = 0; i < added.length; i++) list.push(added[i], now);
      this.table.touch();
    }
  }

  update(values: Iterable<T>): void {
    const now = onStateAccess(this.table, this.policy);
    const list = this.checked(values, 'update()');
    if (list.length === 0) this.table.remove();
    else this.table.put(new TtlList(list, new Array<number>(list.length).fill(now)));
  }

  clear(): void {
    onStateAccess(this.table, this.policy);
    this.table.remove();
  }

  /** Concatenates the lists of `sources` onto `target`'s, keeping each element's timestamp. */
  mergeNamespaces(target: unknown, sources: Iterable<unknown>): void {
    const targetNs = normalizeNamespace(target);
    let merged = this.table.getIn(targetNs) as TtlList<T> | undefined;
    for (const source of sources) {
      const sourceNs = normalizeNamespace(source);
      if (sourceNs === targetNs) continue;
      const list = this.table.removeIn(sourceNs) as TtlList<T> | undefined;
      if (list === undefined) continue;
      if (merged === undefined) {
        merged = list;
        continue;
      }
      for (let i = 0; i < list.values.length; i++) merged.push(list.values[i], list.timestamps[i]);
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
