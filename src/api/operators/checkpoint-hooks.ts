import { isThenable, promiseReturnedError } from '../functions/normalize.js';
import {
  type FunctionInitializationContext,
  type FunctionSnapshotContext,
  isCheckpointedFunction,
  isCheckpointListener,
  type OperatorStateStore,
} from '../state/checkpointing.js';
import type { KeyedStateBackend } from '../state/keyed-state-backend.js';
import type { StreamOperator } from './stream-operator.js';

// The checkpoint calls of one operator as the task makes them (Flink's AbstractUdfStreamOperator): the operator's
// own hook first, then its user function's when that is a CheckpointedFunction / CheckpointListener. The runtime
// and the test harnesses both go through these, so they call hooks in the same order. Task thread only.

/** Before open(): the operator's initializeState, then the user function's. */
export function initializeOperatorState(
  operator: StreamOperator<unknown>,
  context: FunctionInitializationContext,
): void {
  operator.initializeState?.(context);
  const fn = operator.userFunction;
  if (isCheckpointedFunction(fn)) {
    const r: unknown = fn.initializeState(context);
    if (isThenable(r)) throw promiseReturnedError('initializeState of the user function');
  }
}

/** At the barrier (after prepareSnapshotPreBarrier): the operator's snapshotState, then the user function's. */
export function snapshotOperatorState(operator: StreamOperator<unknown>, context: FunctionSnapshotContext): void {
  operator.snapshotState?.(context);
  const fn = operator.userFunction;
  if (isCheckpointedFunction(fn)) {
    const r: unknown = fn.snapshotState(context);
    if (isThenable(r)) throw promiseReturnedError('snapshotState of the user function');
  }
}

/**
 * The checkpoint completed: the operator is told first, then its user function (after the operator's promise, if
 * it returned one). Returns a promise only when one of them did.
 */
export function notifyOperatorCheckpointComplete(
  operator: StreamOperator<unknown>,
  checkpointId: number,
): Promise<void> | undefined {
  const first = operator.notifyCheckpointComplete?.(checkpointId);
  const fn = operator.userFunction;
  if (!isCheckpointListener(fn)) return first === undefined ? undefined : Promise.resolve(first);
  if (first !== undefined && isThenable(first)) {
    return Promise.resolve(first).then(() => fn.notifyCheckpointComplete(checkpointId));
  }
  const second = fn.notifyCheckpointComplete(checkpointId);
  return second === undefined ? undefined : Promise.resolve(second);
}

export function notifyOperatorCheckpointAborted(operator: StreamOperator<unknown>, checkpointId: number): void {
  operator.notifyCheckpointAborted?.(checkpointId);
  const fn = operator.userFunction;
  if (isCheckpointListener(fn)) fn.notifyCheckpointAborted?.(checkpointId);
}

/** A FunctionInitializationContext over the given stores (what the task and the harnesses hand out). */
export class StateInitializationContext implements FunctionInitializationContext {
  constructor(
    private readonly operatorStateStore: OperatorStateStore,
    private readonly keyedStateStore: KeyedStateBackend | undefined,
    private readonly restored: boolean,
    private readonly restoredCheckpointId: number | undefined,
  ) {}
  isRestored(): boolean {
    return this.restored;
  }
  getRestoredCheckpointId(): number | undefined {
    return this.restoredCheckpointId;
  }
  getOperatorStateStore(): OperatorStateStore {
    return this.operatorStateStore;
  }
  getKeyedStateStore(): KeyedStateBackend | undefined {
    return this.keyedStateStore;
  }
}

/** A FunctionSnapshotContext for one checkpoint. */
export class CheckpointSnapshotContext implements FunctionSnapshotContext {
  constructor(
    private readonly checkpointId: number,
    private readonly timestamp: number,
  ) {}
  getCheckpointId(): number {
    return this.checkpointId;
  }
  getCheckpointTimestamp(): number {
    return this.timestamp;
  }
}
