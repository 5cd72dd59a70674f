import { chainTree, foldChain } from './chain-tree.js';
import type { JobEdge, JobGraph, JobVertex } from './job-graph.js';

// The order in which Flink's StreamingJobGraphGenerator creates vertices and connects their inputs, which is the
// order Flink's plan JSON lists them in: a depth-first walk from the sources (by node id) that creates a vertex only
// after everything downstream of it, so sinks come first. Inside a chain, an operator's chained outputs are walked
// before its network outputs. Used for /jobs/:jobid/plan only; JobGraph.vertices stay in topological order.

export interface FlinkVertexOrder {
  /** Vertices in Flink's creation order. */
  readonly vertices: readonly JobVertex[];
  /** Vertex id → its input JobEdges in the order Flink connects them (the plan's `num`). */
  readonly inputs: ReadonlyMap<string, readonly JobEdge[]>;
}

export function flinkVertexOrder(jobGraph: JobGraph): FlinkVertexOrder {
  const vertexById = new Map(jobGraph.vertices.map((v) => [v.id, v]));
  const edgeById = new Map(jobGraph.edges.map((e) => [e.id, e]));
  const edgeOf = (id: string): JobEdge => {
    const edge = edgeById.get(id);
    if (edge === undefined) throw new Error(`JobGraph has no edge '${id}' although an operator sends on it`);
    return edge;
  };
  // Flink's transitive out edges: an operator's chained outputs' network edges first, then its own.
  const outEdges = new Map<string, readonly JobEdge[]>();
  for (const vertex of jobGraph.vertices) {
    const edges = foldChain<JobEdge[]>(chainTree(vertex), (node, outputs) => [
      ...outputs.flat(),
      ...node.networkOutEdges.map(edgeOf),
    ]);
    outEdges.set(vertex.id, edges);
  }

  const created: JobVertex[] = [];
  const built = new Set<string>();
  const visit = (vertex: JobVertex): void => {
    if (built.has(vertex.id)) return;
    for (const edge of outEdges.get(vertex.id)!) visit(vertexById.get(edge.targetVertexId)!);
    built.add(vertex.id);
    created.push(vertex);
  };
  const sources = jobGraph.vertices.filter((v) => v.chain[0].kind === 'source');
  sources.sort((a, b) => a.chain[0].nodeId - b.chain[0].nodeId);
  for (const source of sources) visit(source);
  // A vertex no source reaches cannot exist in a valid graph; keep it rather than drop it silently.
  for (const vertex of jobGraph.vertices) visit(vertex);

  const inputs = new Map<string, JobEdge[]>();
  for (const vertex of created) {
    for (const edge of outEdges.get(vertex.id)!) {
      const list = inputs.get(edge.targetVertexId);
      if (list === undefined) inputs.set(edge.targetVertexId, [edge]);
      else list.push(edge);
    }
  }
  return { vertices: created, inputs };
}
