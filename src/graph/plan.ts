import type { PartitionerKind } from '../api/transformations.js';
import { chainTree, foldChain } from './chain-tree.js';
import { flinkVertexOrder } from './flink-vertex-order.js';
import type { ChainedNode, JobEdge, JobGraph, JobVertex } from './job-graph.js';
import type { StreamGraph } from './stream-graph.js';

// Two views of a JobGraph: Flink's /jobs/:jobid/plan JSON (JsonPlanGenerator; the REST layer wraps it as
// JobPlanInfo `{ plan }`) and a readable tree for `weir info`. Pure functions; called off the hot path.

/** A partitioner as Flink names it on a JobEdge (StreamPartitioner.toString()). */
export type ShipStrategy = 'FORWARD' | 'REBALANCE' | 'RESCALE' | 'SHUFFLE' | 'BROADCAST' | 'GLOBAL' | 'HASH' | 'CUSTOM';

export interface FlinkPlanInput {
  readonly num: number;
  readonly id: string;
  readonly ship_strategy: ShipStrategy;
  /** The result partition type in lower case; streaming exchanges are 'pipelined_bounded'. */
  readonly exchange: string;
}

export interface FlinkPlanNode {
  readonly id: string;
  readonly parallelism: number;
  /** Empty for streaming vertices (Flink sets it only for batch operators). */
  readonly operator: string;
  readonly operator_strategy: string;
  /** The chain as HTML (pipeline.vertex-description-mode: TREE by default, or CASCADING). */
  readonly description: string;
  /** Absent for source vertices, as in Flink's output. */
  readonly inputs?: readonly FlinkPlanInput[];
  readonly optimizer_properties: Readonly<Record<string, never>>;
}

/** Flink's Plan object (OpenAPI schema `Plan`). */
export interface FlinkJobPlan {
  readonly jid: string;
  readonly name: string;
  readonly type: 'STREAMING';
  readonly nodes: readonly FlinkPlanNode[];
}

/** The body of GET /jobs/:jobid/plan (OpenAPI schema `JobPlanInfo`). */
export interface JobPlanInfo {
  readonly plan: FlinkJobPlan;
}

export function shipStrategyName(kind: PartitionerKind): ShipStrategy {
  switch (kind) {
    case 'forward':
      return 'FORWARD';
    case 'rebalance':
      return 'REBALANCE';
    case 'rescale':
      return 'RESCALE';
    case 'shuffle':
      return 'SHUFFLE';
    case 'broadcast':
      return 'BROADCAST';
    case 'global':
      return 'GLOBAL';
    case 'hash':
      return 'HASH';
    case 'custom':
      return 'CUSTOM';
    default: {
      const never: never = kind;
      throw new Error(`Unknown partitioner kind '${String(never)}'`);
    }
  }
}

/**
 * Flink's plan: vertices in the order Flink creates them (downstream first, see flink-vertex-order.ts), each with
 * its chain as an HTML description and its inputs in Flink's connection order.
 */
export function jsonPlan(jobGraph: JobGraph): FlinkJobPlan {
  const cascading = jobGraph.config['pipeline.vertex-description-mode']?.trim().toUpperCase() === 'CASCADING';
  const order = flinkVertexOrder(jobGraph);
  const nodes = order.vertices.map((vertex): FlinkPlanNode => {
    const description = cascading ? cascadingDescription(vertex) : treeDescription(vertex);
    const inputs = (order.inputs.get(vertex.id) ?? []).map((edge, num) => ({
      num,
      id: edge.sourceVertexId,
      ship_strategy: shipStrategyName(edge.partitioner),
      exchange: 'pipelined_bounded',
    }));
    return {
      id: vertex.id,
      parallelism: vertex.parallelism,
      operator: '',
      operator_strategy: '',
      description: escapeHtml(description).replaceAll('\n', '<br/>').replaceAll('\\', '&#92;'),
      ...(inputs.length > 0 ? { inputs } : {}),
      optimizer_properties: {},
    };
  });
  return { jid: jobGraph.jobId, name: jobGraph.jobName, type: 'STREAMING', nodes };
}

/**
 * One line per vertex: its number, chained operators, parallelism and inputs with ship strategy. With the
 * StreamGraph, keyed operators are marked too.
 */
