import type { ChainedNode, JobVertex } from './job-graph.js';
import { parseStreamEdgeId } from './stream-edge-id.js';

// A vertex's chain as a tree (every chained operator but the head has exactly one chained input), walked without
// recursion so that names and descriptions of very long chains cannot overflow the stack.

export interface ChainTree {
  /** Chained outputs of an operator, in its out-edge order. */
  children(node: ChainedNode): readonly ChainedNode[];
  /** Head first, every operator before its chained outputs (breadth-first). */
  readonly topDown: readonly ChainedNode[];
}

export function chainTree(vertex: JobVertex): ChainTree {
  const byId = new Map(vertex.chain.map((n) => [n.nodeId, n]));
  const childrenOf = new Map<number, ChainedNode[]>();
  for (const node of vertex.chain) {
    childrenOf.set(
      node.nodeId,
      node.chainedOutEdges.map((edgeId) => {
        const target = byId.get(parseStreamEdgeId(edgeId).targetId);
        if (target === undefined) throw new Error(`Chained edge ${edgeId} leaves vertex '${vertex.name}'`);
        return target;
      }),
    );
  }
  const topDown: ChainedNode[] = [vertex.chain[0]];
  for (let i = 0; i < topDown.length; i++) topDown.push(...childrenOf.get(topDown[i].nodeId)!);
  return { children: (node) => childrenOf.get(node.nodeId) ?? [], topDown };
}

/** Folds the tree from the leaves up: `combine` sees an operator and the results of its chained outputs. */
export function foldChain<R>(tree: ChainTree, combine: (node: ChainedNode, outputs: readonly R[]) => R): R {
  const results = new Map<number, R>();
  for (let i = tree.topDown.length - 1; i >= 0; i--) {
    const node = tree.topDown[i];
    results.set(
      node.nodeId,
      combine(
        node,
        tree.children(node).map((c) => results.get(c.nodeId)!),
      ),
    );
  }
  return results.get(tree.topDown[0].nodeId)!;
}
