import { type ChainableNode, type ChainingView, isChainable } from './chaining.js';
import { murmur3x64Hash128, toHex } from './murmur3-128.js';
import type { StreamEdge } from './stream-graph.js';

// Operator ids the way Flink's StreamGraphHasherV2 makes them, so the same program gets the same ids on every run
// (ARCHITECTURE §3) and an operator with a uid gets the very OperatorID Flink would give it:
// - with uid: murmur3_128 of the uid's UTF-8 bytes;
// - without: a breadth-first walk from the sources (sorted by id) numbers the nodes; a node's hash is murmur3_128
//   of its number, repeated once per chainable output, then mixed byte by byte with each input's hash
//   (h = h * 37 ^ input). Inserting an operator upstream therefore changes the ids downstream; uid() pins them.
// Called once per graph build, on the client and again in every worker that rebuilds the graph.

export interface HashableNode extends ChainableNode {
  readonly id: number;
  readonly name: string;
  readonly transformation: ChainableNode['transformation'] & { readonly uid: string | undefined };
  readonly outEdges: readonly StreamEdge[];
}

export interface HashableGraph extends ChainingView {
  readonly nodes: ReadonlyMap<number, HashableNode>;
}

/** Node id → 32 lowercase hex chars (Flink's OperatorID.toString()). */
export function generateOperatorIds(graph: HashableGraph): Map<number, string> {
  checkUniqueUids(graph.nodes);
  const hashes = new Map<number, Uint8Array>();
  const sources = [...graph.nodes.values()].filter((n) => n.inEdges.length === 0).map((n) => n.id);
  sources.sort((a, b) => a - b);
  const visited = new Set<number>(sources);
  const remaining: number[] = [...sources];
  for (let head = 0; head < remaining.length; head++) {
    const node = graph.nodes.get(remaining[head])!;
    if (generateNodeHash(node, graph, hashes)) {
      for (const edge of node.outEdges) {
        if (visited.has(edge.targetId)) continue;
        visited.add(edge.targetId);
        remaining.push(edge.targetId);
      }
    } else {
      // Not all inputs hashed yet: the last input to be hashed queues this node again.
      visited.delete(node.id);
    }
  }
  if (hashes.size !== graph.nodes.size) {
    const missing = [...graph.nodes.keys()].filter((id) => !hashes.has(id));
    throw new Error(`Could not hash stream nodes ${missing.join(', ')}: they are not reachable from a source`);
  }
  const ids = new Map<number, string>();
  for (const [id, hash] of hashes) ids.set(id, toHex(hash));
  return ids;
}

function generateNodeHash(node: HashableNode, graph: HashableGraph, hashes: Map<number, Uint8Array>): boolean {
  const uid = node.transformation.uid;
  if (uid !== undefined) {
    const hash = murmur3x64Hash128(new TextEncoder().encode(uid));
    for (const [otherId, other] of hashes) {
      if (Buffer.compare(hash, other) === 0) {
        throw new Error(
          `Hash collision on user-specified ID "${uid}" of operator "${node.name}" (id ${node.id}) with operator ` +
            `id ${otherId}. Give the operators distinct uid() values.`,
        );
      }
    }
    hashes.set(node.id, hash);
    return true;
  }
  for (const edge of node.inEdges) if (!hashes.has(edge.sourceId)) return false;
  hashes.set(node.id, deterministicHash(node, graph, hashes));
  return true;
}

function deterministicHash(node: HashableNode, graph: HashableGraph, hashes: Map<number, Uint8Array>): Uint8Array {
  // Guava's putInt writes the int little-endian; the node's number is how many nodes were hashed before it.
  const position = hashes.size;
  const ints: number[] = [position];
  for (const edge of node.outEdges) if (isChainable(edge, graph)) ints.push(position);
  const input = new Uint8Array(ints.length * 4);
  const view = new DataView(input.buffer);
  for (let i = 0; i < ints.length; i++) view.setInt32(i * 4, ints[i], true);
  const hash = murmur3x64Hash128(input);
  for (const edge of node.inEdges) {
    const other = hashes.get(edge.sourceId)!;
    for (let j = 0; j < hash.length; j++) hash[j] = ((hash[j] * 37) ^ other[j]) & 0xff;
  }
  return hash;
}

function checkUniqueUids(nodes: ReadonlyMap<number, HashableNode>): void {
  const byUid = new Map<string, HashableNode>();
  for (const node of nodes.values()) {
    const uid = node.transformation.uid;
    if (uid === undefined) continue;
    if (uid.length === 0) {
      throw new Error(`Operator "${node.name}" (id ${node.id}) has an empty uid; give it a non-empty uid() or none`);
    }
    const other = byUid.get(uid);
    if (other !== undefined) {
      throw new Error(
        `Operators "${other.name}" (id ${other.id}) and "${node.name}" (id ${node.id}) both have uid "${uid}"; ` +
          'uids must be unique within a job. Give one of them another uid().',
      );
    }
    byUid.set(uid, node);
  }
}
