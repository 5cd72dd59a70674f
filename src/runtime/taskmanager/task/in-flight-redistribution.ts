import type { PartitionerKind } from '../../../api/transformations.js';
import { connectedProducers } from '../../network/connection-pattern.js';
import type { ChannelState } from './checkpoint-barrier-handler.js';

// Restoring an unaligned checkpoint at another parallelism (Flink's FLIP-76 rescaling of channel state): the
// records that were in flight to the old subtasks are handed to the new subtask that must process them, and each
// new subtask computes its share independently from the same old files, so every record is replayed exactly once
// in the whole job (broadcast records once per new subtask). Per input edge, by partitioner:
// - hash, custom, global: the edge's own channel selector, set up for the new parallelism, names the owner (the
//   subtask owning the key's key group for hash); the key is computed here, at restore, so recording in-flight
//   records costs nothing extra on the per-record path (Flink also filters by the partitioner when it replays).
// - broadcast: every old subtask holds a copy of the same stream, each at its own position; new subtask i replays
//   old subtask (i mod oldParallelism)'s records, the subtask whose broadcast state it restores.
// - forward, rescale, rebalance, shuffle: the records of all old subtasks, in old subtask then channel order, are
//   dealt round robin, so the new subtasks get shares that differ by at most one record.
// At the same parallelism a subtask keeps its own records. Records of one old channel stay in their order and go to
// one new channel: the new channel from the same upstream subtask if it exists, else (upstream scaled down) the
// channel (old upstream index mod new channel count). Pure; called once per new subtask before it starts.

/** The in-flight records one old subtask recorded, by its global input channel (flat value, timestamp pairs). */
export interface OldChannelState {
  readonly subtaskIndex: number;
  readonly channels: ChannelState;
}

/** One network input edge of the restored vertex, in the task's channel order (input 1's edges first). */
export interface InFlightInput {
  readonly edgeId: string;
  readonly partitioner: PartitionerKind;
  /** The upstream vertex's parallelism when the checkpoint was taken; undefined when the checkpoint lacks it. */
  readonly oldUpstreamParallelism: number | undefined;
  readonly newUpstreamParallelism: number;
  /** hash, custom and global edges: the new subtask that must process `value` (the edge's partitioner). */
  readonly owner?: (value: unknown) => number;
}

export interface InFlightTarget {
  readonly inputs: readonly InFlightInput[];
  readonly oldParallelism: number;
  readonly newParallelism: number;
  readonly subtaskIndex: number;
  /** Names the checkpoint in errors. */
  readonly where: string;
}

interface EdgeLayout {
  readonly input: InFlightInput;
  /** Producer subtask per channel of the edge, in channel order. */
  readonly producers: readonly number[];
  /** The edge's first global channel index. */
  readonly offset: number;
}

/** The records new subtask `target.subtaskIndex` replays, by its own global input channel, in replay order. */
export function redistributeInFlight(old: readonly OldChannelState[], target: InFlightTarget): Map<number, unknown[]> {
  const { oldParallelism, newParallelism, subtaskIndex } = target;
  const rescaled = oldParallelism !== newParallelism;
  const newLayout = layout(target, subtaskIndex, newParallelism, 'new');
  const out = new Map<number, unknown[]>();
  const dealt = new Map<string, number>();
  for (const state of [...old].sort((a, b) => a.subtaskIndex - b.subtaskIndex)) {
    if (!rescaled && state.subtaskIndex !== subtaskIndex) continue;
    if (state.channels.size === 0) continue;
    const oldLayout = layout(target, state.subtaskIndex, oldParallelism, 'old');
    for (const [channel, records] of [...state.channels].sort((a, b) => a[0] - b[0])) {
      const edge = edgeOf(oldLayout, channel, state.subtaskIndex, target);
      const into = newChannel(edge, channel, newLayout);
      const kept = rescaled ? share(edge.input, records, state.subtaskIndex, target, dealt) : records;
      if (kept.length === 0) continue;
      const list = out.get(into);
      if (list === undefined) out.set(into, kept.slice());
      else for (const r of kept) list.push(r);
    }
  }
  return out;
}

