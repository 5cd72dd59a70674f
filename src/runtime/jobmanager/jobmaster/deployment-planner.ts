import type { JobGraph, JobVertex } from '../../../graph/job-graph.js';
import {
  type ChannelSpec,
  channelId,
  type InputSpec,
  type OutputSpec,
  type SlotLocation,
} from '../../deployment/task-deployment-descriptor.js';
import { connectedConsumers, connectedProducers } from '../../network/connection-pattern.js';

// Pure scheduling decisions of the JobMaster: how many slots a job needs with slot sharing, which slot each
// subtask goes to, and the channels of each subtask's inputs and outputs. Slot sharing as in Flink's default:
// subtask i of every vertex in a slot sharing group shares slot i of that group.

export interface SubtaskRef {
  readonly vertexId: string;
  readonly subtaskIndex: number;
}

/** Slots needed: per slot sharing group, its highest parallelism. */
export function requiredSlots(jobGraph: JobGraph): number {
  let total = 0;
  for (const p of groupParallelism(jobGraph).values()) total += p;
  return total;
}

function groupParallelism(jobGraph: JobGraph): Map<string, number> {
  const groups = new Map<string, number>();
  for (const v of jobGraph.vertices)
    groups.set(v.slotSharingGroup, Math.max(groups.get(v.slotSharingGroup) ?? 0, v.parallelism));
  return groups;
}

/** Assigns every subtask a slot out of `slots` (offered slots, in offer order). */
export function assignSlots(jobGraph: JobGraph, slots: readonly SlotLocation[]): Map<string, SlotLocation> {
  const needed = requiredSlots(jobGraph);
  if (slots.length < needed) throw new Error(`The job needs ${needed} slots but only ${slots.length} were offered`);
  const offsets = new Map<string, number>();
  let offset = 0;
  for (const [group, p] of groupParallelism(jobGraph)) {
    offsets.set(group, offset);
    offset += p;
  }
  const placement = new Map<string, SlotLocation>();
  for (const v of jobGraph.vertices) {
    const base = offsets.get(v.slotSharingGroup)!;
    for (let i = 0; i < v.parallelism; i++) placement.set(subtaskKey(v.id, i), slots[base + i]);
  }
  return placement;
}

export function subtaskKey(vertexId: string, subtaskIndex: number): string {
  return `${vertexId}#${subtaskIndex}`;
}

/** The input and output channels of one subtask, each naming the slot at its other end. */
export function channelsOf(
  jobGraph: JobGraph,
  vertex: JobVertex,
  subtaskIndex: number,
  placement: ReadonlyMap<string, SlotLocation>,
  /** The job's restart count: channels of different attempts must never share an id. */
  attempt = 0,
): { inputs: InputSpec[]; outputs: OutputSpec[] } {
  const suffix = attempt === 0 ? '' : `#${attempt}`;
  const byId = new Map(jobGraph.vertices.map((v) => [v.id, v]));
  const inputs: InputSpec[] = [];
  const outputs: OutputSpec[] = [];
  for (const edge of jobGraph.edges) {
    if (edge.targetVertexId === vertex.id) {
      const producer = byId.get(edge.sourceVertexId)!;
      const producers = connectedProducers(edge.partitioner, subtaskIndex, producer.parallelism, vertex.parallelism);
      const channels: ChannelSpec[] = producers.map((i) => ({
        channelId: channelId(edge.id, i, subtaskIndex) + suffix,
        peer: peerOf(placement, producer.id, i),
      }));
      inputs.push({ edgeId: edge.id, inputIndex: edge.inputIndex, channels });
    }
    if (edge.sourceVertexId === vertex.id) {
      const consumer = byId.get(edge.targetVertexId)!;
      const consumers = connectedConsumers(edge.partitioner, subtaskIndex, vertex.parallelism, consumer.parallelism);
      const channels: ChannelSpec[] = consumers.map((j) => ({
        channelId: channelId(edge.id, subtaskIndex, j) + suffix,
        peer: peerOf(placement, consumer.id, j),
      }));
      outputs.push({ edgeId: edge.id, channels });
    }
  }
  return { inputs, outputs };
}

/** The slot of a channel's other end, as plain data (the placement holds the JobMaster's richer slot objects). */
function peerOf(placement: ReadonlyMap<string, SlotLocation>, vertexId: string, subtaskIndex: number): SlotLocation {
  const { taskManagerId, slotIndex, address } = placement.get(subtaskKey(vertexId, subtaskIndex))!;
  return address === undefined ? { taskManagerId, slotIndex } : { taskManagerId, slotIndex, address };
}
