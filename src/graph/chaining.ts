import type { ChainingStrategy } from '../api/operators/stream-operator.js';
import type { StreamEdge, StreamGraph, StreamNode } from './stream-graph.js';

// Flink's chaining rules (StreamingJobGraphGenerator.isChainable / isChainableInput / areOperatorsChainable), as
// pure functions of the StreamGraph. Both the operator-id hasher and the JobGraph generator ask them, so ids and
// chains always agree. Flink's rules that cannot arise here: BATCH exchanges (streaming only) and yielding operators
// after legacy SourceFunctions (there are none).

/** What the rules read from a node; StreamNode has it all. */
export type ChainableNode = Pick<
  StreamNode,
  'parallelism' | 'maxParallelism' | 'maxParallelismConfigured' | 'slotSharingGroup' | 'chainingStrategy' | 'inEdges'
> & { readonly transformation: Pick<StreamNode['transformation'], 'kind'> };

export interface ChainingView {
  readonly chainingEnabled?: boolean;
  readonly chainOperatorsWithDifferentMaxParallelism?: boolean;
  node(id: number): ChainableNode;
}

/** A ChainingView over a finished StreamGraph. */
export function chainingViewOf(graph: StreamGraph): ChainingView {
  return {
    chainingEnabled: graph.chainingEnabled,
    chainOperatorsWithDifferentMaxParallelism: graph.chainOperatorsWithDifferentMaxParallelism,
    node: (id) => {
      const node = graph.nodes.get(id);
      if (node === undefined) throw new Error(`StreamGraph has no node ${id}; the edge points outside the graph`);
      return node;
    },
  };
}

/**
 * Whether `edge` joins its target into its source's chain: the target reads only this edge (so union, connect and
 * two-input operators start a chain) and the edge is a chainable input.
 */
export function isChainable(edge: StreamEdge, view: ChainingView): boolean {
  return view.node(edge.targetId).inEdges.length === 1 && isChainableInput(edge, view);
}

/** Every rule except the single-input one (Flink uses it alone for sources chained into multi-input operators). */
export function isChainableInput(edge: StreamEdge, view: ChainingView): boolean {
  const up = view.node(edge.sourceId);
  const down = view.node(edge.targetId);
  if (view.chainingEnabled === false) return false;
  if (up.slotSharingGroup !== down.slotSharingGroup) return false;
  if (!areOperatorsChainable(up, down, view.chainOperatorsWithDifferentMaxParallelism !== false)) return false;
  if (edge.partitioner.kind !== 'forward') return false;
  // A union of the same input position twice goes through the network stack.
  for (const other of down.inEdges) {
    if (other !== edge && other.inputIndex === edge.inputIndex) return false;
  }
  return true;
}

/** Chaining strategies, parallelism and (when the option asks for it) max parallelism. */
export function areOperatorsChainable(
  up: ChainableNode,
  down: ChainableNode,
  allowDifferentMaxParallelism: boolean,
): boolean {
  let chainable = upstreamAllowsChaining(up.chainingStrategy);
  switch (down.chainingStrategy) {
    case 'NEVER':
    case 'HEAD':
      chainable = false;
      break;
    case 'ALWAYS':
      break;
    case 'HEAD_WITH_SOURCES':
      chainable &&= up.transformation.kind === 'source';
      break;
    default:
      throw unknownStrategy(down.chainingStrategy);
  }
  chainable &&= up.parallelism === down.parallelism;
  if (!allowDifferentMaxParallelism) chainable &&= configuredMaxParallelism(up) === configuredMaxParallelism(down);
  return chainable;
}

function upstreamAllowsChaining(strategy: ChainingStrategy): boolean {
  switch (strategy) {
    case 'NEVER':
      return false;
    case 'ALWAYS':
    case 'HEAD':
    case 'HEAD_WITH_SOURCES':
      return true;
    default:
      throw unknownStrategy(strategy);
  }
}

/** Flink compares the configured values here (-1 when unset), not the computed defaults. */
function configuredMaxParallelism(node: ChainableNode): number {
  return node.maxParallelismConfigured === true ? node.maxParallelism : -1;
}

function unknownStrategy(strategy: never): Error {
  return new Error(
    `Unknown chaining strategy '${String(strategy)}'; expected ALWAYS, NEVER, HEAD or HEAD_WITH_SOURCES`,
  );
}
