import type { AggregateFunction, ReduceFunction } from '../../api/functions/functions.js';
import type { AggregatingState, InternalKvState, ReducingState } from '../../api/state/state.js';
import { liveTtlValue, onStateAccess, readTtlValue, writeTtlValue } from './heap-ttl-value-state.js';
import type { InternalMergingState } from './internal-merging-state.js';
import { normalizeNamespace } from './key-normalizer.js';
import type { StateTable } from './state-table.js';
import { type TtlPolicy, TtlValue } from './ttl-value.js';

// Reducing and aggregating heap states with TTL (Flink's TtlReducingState / TtlAggregatingState): add() folds into
// the stored value only while it is live (an expired one counts as absent) and stamps the result with the current
// time under both update types. add(null or undefined) clears, as without TTL.
// Contract: task thread only, between setCurrentKey calls of the owning backend.

/** Folds the live values of `sources` and `target` into `target`, stamped now; expired ones are dropped. */
function mergeLive<V>(
  table: StateTable,
  policy: TtlPolicy,
  target: unknown,
  sources: Iterable<unknown>,
  merge: (a: V, b: V) => V,
): void {
  const now = policy.now();
  const targetNs = normalizeNamespace(target);
  const current = table.getIn(targetNs) as TtlValue<V> | undefined;
  let merged = current === undefined || policy.isExpired(current.timestamp, now) ? undefined : current.value;
  for (const source of sources) {
    const sourceNs = normalizeNamespace(source);
    if (sourceNs === targetNs) continue;
    const stored = table.removeIn(sourceNs) as TtlValue<V> | undefined;
    if (stored === undefined || policy.isExpired(stored.timestamp, now)) continue;
    merged = merged === undefined ? stored.value : merge(merged, stored.value);
  }
  if (merged !== undefined) table.putIn(targetNs, new TtlValue(merged, now));
  else if (current !== undefined) table.removeIn(targetNs);
}

export class HeapTtlReducingState<T>
  implements ReducingState<T>, InternalKvState<unknown>, InternalMergingState<unknown>
{
  private readonly reduce: (a: T, b: T) => T;

  constructor(
    private readonly table: StateTable,
    private readonly policy: TtlPolicy,
    reduceFunction: ReduceFunction<T>,
  ) {
    this.reduce = typeof reduceFunction === 'function' ? reduceFunction : (a, b) => reduceFunction.reduce(a, b);
  }

  setCurrentNamespace(namespace: unknown): void {
    this.table.setNamespace(normalizeNamespace(namespace));
  }

  get(): T | undefined {
    const now = onStateAccess(this.table, this.policy);
    const stored = readTtlValue<T>(this.table, this.policy, now);
    if (stored === undefined) return undefined;
    if (typeof stored.value === 'object' && stored.value !== null) this.table.touch();
    return stored.value;
  }

  add(value: T): void {
    const now = onStateAccess(this.table, this.policy);
    if (value === undefined || value === null) {
      this.table.remove();
      return;
    }
    const current = liveTtlValue<T>(this.table, this.policy, now);
    writeTtlValue(this.table, current === undefined ? value : this.reduce(current.value, value), now);
  }

  clear(): void {
    onStateAccess(this.table, this.policy);
    this.table.remove();
  }

  mergeNamespaces(target: unknown, sources: Iterable<unknown>): void {
    mergeLive(this.table, this.policy, target, sources, this.reduce);
  }
}

export class HeapTtlAggregatingState<IN, ACC, OUT>
  implements AggregatingState<IN, OUT>, InternalKvState<unknown>, InternalMergingState<unknown>
{
  constructor(
    private readonly table: StateTable,
    private readonly policy: TtlPolicy,
    private readonly fn: AggregateFunction<IN, ACC, OUT>,
  ) {}

  setCurrentNamespace(namespace: unknown): void {
    this.table.setNamespace(normalizeNamespace(namespace));
  }

  get(): OUT | undefined {
    const now = onStateAccess(this.table, this.policy);
    const stored = readTtlValue<ACC>(this.table, this.policy, now);
    if (stored === undefined) return undefined;
    const result = this.fn.getResult(stored.value);
    if (typeof result === 'object' && result !== null) this.table.touch();
    return result;
  }

  add(value: IN): void {
    const now = onStateAccess(this.table, this.policy);
    if (value === undefined || value === null) {
      this.table.remove();
      return;
    }
    const current = liveTtlValue<ACC>(this.table, this.policy, now);
    const accumulator = current === undefined ? this.fn.createAccumulator() : current.value;
    writeTtlValue(this.table, this.fn.add(value, accumulator), now);
  }

  clear(): void {
    onStateAccess(this.table, this.policy);
    this.table.remove();
  }

  mergeNamespaces(target: unknown, sources: Iterable<unknown>): void {
    mergeLive<ACC>(this.table, this.policy, target, sources, (a, b) => this.fn.merge(a, b));
  }
}