/** The records of one old channel that this new subtask takes (flat pairs, original order). */
function share(
  input: InFlightInput,
  records: readonly unknown[],
  oldSubtask: number,
  target: InFlightTarget,
  dealt: Map<string, number>,
): readonly unknown[] {
  const { subtaskIndex, newParallelism, oldParallelism } = target;
  switch (input.partitioner) {
    case 'broadcast':
      return subtaskIndex % oldParallelism === oldSubtask ? records : [];
    case 'hash':
    case 'custom':
    case 'global': {
      const owner = input.owner;
      if (owner === undefined) throw new Error(`internal error: no owner function for ${input.partitioner} edge`);
      const kept: unknown[] = [];
      for (let i = 0; i < records.length; i += 2) {
        if (owner(records[i]) === subtaskIndex) kept.push(records[i], records[i + 1]);
      }
      return kept;
    }
    case 'forward':
    case 'rescale':
    case 'rebalance':
    case 'shuffle': {
      // One counter per edge over all old subtasks and channels in order: the same deal in every new subtask.
      let next = dealt.get(input.edgeId) ?? 0;
      const kept: unknown[] = [];
      for (let i = 0; i < records.length; i += 2, next++) {
        if (next % newParallelism === subtaskIndex) kept.push(records[i], records[i + 1]);
      }
      dealt.set(input.edgeId, next);
      return kept;
    }
    default: {
      const never: never = input.partitioner;
      throw new Error(`unknown partitioner '${String(never)}'`);
    }
  }
}

/** The channels of subtask `subtask` of `parallelism`, edge by edge, with the old or new upstream parallelism. */
function layout(target: InFlightTarget, subtask: number, parallelism: number, which: 'old' | 'new'): EdgeLayout[] {
  const edges: EdgeLayout[] = [];
  let offset = 0;
  for (const input of target.inputs) {
    const upstream = which === 'old' ? input.oldUpstreamParallelism : input.newUpstreamParallelism;
    if (upstream === undefined) {
      throw new Error(
        `${target.where} holds records in flight, but not the parallelism of the operators feeding edge ` +
          `${input.edgeId}, so Weir cannot tell which channel they came from (the job's inputs changed). Restore ` +
          'with the job the checkpoint was taken with, or take a savepoint with unaligned checkpoints off ' +
          '(execution.checkpointing.unaligned.enabled: false) first.',
      );
    }
    const producers = connectedProducers(input.partitioner, subtask, upstream, parallelism);
    edges.push({ input, producers, offset });
    offset += producers.length;
  }
  return edges;
}

function edgeOf(edges: readonly EdgeLayout[], channel: number, oldSubtask: number, target: InFlightTarget): EdgeLayout {
  for (let i = edges.length - 1; i >= 0; i--) {
    const edge = edges[i];
    if (channel >= edge.offset && channel < edge.offset + edge.producers.length) return edge;
  }
  const total = edges.reduce((n, e) => n + e.producers.length, 0);
  throw new Error(
    `${target.where}: old subtask ${oldSubtask} recorded in-flight records on input channel ${channel}, but it had ` +
      `only ${total} input channels in the job being restored (the job's inputs changed). Restore with the job ` +
      'the checkpoint was taken with, or take a savepoint with unaligned checkpoints off first.',
  );
}

/** The new global channel that replays old channel `channel` of `edge`. */
function newChannel(edge: EdgeLayout, channel: number, newLayout: readonly EdgeLayout[]): number {
  const now = newLayout.find((e) => e.input === edge.input)!;
  const producer = edge.producers[channel - edge.offset];
  const same = now.producers.indexOf(producer);
  return now.offset + (same >= 0 ? same : producer % now.producers.length);
}
