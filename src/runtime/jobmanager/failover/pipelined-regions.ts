import type { JobGraph } from '../../../graph/job-graph.js';
import { connectedConsumers } from '../../network/connection-pattern.js';

// Pipelined regions (Flink's SchedulingPipelinedRegion, as RestartPipelinedRegionFailoverStrategy uses them): every
// exchange in Weir is pipelined, so subtasks joined by any channel restart together. A job with a keyBy, rebalance
// or broadcast exchange is therefore one region; forward-only pipelines at equal parallelism give one region per
// subtask index. Pure and deterministic: called once per job on the JobMaster thread.

export interface PipelinedRegion {
  /** Position in the list: regions are numbered by their first subtask in vertex order, then subtask order. */
  readonly index: number;
  /** Its subtasks in vertex (topological) order, then subtask order. */
  readonly subtasks: ReadonlyArray<{ readonly vertexId: string; readonly subtaskIndex: number }>;
}

export interface PipelinedRegions {
  readonly regions: readonly PipelinedRegion[];
  /** The region index of a subtask, by `${vertexId}#${subtaskIndex}` (deployment-planner's subtaskKey). */
  readonly regionOf: ReadonlyMap<string, number>;
}

/** Groups the subtasks of `graph` into pipelined regions: the connected components of the channel graph. */
export function computePipelinedRegions(graph: JobGraph): PipelinedRegions {
  const offsets = new Map<string, number>();
  let total = 0;
  for (const vertex of graph.vertices) {
    offsets.set(vertex.id, total);
    total += vertex.parallelism;
  }
  const parent = Array.from({ length: total }, (_, i) => i);
  const find = (x: number): number => {
    let root = x;
    while (parent[root] !== root) root = parent[root];
    while (parent[x] !== root) [parent[x], x] = [root, parent[x]];
    return root;
  };
  const byId = new Map(graph.vertices.map((v) => [v.id, v]));
  for (const edge of graph.edges) {
    const producer = byId.get(edge.sourceVertexId);
    const consumer = byId.get(edge.targetVertexId);
    if (producer === undefined || consumer === undefined) {
      throw new Error(`Job graph edge ${edge.id} names a vertex that is not in the graph: the job graph is corrupt.`);
    }
    const from = offsets.get(producer.id)!;
    const to = offsets.get(consumer.id)!;
    for (let i = 0; i < producer.parallelism; i++) {
      for (const j of connectedConsumers(edge.partitioner, i, producer.parallelism, consumer.parallelism)) {
        const a = find(from + i);
        const b = find(to + j);
        // The smaller root wins, so region numbering follows the first subtask of each component.
        if (a < b) parent[b] = a;
        else if (b < a) parent[a] = b;
      }
    }
  }
  const indexByRoot = new Map<number, number>();
  const regionOf = new Map<string, number>();
  const regions: Array<{ index: number; subtasks: Array<{ vertexId: string; subtaskIndex: number }> }> = [];
  for (const vertex of graph.vertices) {
    const offset = offsets.get(vertex.id)!;
    for (let i = 0; i < vertex.parallelism; i++) {
      const root = find(offset + i);
      let index = indexByRoot.get(root);
      if (index === undefined) {
        index = regions.length;
        indexByRoot.set(root, index);
        regions.push({ index, subtasks: [] });
      }
      regions[index].subtasks.push({ vertexId: vertex.id, subtaskIndex: i });
      regionOf.set(`${vertex.id}#${i}`, index);
    }
  }
  return { regions, regionOf };
}
