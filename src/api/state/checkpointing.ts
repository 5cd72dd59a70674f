import type { BroadcastState } from '../functions/broadcast-process-functions.js';
import type { ListStateDescriptor, MapStateDescriptor } from './descriptors.js';
import type { KeyedStateBackend } from './keyed-state-backend.js';
import type { ListState } from './state.js';

// What user functions and operators see of checkpointing (Flink's CheckpointedFunction, CheckpointListener and the
// operator state store). All methods run on the task's thread.

/**
 * Non-keyed state of one operator subtask (Flink's OperatorStateStore). On restore at another parallelism, list
 * state is split evenly over the new subtasks, union list state is given whole to every subtask, broadcast state
 * is copied to every subtask; at the same parallelism each subtask gets its own state back.
 */
export interface OperatorStateStore {
  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T>;
  getUnionListState<T>(descriptor: ListStateDescriptor<T>): ListState<T>;
  getBroadcastState<K, V>(descriptor: MapStateDescriptor<K, V>): BroadcastState<K, V>;
}

export interface FunctionInitializationContext {
  /** True when the subtask starts from a checkpoint or savepoint. */
  isRestored(): boolean;
  /** The id of the checkpoint restored from, if any. */
  getRestoredCheckpointId(): number | undefined;
  getOperatorStateStore(): OperatorStateStore;
  /** Keyed state, present on keyed streams (no current key is set during initializeState). */
  getKeyedStateStore(): KeyedStateBackend | undefined;
}

export interface FunctionSnapshotContext {
  getCheckpointId(): number;
  /** Epoch milliseconds when the checkpoint was triggered. */
  getCheckpointTimestamp(): number;
}

/**
 * Implemented by user functions that keep non-keyed state (Flink's CheckpointedFunction): initializeState runs
 * before open(), snapshotState when a checkpoint barrier passes the operator (write the function's fields into the
 * operator state obtained in initializeState). Both are synchronous.
 */
export interface CheckpointedFunction {
  initializeState(context: FunctionInitializationContext): void;
  snapshotState(context: FunctionSnapshotContext): void;
}

/** Told when a checkpoint completed (every subtask acknowledged and its `_metadata` was written) or was aborted. */
export interface CheckpointListener {
  notifyCheckpointComplete(checkpointId: number): void | Promise<void>;
  notifyCheckpointAborted?(checkpointId: number): void;
}

export function isCheckpointedFunction(fn: unknown): fn is CheckpointedFunction {
  return (
    typeof fn === 'object' &&
    fn !== null &&
    typeof (fn as Partial<CheckpointedFunction>).initializeState === 'function' &&
    typeof (fn as Partial<CheckpointedFunction>).snapshotState === 'function'
  );
}

export function isCheckpointListener(fn: unknown): fn is CheckpointListener {
  return (
    typeof fn === 'object' &&
    fn !== null &&
    typeof (fn as Partial<CheckpointListener>).notifyCheckpointComplete === 'function'
  );
}
