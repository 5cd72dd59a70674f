import type { ChainingStrategy } from '../api/operators/stream-operator.js';
import type { PartitionerSpec, Transformation } from '../api/transformations.js';
import type { TypeInformation } from '../core/types/type-information.js';

// The StreamGraph: one node per operator (source, one-input, two-input, sink), edges carrying the partitioner.
// Partition, union and side-output transformations are virtual: they only shape edges (Flink's virtual nodes).
// Lives in memory only; it holds the user's functions. The JobGraph is its serializable, chained projection.

export interface StreamNode {
  /** The id of the transformation this node was made from. */
  readonly id: number;
  readonly transformation: Transformation & { kind: 'source' | 'one-input' | 'two-input' | 'sink' };
  readonly name: string;
  /** Flink's OperatorID as 32 hex chars: from uid() when set, else from the node's position in the graph. */
  readonly operatorId: string;
  readonly parallelism: number;
  readonly maxParallelism: number;
  /** True when maxParallelism came from setMaxParallelism() or pipeline.max-parallelism, false (or absent) when it
   * was computed from the parallelism; a computed one may adopt a savepoint's value on restore, as in Flink. */
  readonly maxParallelismConfigured?: boolean;
  readonly slotSharingGroup: string;
  readonly chainingStrategy: ChainingStrategy;
  readonly outputType: TypeInformation<unknown> | undefined;
  readonly inEdges: StreamEdge[];
  readonly outEdges: StreamEdge[];
}

export interface StreamEdge {
  /** `${sourceId}->${targetId}#${index}`: unique and stable across re-runs of the module. */
  readonly id: string;
  readonly sourceId: number;
  readonly targetId: number;
  readonly partitioner: PartitionerSpec;
  /** 1 or 2: which input of a two-input operator; 1 otherwise. */
  readonly inputIndex: 1 | 2;
  /** Set when the edge carries a side output of the source node. */
  readonly sideOutputTag: string | undefined;
  /** The record type on this edge (the source node's output type, or the side output's type). */
  readonly type: TypeInformation<unknown> | undefined;
}

export interface StreamGraph {
  readonly jobName: string;
  /** Nodes in topological order (sources first). */
  readonly nodes: ReadonlyMap<number, StreamNode>;
  readonly edges: readonly StreamEdge[];
  /** pipeline.operator-chaining.enabled; absent means true. */
  readonly chainingEnabled?: boolean;
  /** pipeline.operator-chaining.chain-operators-with-different-max-parallelism; absent means true. */
  readonly chainOperatorsWithDifferentMaxParallelism?: boolean;
}
