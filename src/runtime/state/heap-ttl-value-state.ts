import type { InternalKvState, ValueState } from '../../api/state/state.js';
import { normalizeNamespace } from './key-normalizer.js';
import type { StateTable } from './state-table.js';
import { type TtlPolicy, TtlValue } from './ttl-value.js';

// Shared TTL steps of the value-like states (value, reducing, aggregating), which all store one TtlValue per key
// and namespace (Flink's AbstractTtlDecorator.getWrappedWithTtlCheckAndUpdate). Contract: task thread only.

/**
 * The live TtlValue under the current key and namespace, or undefined. An expired value is removed; it is still
 * returned (once) with ReturnExpiredIfNotCleanedUp. With OnReadAndWrite a live value's timestamp is refreshed.
 */
export function readTtlValue<T>(table: StateTable, policy: TtlPolicy, now: number): TtlValue<T> | undefined {
  const stored = table.get() as TtlValue<T> | undefined;
  if (stored === undefined) return undefined;
  if (policy.isExpired(stored.timestamp, now)) {
    table.remove();
    return policy.returnExpired ? stored : undefined;
  }
  if (policy.updateOnRead) {
    stored.timestamp = now;
    table.touch();
  }
  return stored;
}

/** The stored TtlValue if it has not expired (writes treat an expired value as absent); never refreshes. */
export function liveTtlValue<T>(table: StateTable, policy: TtlPolicy, now: number): TtlValue<T> | undefined {
  const stored = table.get() as TtlValue<T> | undefined;
  return stored === undefined || policy.isExpired(stored.timestamp, now) ? undefined : stored;
}

/** Stores `value` stamped `now`, reusing the stored TtlValue object (snapshots copy values out of it). */
export function writeTtlValue<T>(table: StateTable, value: T, now: number): void {
  const stored = table.get() as TtlValue<T> | undefined;
  if (stored !== undefined) {
    stored.value = value;
    stored.timestamp = now;
    table.touch();
  } else {
    table.put(new TtlValue(value, now));
  }
}

/**
 * Starts a state access: reads the clock once for the whole access and runs the incremental cleanup the access
 * triggers (when configured). Returns the access's processing time.
 */
export function onStateAccess(table: StateTable, policy: TtlPolicy): number {
  const now = policy.now();
  if (policy.cleanupSize > 0) table.cleanupExpired(policy.cleanupSize, now);
  return now;
}

/**
 * Heap ValueState with TTL (Flink's TtlValueState): the value expires `ttl` after its last write (or read, with
 * OnReadAndWrite); an expired value reads as the default value. Values are stored by reference, as without TTL.
 * Contract: task thread only, between setCurrentKey calls of the owning backend.
 */
export class HeapTtlValueState<T> implements ValueState<T>, InternalKvState<unknown> {
  constructor(
    private readonly table: StateTable,
    private readonly policy: TtlPolicy,
    private readonly defaultValue: T | undefined,
  ) {}

  setCurrentNamespace(namespace: unknown): void {
    this.table.setNamespace(normalizeNamespace(namespace));
  }

  value(): T | undefined {
    const now = onStateAccess(this.table, this.policy);
    const stored = readTtlValue<T>(this.table, this.policy, now);
    if (stored === undefined) return this.freshDefault();
    const value = stored.value;
    if (typeof value === 'object' && value !== null) this.table.touch();
    return value;
  }

  update(value: T | undefined): void {
    const now = onStateAccess(this.table, this.policy);
    if (value === undefined) this.table.remove();
    else writeTtlValue(this.table, value, now);
  }

  clear(): void {
    onStateAccess(this.table, this.policy);
    this.table.remove();
  }

  private freshDefault(): T | undefined {
    const value = this.defaultValue;
    return typeof value === 'object' && value !== null ? structuredClone(value) : value;
  }
}
