import type { StreamOperator } from '../../../api/operators/stream-operator.js';
import {
  type FunctionInitializationContext,
  type FunctionSnapshotContext,
  isCheckpointedFunction,
} from '../../../api/state/checkpointing.js';
import type { StreamNode } from '../../../graph/stream-graph.js';
import type { SharedStateFile } from '../../checkpoint/checkpoint-metadata.js';
import type { KeyedSnapshotMode, OperatorStateSnapshot, OperatorSubtaskState } from '../../checkpoint/subtask-state.js';
import { OperatorStateBackend } from '../../state/operator-state-backend.js';
import { redistributeOperatorState } from '../../state/operator-state-redistribution.js';
import type { OldChannelState } from './in-flight-redistribution.js';
import type { KeyedContext } from './operator-chain.js';
import type { SourceOperator } from './source-operator.js';

// The checkpointed state of one subtask's operator chain: per operator its keyed context and operator state store,
// restored before the operators open (operator state redistributed when the parallelism changed) and snapshotted
// synchronously at a barrier. Contract: task thread only.

/** State a restarted (or rescaled) subtask starts from. */
export interface RestoredChainState {
  readonly checkpointId: number;
  /** By operator id: the state each old subtask saved (index = old subtask index; undefined = nothing saved). */
  readonly operators: ReadonlyMap<string, readonly (OperatorSubtaskState | undefined)[]>;
  /** Unaligned checkpoints: the records in flight to the old subtasks read (redistributed by the task factory). */
  readonly inFlight?: RestoredInFlight;
  /**
   * Incremental checkpoints: this subtask's files of the restored checkpoint (base first) when it is one of this
   * job's and was taken at this parallelism, so the next checkpoint can be an increment on it.
   */
  readonly incrementalBase?: readonly SharedStateFile[];
}

/** The in-flight records of the old subtasks a new subtask read, and what places them after rescaling. */
export interface RestoredInFlight {
  /** The restored vertex's parallelism when the checkpoint was taken. */
  readonly oldParallelism: number;
  /** By input JobEdge id: the producers' parallelism when the checkpoint was taken. */
  readonly upstreamParallelism: Readonly<Record<string, number>>;
  readonly subtasks: readonly OldChannelState[];
  /** Names the checkpoint in errors. */
  readonly where: string;
}

/** Incremental checkpoints: whether some keyed operator's next checkpoint must be full. */
function anyRequiresFull(parts: readonly CheckpointPart[]): boolean {
  let full = false;
  // Every backend is asked: asking records the need until a full checkpoint is confirmed.
  for (const part of parts) if (part.keyed?.requiresFullSnapshot() === true) full = true;
  return full;
}

/** What one operator of the chain checkpoints; `operator` is undefined for the source. */
interface CheckpointPart {
  readonly operatorId: string;
  readonly operator: StreamOperator<unknown> | undefined;
  readonly keyed: KeyedContext | undefined;
  readonly operatorState: OperatorStateBackend;
  readonly parallelism: number;
}

export class ChainState {
  /** Chain order, head first (the source included). */
  private readonly parts: CheckpointPart[] = [];

  constructor(
    private readonly restored: RestoredChainState | undefined,
    private readonly subtaskIndex: number,
  ) {}

  /** Adds an operator in front (the chain is built from its tail). */
  add(node: StreamNode, operator: StreamOperator<unknown> | undefined, keyed: KeyedContext | undefined): void {
    this.parts.unshift({
      operatorId: node.operatorId,
      operator,
      keyed,
      operatorState: new OperatorStateBackend(),
      parallelism: node.parallelism,
    });
  }

  requiresFullSnapshot(): boolean {
    return anyRequiresFull(this.parts);
  }

  hasKeyedState(): boolean {
    return this.parts.some((part) => part.keyed !== undefined);
  }

  confirmCheckpoint(checkpointId: number): void {
    for (const part of this.parts) part.keyed?.confirmCheckpoint(checkpointId);
  }

  restoredStates(operatorId: string): readonly (OperatorSubtaskState | undefined)[] {
    return this.restored?.operators.get(operatorId) ?? [];
  }

  /** Restores operator state and runs the initializeState hooks (operator first, then its user function). */
  initialize(source: SourceOperator | undefined): void {
    const restored = this.restored;
    for (const part of this.parts) {
      const old = this.restoredStates(part.operatorId);
      if (old.some((s) => s?.operator !== undefined)) {
        const snapshots = old.map((s) => s?.operator) as (OperatorStateSnapshot | undefined)[];
        part.operatorState.restore(redistributeOperatorState(snapshots, part.parallelism, this.subtaskIndex));
      }
      const context: FunctionInitializationContext = {
        isRestored: () => restored !== undefined,
        getRestoredCheckpointId: () => restored?.checkpointId,
        getOperatorStateStore: () => part.operatorState,
        getKeyedStateStore: () => part.keyed?.backend,
      };
      if (part.operator === undefined) source?.initializeState(part.operatorState);
      else {
        part.operator.initializeState?.(context);
        const fn = part.operator.userFunction;
        if (isCheckpointedFunction(fn)) fn.initializeState(context);
      }
    }
  }

  /** The synchronous part of a checkpoint: every operator's state, by operator id (operators without state left out). */
  snapshot(
    checkpointId: number,
    timestamp: number,
    source: SourceOperator | undefined,
    mode: KeyedSnapshotMode = { kind: 'plain' },
  ): Map<string, OperatorSubtaskState> {
    const context: FunctionSnapshotContext = {
      getCheckpointId: () => checkpointId,
      getCheckpointTimestamp: () => timestamp,
    };
    const states = new Map<string, OperatorSubtaskState>();
    for (const part of this.parts) {
      if (part.operator === undefined) source?.snapshotState(checkpointId, part.operatorState);
      else {
        part.operator.snapshotState?.(context);
        const fn = part.operator.userFunction;
        if (isCheckpointedFunction(fn)) fn.snapshotState(context);
      }
      const operator = part.operatorState.snapshot();
      const hasOperatorState = operator.lists.size > 0 || operator.broadcast.size > 0;
      const keyed = part.keyed?.snapshot(mode);
      if (keyed === undefined && !hasOperatorState) continue;
      states.set(part.operatorId, {
        keyed: keyed?.keyed,
        timers: keyed?.timers,
        operator: hasOperatorState ? operator : undefined,
      });
    }
    return states;
  }
}