export function describePlan(jobGraph: JobGraph, streamGraph?: StreamGraph): string {
  const number = new Map(jobGraph.vertices.map((v, i) => [v.id, i + 1]));
  const lines = [`Job "${jobGraph.jobName}" (${jobGraph.jobId}), ${jobGraph.vertices.length} tasks`];
  for (const vertex of jobGraph.vertices) {
    const label = (node: ChainedNode): string => operatorLabel(node, streamGraph);
    const settings = [`parallelism ${vertex.parallelism}`, `max parallelism ${vertex.maxParallelism}`];
    if (vertex.slotSharingGroup !== 'default') settings.push(`slot sharing group '${vertex.slotSharingGroup}'`);
    const inputs = inputsOf(vertex, jobGraph).map((e) => {
      const input = hasTwoInputs(vertex, jobGraph) ? ` (input ${e.inputIndex})` : '';
      const side = e.sideOutputTag !== undefined ? ` side output '${e.sideOutputTag}'` : '';
      return `#${number.get(e.sourceVertexId)} ${shipStrategyName(e.partitioner)}${side}${input}`;
    });
    const from = inputs.length > 0 ? `  <- ${inputs.join(', ')}` : '';
    lines.push(`#${number.get(vertex.id)} ${cascade(vertex, label, ', ')}  [${settings.join(', ')}]${from}`);
  }
  return lines.join('\n');
}

/** JobEdges into `vertex`, first input before second, each in the order its producers come in the graph. */
function inputsOf(vertex: JobVertex, jobGraph: JobGraph): JobEdge[] {
  const into = jobGraph.edges.filter((e) => e.targetVertexId === vertex.id);
  return into.filter((e) => e.inputIndex === 1).concat(into.filter((e) => e.inputIndex === 2));
}

function hasTwoInputs(vertex: JobVertex, jobGraph: JobGraph): boolean {
  return jobGraph.edges.some((e) => e.targetVertexId === vertex.id && e.inputIndex === 2);
}

/** "a -> b" / "a -> (b<sep>c)", like Flink's chained name and CASCADING description. */
function cascade(vertex: JobVertex, label: (n: ChainedNode) => string, separator: string): string {
  return foldChain<string>(chainTree(vertex), (node, outputs) => {
    if (outputs.length === 0) return label(node);
    if (outputs.length === 1) return `${label(node)} -> ${outputs[0]}`;
    return `${label(node)} -> (${outputs.join(separator)})`;
  });
}

function cascadingDescription(vertex: JobVertex): string {
  return cascade(vertex, (n) => n.name, ' , ');
}

/** Flink's TREE description: the head, then each chained operator under ":- " (more follow) or "+- " (last). */
function treeDescription(vertex: JobVertex): string {
  const tree = chainTree(vertex);
  const out: string[] = [];
  // Depth-first, pre-order, with an explicit stack: [node, prefix of its line, prefix for its children].
  const stack: [ChainedNode, string, string][] = [[vertex.chain[0], '', '']];
  while (stack.length > 0) {
    const [node, own, childPrefix] = stack.pop()!;
    out.push(`${own}${node.name}\n`);
    const children = tree.children(node);
    for (let i = children.length - 1; i >= 0; i--) {
      const last = i === children.length - 1;
      stack.push([children[i], childPrefix + (last ? '+- ' : ':- '), childPrefix + (last ? '   ' : ':  ')]);
    }
  }
  return out.join('');
}

function operatorLabel(node: ChainedNode, streamGraph: StreamGraph | undefined): string {
  const marks: string[] = [];
  if (node.uid !== undefined) marks.push(`uid=${node.uid}`);
  const t = streamGraph?.nodes.get(node.nodeId)?.transformation;
  if (
    t !== undefined &&
    ((t.kind === 'one-input' && t.keySelector !== undefined) ||
      (t.kind === 'two-input' && t.keySelector1 !== undefined))
  ) {
    marks.push('keyed');
  }
  return marks.length > 0 ? `${node.name} [${marks.join(', ')}]` : node.name;
}

/** The characters Apache Commons' escapeHtml4 must escape for these names (it also names Latin-1 letters). */
function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
