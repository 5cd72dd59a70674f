import type { KeyedStateSnapshot } from '../state/heap-keyed-state-backend.js';
import type { TimersSnapshot } from '../state/timer-service-manager.js';

// The state one operator of one subtask contributes to a checkpoint, as plain data. The task builds it
// synchronously at the barrier (containers copied, values by reference — state values are immutable by contract)
// and encodes it to bytes afterwards (subtask-state-codec.ts), so encoding can run in slices between records.

/** One list state of the operator state store (Flink's OperatorStateHandle.Mode). */
export interface OperatorListStateSnapshot {
  /** 'split': redistributed evenly on rescale; 'union': every new subtask gets all entries of all old subtasks. */
  readonly mode: 'split' | 'union';
  readonly values: readonly unknown[];
}

/** Non-keyed state of one operator subtask: list/union list states and broadcast states by name. */
export interface OperatorStateSnapshot {
  readonly lists: ReadonlyMap<string, OperatorListStateSnapshot>;
  /** Broadcast states as [user key, value] entries (identical on every subtask). */
  readonly broadcast: ReadonlyMap<string, ReadonlyArray<readonly [unknown, unknown]>>;
}

/**
 * How keyed state goes into a snapshot: complete ('plain': savepoints, and checkpoints without incremental), or
 * for a checkpoint with incremental checkpoints on, full (`base` undefined) or the changes since the confirmed
 * checkpoint `base` — either way recording the changes for later increments.
 */
export type KeyedSnapshotMode =
  | { readonly kind: 'plain' }
  | { readonly kind: 'checkpoint'; readonly checkpointId: number; readonly base: number | undefined };

/** Everything one operator of one subtask checkpoints; absent parts had nothing to save. */
export interface OperatorSubtaskState {
  /**
   * Restored from an incremental checkpoint: the keyed state of the files `keyed` builds on, the full base first;
   * a restore applies them in order, then `keyed`.
   */
  readonly keyedBase?: readonly KeyedStateSnapshot[];
  readonly keyed?: KeyedStateSnapshot;
  readonly timers?: TimersSnapshot;
  readonly operator?: OperatorStateSnapshot;
}
