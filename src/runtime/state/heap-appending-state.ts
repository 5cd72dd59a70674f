import type { AggregateFunction, ReduceFunction } from '../../api/functions/functions.js';
import type { AggregatingState, InternalKvState, ReducingState } from '../../api/state/state.js';
import type { InternalMergingState } from './internal-merging-state.js';
import { normalizeNamespace } from './key-normalizer.js';
import type { StateTable } from './state-table.js';

// Reducing and aggregating heap states: add() folds a value into the stored one. As in Flink, add(null or
// undefined) clears the state. Contract: task thread only, between setCurrentKey calls of the owning backend.

/** Resolves a ReduceFunction (plain function or object) once, so add() makes one direct call. */
function reducerOf<T>(fn: ReduceFunction<T>): (a: T, b: T) => T {
  return typeof fn === 'function' ? fn : (a, b) => fn.reduce(a, b);
}

/** Folds the state of `sources` into `target` (namespace merging), leaving the sources empty. */
function mergeInto<V>(table: StateTable, target: unknown, sources: Iterable<unknown>, merge: (a: V, b: V) => V): void {
  const targetNs = normalizeNamespace(target);
  let merged = table.getIn(targetNs) as V | undefined;
  for (const source of sources) {
    const sourceNs = normalizeNamespace(source);
    if (sourceNs === targetNs) continue;
    const value = table.removeIn(sourceNs) as V | undefined;
    if (value === undefined) continue;
    merged = merged === undefined ? value : merge(merged, value);
  }
  if (merged !== undefined) table.putIn(targetNs, merged);
}

export class HeapReducingState<T> implements ReducingState<T>, InternalKvState<unknown>, InternalMergingState<unknown> {
  private readonly reduce: (a: T, b: T) => T;

  constructor(
    private readonly table: StateTable,
    reduceFunction: ReduceFunction<T>,
  ) {
    this.reduce = reducerOf(reduceFunction);
  }

  setCurrentNamespace(namespace: unknown): void {
    this.table.setNamespace(normalizeNamespace(namespace));
  }

  get(): T | undefined {
    const value = this.table.get() as T | undefined;
    if (typeof value === 'object' && value !== null) this.table.touch();
    return value;
  }

  add(value: T): void {
    if (value === undefined || value === null) {
      this.table.remove();
      return;
    }
    const current = this.table.get() as T | undefined;
    this.table.put(current === undefined ? value : this.reduce(current, value));
  }

  clear(): void {
    this.table.remove();
  }

  mergeNamespaces(target: unknown, sources: Iterable<unknown>): void {
    mergeInto(this.table, target, sources, this.reduce);
  }
}

export class HeapAggregatingState<IN, ACC, OUT>
  implements AggregatingState<IN, OUT>, InternalKvState<unknown>, InternalMergingState<unknown>
{
  constructor(
    private readonly table: StateTable,
    private readonly fn: AggregateFunction<IN, ACC, OUT>,
  ) {}

  setCurrentNamespace(namespace: unknown): void {
    this.table.setNamespace(normalizeNamespace(namespace));
  }

  get(): OUT | undefined {
    const accumulator = this.table.get() as ACC | undefined;
    if (accumulator === undefined) return undefined;
    // getResult may hand out the accumulator itself; a mutable result may change the state.
    const result = this.fn.getResult(accumulator);
    if (typeof result === 'object' && result !== null) this.table.touch();
    return result;
  }

  add(value: IN): void {
    if (value === undefined || value === null) {
      this.table.remove();
      return;
    }
    const current = this.table.get() as ACC | undefined;
    this.table.put(this.fn.add(value, current === undefined ? this.fn.createAccumulator() : current));
  }

  clear(): void {
    this.table.remove();
  }

  mergeNamespaces(target: unknown, sources: Iterable<unknown>): void {
    mergeInto<ACC>(this.table, target, sources, (a, b) => this.fn.merge(a, b));
  }
}
