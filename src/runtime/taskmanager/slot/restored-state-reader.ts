import { SHARED_PATH_PREFIX, type SharedStateFile } from '../../checkpoint/checkpoint-metadata.js';
import type { CheckpointStorage } from '../../checkpoint/checkpoint-storage.js';
import type { OperatorSubtaskState } from '../../checkpoint/subtask-state.js';
import { decodeSubtaskState } from '../../checkpoint/subtask-state-codec.js';
import type { TaskRestoreSpec } from '../../deployment/task-deployment-descriptor.js';
import type { KeyedStateSnapshot } from '../../state/heap-keyed-state-backend.js';
import type { OldChannelState } from '../task/in-flight-redistribution.js';
import type { RestoredChainState } from '../task/operator-chain.js';
import { IN_FLIGHT_STATE_ID } from '../task/subtask-checkpointer.js';

// Reads what a deployed subtask restores, in its slot worker before the task is built: the state files of the old
// subtasks it takes over (with the files an incremental handle builds on), and their in-flight records (unaligned
// checkpoints), which the task factory places after rescaling.

/**
 * `headOperatorId` is the chain's head (the vertex id): in-flight records were recorded at its inputs.
 * `subtaskIndex` is the new subtask's: restored from its own file of this job's incremental checkpoint, its next
 * checkpoint can continue that chain.
 */
export async function readRestoredState(
  storage: CheckpointStorage,
  spec: TaskRestoreSpec,
  headOperatorId: string,
  subtaskIndex: number,
): Promise<RestoredChainState> {
  const operators = new Map<string, (OperatorSubtaskState | undefined)[]>();
  for (const [operatorId, parallelism] of Object.entries(spec.operatorParallelism)) {
    operators.set(operatorId, new Array<OperatorSubtaskState | undefined>(parallelism).fill(undefined));
  }
  const inFlight: OldChannelState[] = [];
  let incrementalBase: SharedStateFile[] | undefined;
  for (const handle of spec.handles) {
    const own = spec.handles.length === 1 && handle.subtaskIndex === subtaskIndex;
    if (own && handle.path.startsWith(SHARED_PATH_PREFIX) && (await storage.isOwnCheckpoint(spec.pointer))) {
      incrementalBase = [...(handle.chain ?? []), { path: handle.path, sizeBytes: handle.sizeBytes }];
    }
    const bases = await readChain(storage, spec.pointer, handle.chain ?? []);
    const decoded = decodeSubtaskState(await storage.readState(spec.pointer, handle), `${spec.pointer}/${handle.path}`);
    for (const [operatorId, state] of decoded) {
      const states = operators.get(operatorId);
      const keyedBase = bases.get(operatorId);
      if (states !== undefined) states[handle.subtaskIndex] = keyedBase === undefined ? state : { ...state, keyedBase };
    }
    const lists = decoded.get(IN_FLIGHT_STATE_ID)?.operator?.lists;
    if (lists === undefined || lists.size === 0) continue;
    const channels = new Map<number, readonly unknown[]>();
    for (const [name, list] of lists) channels.set(Number(name.slice('channel-'.length)), list.values);
    inFlight.push({ subtaskIndex: handle.subtaskIndex, channels });
  }
  const restored = { checkpointId: spec.checkpointId, operators, incrementalBase };
  if (inFlight.length === 0) return restored;
  const oldParallelism = spec.operatorParallelism[headOperatorId];
  if (oldParallelism === undefined) {
    throw new Error(
      `Checkpoint ${spec.checkpointId} at '${spec.pointer}' holds records in flight to operator ${headOperatorId}, ` +
        'which it has no state for (the chain changed). Restore with the job the checkpoint was taken with, or take ' +
        'a savepoint with unaligned checkpoints off (execution.checkpointing.unaligned.enabled: false) first.',
    );
  }
  return {
    ...restored,
    inFlight: {
      oldParallelism,
      upstreamParallelism: spec.upstreamParallelism ?? {},
      subtasks: inFlight,
      where: `Checkpoint ${spec.checkpointId} at '${spec.pointer}'`,
    },
  };
}

/**
 * Incremental checkpoints: the keyed state of the files a handle builds on (the full base first, then each
 * increment), by operator id. Timers and operator state come from the handle's own file alone.
 */
async function readChain(
  storage: CheckpointStorage,
  pointer: string,
  chain: readonly SharedStateFile[],
): Promise<Map<string, KeyedStateSnapshot[]>> {
  const bases = new Map<string, KeyedStateSnapshot[]>();
  for (const file of chain) {
    const decoded = decodeSubtaskState(await storage.readState(pointer, file), `${pointer}/${file.path}`);
    for (const [operatorId, state] of decoded) {
      if (state.keyed === undefined) continue;
      const list = bases.get(operatorId) ?? [];
      list.push(state.keyed);
      bases.set(operatorId, list);
    }
  }
  return bases;
}
