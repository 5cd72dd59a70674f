import { createHash, randomBytes } from 'node:crypto';
import { type ChainingView, chainingViewOf, isChainable } from './chaining.js';
import type { ChainedNode, JobEdge, JobGraph, JobVertex } from './job-graph.js';
import type { StreamEdge, StreamGraph, StreamNode } from './stream-graph.js';

// StreamGraph → JobGraph: operators chained into vertices by Flink's rules (chaining.ts), network edges become
// JobEdges. Mirrors StreamingJobGraphGenerator: a node joins its input's chain when that single input edge is
// chainable, otherwise it heads a new vertex; a chain may fan out (one operator feeding several chained ones).
// The vertex id is the head's operator id and its name is Flink's chained name ("Source: a -> Map -> (Filter,
// Sink: b)"). Runs on the client (submission) and in workers (checking the rebuilt graph); pure apart from the random
// job id when none is given.

export interface JobGraphOptions {
  /** 32 lowercase hex chars; random when absent. */
  readonly jobId?: string;
  /** Flink configuration the job runs with; carried in the JobGraph. */
  readonly config: Readonly<Record<string, string>>;
}

const JOB_ID = /^[0-9a-f]{32}$/;

export function generateJobGraph(streamGraph: StreamGraph, options: JobGraphOptions): JobGraph {
  const jobId = options.jobId ?? randomBytes(16).toString('hex');
  if (!JOB_ID.test(jobId)) {
    throw new Error(`Invalid job id '${jobId}': a JobID is 32 lowercase hex characters (e.g. from randomBytes(16))`);
  }
  const view = chainingViewOf(streamGraph);
  const chains = buildChains(streamGraph);
  const vertexOf = new Map<number, StreamNode>(); // node id → head node
  for (const [head, members] of chains) for (const id of members) vertexOf.set(id, streamGraph.nodes.get(head)!);

  const indexPrefix = options.config['pipeline.vertex-name-include-index-prefix']?.trim().toLowerCase() === 'true';
  const vertices: JobVertex[] = [];
  const edges: JobEdge[] = [];
  for (const [headId, members] of chains) {
    const head = streamGraph.nodes.get(headId)!;
    const chain = members.map((id) => chainedNode(streamGraph.nodes.get(id)!, view));
    const name = chainedName(head, streamGraph);
    vertices.push({
      id: head.operatorId,
      name: indexPrefix ? `[vertex-${vertices.length}]${name}` : name,
      parallelism: head.parallelism,
      maxParallelism: head.maxParallelism,
      maxParallelismConfigured: head.maxParallelismConfigured === true,
      slotSharingGroup: head.slotSharingGroup,
      chain,
    });
    for (const id of members) {
      for (const edge of streamGraph.nodes.get(id)!.outEdges) {
        if (!isChainable(edge, view)) edges.push(jobEdge(edge, vertexOf));
      }
    }
  }
  return {
    jobId,
    jobName: streamGraph.jobName,
    vertices,
    edges,
    config: { ...options.config },
    fingerprint: fingerprintOf(vertices, edges, streamGraph),
  };
}

/** Head node id → member node ids (head first), both in the StreamGraph's topological order. */
export function buildChains(streamGraph: StreamGraph): Map<number, number[]> {
  const view = chainingViewOf(streamGraph);
  const headOf = new Map<number, number>();
  const chains = new Map<number, number[]>();
  for (const node of streamGraph.nodes.values()) {
    const input = node.inEdges.length === 1 ? node.inEdges[0] : undefined;
    const head = input !== undefined && isChainable(input, view) ? headOf.get(input.sourceId) : node.id;
    if (head === undefined) {
      throw new Error(
        `StreamGraph nodes are not in topological order: node ${node.id} comes before its input ${input?.sourceId}`,
      );
    }
    headOf.set(node.id, head);
    if (head === node.id) chains.set(head, [node.id]);
    else chains.get(head)!.push(node.id);
  }
  return chains;
}

function chainedNode(node: StreamNode, view: ChainingView): ChainedNode {
  const chainedOutEdges: string[] = [];
  const networkOutEdges: string[] = [];
  for (const edge of node.outEdges) (isChainable(edge, view) ? chainedOutEdges : networkOutEdges).push(edge.id);
  return {
    nodeId: node.id,
    operatorId: node.operatorId,
    name: node.name,
    uid: node.transformation.uid,
    kind: node.transformation.kind,
    chainedOutEdges,
    networkOutEdges,
  };
}

/**
 * Flink's createChainedName: "a -> b" for one chained output, "a -> (b, c)" for several. Built bottom-up over the
 * chain (no recursion), so very long chains cannot overflow the stack.
 */
export function chainedName(head: StreamNode, streamGraph: StreamGraph): string {
  const view = chainingViewOf(streamGraph);
  const members: StreamNode[] = [head];
  for (let i = 0; i < members.length; i++) {
    for (const e of members[i].outEdges) if (isChainable(e, view)) members.push(streamGraph.nodes.get(e.targetId)!);
  }
  const names = new Map<number, string>();
  for (let i = members.length - 1; i >= 0; i--) {
    const node = members[i];
    const outputs = node.outEdges.filter((e) => isChainable(e, view)).map((e) => names.get(e.targetId)!);
    if (outputs.length === 0) names.set(node.id, node.name);
    else if (outputs.length === 1) names.set(node.id, `${node.name} -> ${outputs[0]}`);
    else names.set(node.id, `${node.name} -> (${outputs.join(', ')})`);
  }
  return names.get(head.id)!;
}

function jobEdge(edge: StreamEdge, vertexOf: ReadonlyMap<number, StreamNode>): JobEdge {
  return {
    id: edge.id,
    sourceVertexId: vertexOf.get(edge.sourceId)!.operatorId,
    sourceNodeId: edge.sourceId,
    targetVertexId: vertexOf.get(edge.targetId)!.operatorId,
    targetNodeId: edge.targetId,
    partitioner: edge.partitioner.kind,
    inputIndex: edge.inputIndex,
    sideOutputTag: edge.sideOutputTag,
  };
}

/**
 * sha256 over the structure: vertices and their chains (ids, names, uids, kinds, parallelism, max parallelism, slot
 * sharing), every StreamEdge (partitioner, input, side output, declared type) and the JobEdges. Not the job id, job
 * name or configuration, and never function bodies: a worker compares it to detect a module that builds a
 * different graph.
 */
function fingerprintOf(vertices: readonly JobVertex[], edges: readonly JobEdge[], streamGraph: StreamGraph): string {
  const streamEdges = streamGraph.edges.map((e) => [
    e.id,
    e.partitioner.kind,
    e.inputIndex,
    e.sideOutputTag ?? null,
    e.type?.describe() ?? null,
  ]);
  return createHash('sha256').update(JSON.stringify({ vertices, edges, streamEdges })).digest('hex');
}
