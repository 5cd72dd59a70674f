import type { PartitionerSpec } from '../../../api/transformations.js';
import type { JobGraph, JobVertex } from '../../../graph/job-graph.js';
import type { StreamEdge } from '../../../graph/stream-graph.js';
import type { TaskDeploymentDescriptor } from '../../deployment/task-deployment-descriptor.js';
import { createChannelSelector } from '../../network/channel-selector.js';
import type { InputGate } from '../../network/input-gate.js';
import type { RestoredInFlight } from '../task/chain-state.js';
import type { BarrierChannels } from '../task/checkpoint-barrier-handler.js';
import { type InFlightInput, redistributeInFlight } from '../task/in-flight-redistribution.js';
import { type ChannelInput, InFlightReplay } from '../task/in-flight-replay.js';
import type { GateBinding } from '../task/stream-task.js';

// A task's input channels numbered across its gates (gate 1's channels first), as the barrier handler and the
// in-flight replay of unaligned checkpoints count them.

/** Maps a global input channel number (as the barrier handler numbers them) to its task input and local index. */
export function channelInputs(gates: readonly GateBinding[]): (channel: number) => ChannelInput {
  return (channel) => {
    let offset = 0;
    for (const { gate, input } of gates) {
      const n = (gate as InputGate).numberOfChannels;
      if (channel < offset + n) return { input, channel: channel - offset };
      offset += n;
    }
    throw new Error(`internal error: restored in-flight records name input channel ${channel}, which this task lacks`);
  };
}

/** The task's channels numbered across its gates, for the barrier handler. */
export function gateChannels(gates: ReadonlyArray<{ gate: InputGate; offset: number }>): BarrierChannels {
  return {
    block(channel: number): void {
      for (let i = gates.length - 1; i >= 0; i--) {
        const { gate, offset } = gates[i];
        if (channel >= offset) {
          gate.blockChannel(channel - offset);
          return;
        }
      }
    },
    unblockAll(): void {
      for (const { gate } of gates) gate.unblockAll();
    },
  };
}

/**
 * The replay of the restored in-flight records this subtask must process (redistributed when the job was rescaled),
 * or undefined when there are none. Its inputs are listed in the gates' channel order (input 1's edges first).
 */
export function inFlightReplay(
  restored: RestoredInFlight | undefined,
  tdd: TaskDeploymentDescriptor,
  vertex: JobVertex,
  graph: JobGraph,
  streamEdge: (id: string) => StreamEdge,
  gates: readonly GateBinding[],
): InFlightReplay | undefined {
  if (restored === undefined) return undefined;
  const inputs: InFlightInput[] = [];
  for (const inputIndex of [1, 2] as const) {
    for (const spec of tdd.inputs) {
      if (spec.inputIndex !== inputIndex) continue;
      const edge = graph.edges.find((e) => e.id === spec.edgeId);
      const producer = graph.vertices.find((v) => v.id === edge?.sourceVertexId);
      if (edge === undefined || producer === undefined) throw new Error(`internal error: input edge ${spec.edgeId}`);
      inputs.push({
        edgeId: edge.id,
        partitioner: edge.partitioner,
        oldUpstreamParallelism: restored.upstreamParallelism[edge.id],
        newUpstreamParallelism: producer.parallelism,
        owner: ownerOf(streamEdge(edge.id).partitioner, vertex),
      });
    }
  }
  const records = redistributeInFlight(restored.subtasks, {
    inputs,
    oldParallelism: restored.oldParallelism,
    newParallelism: vertex.parallelism,
    subtaskIndex: tdd.subtaskIndex,
    where: restored.where,
  });
  return records.size === 0 ? undefined : new InFlightReplay(records, channelInputs(gates));
}

/** Hash, custom and global edges: the edge's partitioner for the new parallelism names a record's subtask. */
function ownerOf(spec: PartitionerSpec, vertex: JobVertex): ((value: unknown) => number) | undefined {
  if (spec.kind !== 'hash' && spec.kind !== 'custom' && spec.kind !== 'global') return undefined;
  const selector = createChannelSelector(spec, vertex.maxParallelism);
  selector.setup(vertex.parallelism);
  return (value) => selector.selectChannel(value);
}
