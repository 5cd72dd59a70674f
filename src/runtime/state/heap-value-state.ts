import type { InternalKvState, ValueState } from '../../api/state/state.js';
import { normalizeNamespace } from './key-normalizer.js';
import type { StateTable } from './state-table.js';

/**
 * Heap ValueState. Values are stored by reference, not copied: mutating an object read from value() changes the
 * state (Flink's heap backend behaves the same); call update() anyway, so other backends see the change too.
 * update(undefined) clears, as Flink's update(null) does; null is a value in JS and is stored.
 * Contract: task thread only, between setCurrentKey calls of the owning backend.
 */
export class HeapValueState<T> implements ValueState<T>, InternalKvState<unknown> {
  constructor(
    private readonly table: StateTable,
    private readonly defaultValue: T | undefined,
  ) {}

  setCurrentNamespace(namespace: unknown): void {
    this.table.setNamespace(normalizeNamespace(namespace));
  }

  value(): T | undefined {
    const value = this.table.get();
    if (value === undefined) return this.freshDefault();
    if (typeof value === 'object' && value !== null) this.table.touch();
    return value as T;
  }

  update(value: T | undefined): void {
    if (value === undefined) this.table.remove();
    else this.table.put(value);
  }

  clear(): void {
    this.table.remove();
  }

  /** A mutable default is cloned per read (as Flink copies it) so one key's changes never leak to another. */
  private freshDefault(): T | undefined {
    const value = this.defaultValue;
    return typeof value === 'object' && value !== null ? structuredClone(value) : value;
  }
}
