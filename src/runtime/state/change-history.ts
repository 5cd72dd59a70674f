import type { TakenChanges } from './key-changes.js';
import type { StateTable } from './state-table.js';

// The changed keys each checkpoint snapshot took from a backend's tables, kept until a later checkpoint completes
// (decision 24): an increment holds the changes since the last *confirmed* checkpoint, so the changes of snapshots
// that were aborted or not yet confirmed must still be at hand. Also remembers changes no increment can express
// (a table's stored form changed) until a full snapshot after them is confirmed. Contract: task thread only, owned
// by one HeapKeyedStateBackend.

/** Checkpoint snapshots whose changes are kept while no later checkpoint is confirmed (then a full one follows). */
const MAX_UNCONFIRMED_SNAPSHOTS = 16;

export class ChangeHistory {
  private entries: { readonly checkpointId: number; readonly byTable: Map<string, TakenChanges> }[] = [];
  /** The checkpoint increments build on, undefined before the first is confirmed. */
  private confirmed: number | undefined = undefined;
  /** 'changed' until a full snapshot is taken after an inexpressible change, then its id until that is confirmed. */
  private fullNeeded: 'changed' | number | undefined = undefined;

  /** Whether the next checkpoint must be full (an inexpressible change, or too many unconfirmed snapshots). */
  requiresFull(tables: Iterable<StateTable>): boolean {
    // Checkpoints that never get confirmed would keep their changes forever: past a bound, start over with a full one.
    if (this.entries.length >= MAX_UNCONFIRMED_SNAPSHOTS) {
      this.entries = [];
      this.fullNeeded = 'changed';
    }
    for (const table of tables) {
      if (table.formChanged) {
        table.formChanged = false;
        this.fullNeeded = 'changed';
      }
    }
    return this.fullNeeded !== undefined;
  }

  /** Takes every table's changes for checkpoint `checkpointId`. */
  record(checkpointId: number, tables: ReadonlyMap<string, StateTable>): void {
    const byTable = new Map<string, TakenChanges>();
    for (const [name, table] of tables) byTable.set(name, table.takeChanges());
    this.entries.push({ checkpointId, byTable });
  }

  /** A full snapshot was taken for `checkpointId`: once it is confirmed, increments are possible again. */
  onFullSnapshot(checkpointId: number): void {
    if (this.fullNeeded === 'changed') this.fullNeeded = checkpointId;
  }

  /** Throws unless an increment may build on `base`: the last confirmed checkpoint, nothing inexpressible since. */
  checkBase(checkpointId: number, base: number, tables: Iterable<StateTable>): void {
    if (base === this.confirmed && !this.requiresFull(tables)) return;
    throw new Error(
      `Cannot take checkpoint ${checkpointId} as an increment on checkpoint ${base}: the state backend's last ` +
        `confirmed checkpoint is ${this.confirmed ?? 'none'} or it needs a full snapshot (a Weir bug)`,
    );
  }

  /** The changes of table `name` taken after checkpoint `base`, oldest first (only takes with changes). */
  takesSince(base: number, name: string): TakenChanges[] {
    const takes: TakenChanges[] = [];
    for (const entry of this.entries) {
      const taken = entry.byTable.get(name);
      if (entry.checkpointId > base && taken !== undefined && taken.offsets.length > 0) takes.push(taken);
    }
    return takes;
  }

  /** Checkpoint `checkpointId` completed: later increments build on it; older changes are dropped. */
  confirm(checkpointId: number): void {
    if (this.confirmed !== undefined && checkpointId <= this.confirmed) return;
    this.confirmed = checkpointId;
    this.entries = this.entries.filter((entry) => entry.checkpointId > checkpointId);
    if (typeof this.fullNeeded === 'number' && checkpointId >= this.fullNeeded) this.fullNeeded = undefined;
  }
}
