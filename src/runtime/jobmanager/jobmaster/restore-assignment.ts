import type { JobGraph, JobVertex } from '../../../graph/job-graph.js';
import type { CheckpointMetadata, SubtaskStateHandle } from '../../checkpoint/checkpoint-metadata.js';
import type { CheckpointStorage } from '../../checkpoint/checkpoint-storage.js';
import { checkCompatibility } from '../../checkpoint/savepoint-compatibility.js';
import type { TaskRestoreSpec } from '../../deployment/task-deployment-descriptor.js';

// Which state files each new subtask reads when a job restores from a checkpoint or savepoint (Flink's
// StateAssignmentOperation, simplified): at the same parallelism a subtask reads only the file of its own old
// subtask; after rescaling it reads every old file of its operators and keeps what it owns (key groups in its
// range; its share of list state; all of union and broadcast state). Called on the JobMaster thread.

export interface RestoreSource {
  readonly checkpointId: number;
  readonly pointer: string;
  readonly metadata: CheckpointMetadata;
}

export function taskRestoreSpec(
  graph: JobGraph,
  vertex: JobVertex,
  subtaskIndex: number,
  source: RestoreSource,
): TaskRestoreSpec | undefined {
  const handles = new Map<string, SubtaskStateHandle>();
  const operatorParallelism: Record<string, number> = {};
  for (const node of vertex.chain) {
    const saved = source.metadata.operators.find((op) => op.operatorId === node.operatorId);
    if (saved === undefined) continue;
    operatorParallelism[node.operatorId] = saved.parallelism;
    const rescaled = saved.parallelism !== vertex.parallelism;
    for (const handle of saved.subtasks) {
      if (rescaled || handle.subtaskIndex === subtaskIndex) handles.set(handle.path, handle);
    }
  }
  if (Object.keys(operatorParallelism).length === 0) return undefined;
  return {
    checkpointId: source.checkpointId,
    pointer: source.pointer,
    handles: [...handles.values()],
    operatorParallelism,
    upstreamParallelism: upstreamParallelism(graph, vertex, source.metadata),
  };
}

/** By input edge of `vertex`: the parallelism its producer vertex had in the checkpoint (any of its operators). */
function upstreamParallelism(graph: JobGraph, vertex: JobVertex, metadata: CheckpointMetadata): Record<string, number> {
  const out: Record<string, number> = {};
  for (const edge of graph.edges) {
    if (edge.targetVertexId !== vertex.id) continue;
    const producer = graph.vertices.find((v) => v.id === edge.sourceVertexId);
    const saved = metadata.operators.find((op) => producer?.chain.some((n) => n.operatorId === op.operatorId));
    if (saved !== undefined) out[edge.id] = saved.parallelism;
  }
  return out;
}

/** The split enumerators' states of a checkpoint, by source node id, read from its files. */
export async function enumeratorStates(
  graph: JobGraph,
  storage: CheckpointStorage,
  source: RestoreSource,
): Promise<Array<[number, Uint8Array]>> {
  const states: Array<[number, Uint8Array]> = [];
  for (const vertex of graph.vertices) {
    for (const node of vertex.chain) {
      if (node.kind !== 'source') continue;
      const saved = source.metadata.operators.find((op) => op.operatorId === node.operatorId);
      if (saved?.coordinatorState === undefined) continue;
      states.push([node.nodeId, await storage.readState(source.pointer, saved.coordinatorState)]);
    }
  }
  return states;
}

/**
 * Checks that `graph` can start from `source` (a savepoint the user named): every operator with state must exist
 * in the job unless `allowNonRestoredState`, max parallelism must match. Throws an Error that says what to do.
 */
export function checkRestorable(graph: JobGraph, source: RestoreSource, allowNonRestoredState: boolean): void {
  const operators = graph.vertices.flatMap((v) =>
    v.chain.map((node) => ({
      operatorId: node.operatorId,
      name: node.name,
      parallelism: v.parallelism,
      maxParallelism: v.maxParallelism,
      maxParallelismConfigured: true,
      states: [],
    })),
  );
  checkCompatibility(source.metadata, operators, { allowNonRestoredState });
}
