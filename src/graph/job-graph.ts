import type { PartitionerKind } from '../api/transformations.js';

// The JobGraph: operators chained into vertices, serializable (plain JSON) so it can travel to a JobManager
// process. It names StreamGraph nodes and edges by id; a worker re-runs the job module, rebuilds the same
// StreamGraph to find the functions, and checks `fingerprint` to detect a module that builds a different graph.

export interface JobGraph {
  /** Flink JobID: 32 lowercase hex chars. */
  readonly jobId: string;
  readonly jobName: string;
  /** In topological order: every vertex comes after the vertices it reads from. */
  readonly vertices: readonly JobVertex[];
  readonly edges: readonly JobEdge[];
  /** Flink configuration keys and values the job was built with. */
  readonly config: Readonly<Record<string, string>>;
  /** Hash of the graph's structure (ids, names, parallelism, partitioners, chaining). */
  readonly fingerprint: string;
}

export interface JobVertex {
  /** Flink JobVertexID: 32 hex chars; the id of the chain's head operator. */
  readonly id: string;
  /** Flink's chained name: "Source: numbers -> Map -> Filter". */
  readonly name: string;
  readonly parallelism: number;
  /** The head operator's max parallelism; keyed state and the hash partitioner into this vertex both use it. */
  readonly maxParallelism: number;
  /** False (or absent) when maxParallelism was computed from the parallelism rather than configured. */
  readonly maxParallelismConfigured?: boolean;
  readonly slotSharingGroup: string;
  /** StreamGraph node ids in the chain, head first, in topological order. */
  readonly chain: readonly ChainedNode[];
}

export interface ChainedNode {
  readonly nodeId: number;
  readonly operatorId: string;
  readonly name: string;
  readonly uid: string | undefined;
  readonly kind: 'source' | 'one-input' | 'two-input' | 'sink';
  /** Edges to nodes in the same chain (direct calls). */
  readonly chainedOutEdges: readonly string[];
  /** Edges leaving the chain (network exchanges); each is one JobEdge. */
  readonly networkOutEdges: readonly string[];
}

export interface JobEdge {
  /** Same id as the StreamEdge it was made from. */
  readonly id: string;
  readonly sourceVertexId: string;
  readonly sourceNodeId: number;
  readonly targetVertexId: string;
  readonly targetNodeId: number;
  readonly partitioner: PartitionerKind;
  readonly inputIndex: 1 | 2;
  readonly sideOutputTag: string | undefined;
}
