import type { JobEdge, JobVertex } from '../../graph/job-graph.js';
import type { InputSpec } from '../deployment/task-deployment-descriptor.js';
import {
  decodeWatermarkMetrics,
  type InputDiagnosis,
  type SplitDiagnosis,
} from '../taskmanager/task/watermark-diagnosis.js';

// A subtask's watermarks as the JobMaster archives them for REST and the CLI: the task's flat watermark metrics
// (watermark-diagnosis.ts) with input-gate channel positions resolved to the edge and producer subtask they come
// from. Watermarks stay numbers (±Infinity); REST renders them as Java longs. Runs on the JobManager's thread when
// a job is archived (per REST request), never on a task's hot path.

/** One input channel: which upstream subtask, over which edge. */
export interface ChannelRef {
  readonly inputIndex: 1 | 2;
  /** Position in the input gate. */
  readonly channel: number;
  readonly edgeId: string;
  readonly producerVertexId: string;
  readonly producerVertexName: string;
  readonly producerSubtask: number;
  readonly watermark: number;
}

export interface InputWatermarks {
  readonly inputIndex: 1 | 2;
  readonly watermark: number;
  readonly numChannels: number;
  /** The active channels at the lowest watermark: what holds this input back (at most MAX_NAMED listed). */
  readonly heldBackBy: readonly ChannelRef[];
  readonly numHeldBackBy: number;
  readonly idle: readonly ChannelRef[];
  readonly numIdle: number;
}

export interface SubtaskWatermarks {
  /** Flink's task currentInputWatermark: min over the inputs; -Infinity for sources. */
  readonly inputWatermark: number;
  /** The chain tail's currentOutputWatermark: what the subtask sends downstream. */
  readonly outputWatermark: number;
  /** Per chained operator, head first. */
  readonly operators: readonly { readonly input: number; readonly output: number }[];
  readonly inputs: readonly InputWatermarks[];
  /** Source subtasks with a WatermarkStrategy: the lowest and the idle splits. */
  readonly splits: SplitDiagnosis | undefined;
}

/** What the resolution reads of the JobGraph. */
export interface GraphNames {
  readonly edges: readonly Pick<JobEdge, 'id' | 'sourceVertexId'>[];
  readonly vertices: readonly Pick<JobVertex, 'id' | 'name'>[];
}

/** Builds a subtask's watermarks from its last metrics; undefined until it reported them. */
export function subtaskWatermarks(
  metrics: Readonly<Record<string, number>>,
  inputs: readonly InputSpec[],
  graph: GraphNames,
): SubtaskWatermarks | undefined {
  const decoded = decodeWatermarkMetrics(metrics);
  if (decoded === undefined) return undefined;
  const tail = decoded.operators[decoded.operators.length - 1];
  return {
    inputWatermark: decoded.inputWatermark,
    outputWatermark: tail?.output ?? Number.NEGATIVE_INFINITY,
    operators: decoded.operators,
    inputs: decoded.inputs.map((d) => resolveInput(d, inputs, graph)),
    splits: decoded.splits,
  };
}

function resolveInput(d: InputDiagnosis, specs: readonly InputSpec[], graph: GraphNames): InputWatermarks {
  const channels = specs.filter((s) => s.inputIndex === d.inputIndex).flatMap((s) => s.channels);
  const ref = (channel: number, watermark: number): ChannelRef => {
    const id = channels[channel]?.channelId ?? '';
    // ChannelSpec ids are `${edgeId}|${producerIndex}|${consumerIndex}`.
    const [edgeId = '?', producer = '-1'] = id.split('|');
    const edge = graph.edges.find((e) => e.id === edgeId);
    const vertex = graph.vertices.find((v) => v.id === edge?.sourceVertexId);
    return {
      inputIndex: d.inputIndex,
      channel,
      edgeId,
      producerVertexId: vertex?.id ?? '?',
      producerVertexName: vertex?.name ?? '(unknown)',
      producerSubtask: Number(producer),
      watermark,
    };
  };
  return {
    inputIndex: d.inputIndex,
    watermark: d.watermark,
    numChannels: d.numChannels,
    heldBackBy: d.lowest.map((l) => ref(l.channel, l.watermark)),
    numHeldBackBy: d.numLowest,
    idle: d.idle.map((c) => ref(c, Number.NaN)),
    numIdle: d.numIdle,
  };
}

/** Renders a watermark for people: "none" before the first, "end" at the end of input. */
export function formatWatermark(wm: number): string {
  if (wm === Number.NEGATIVE_INFINITY) return 'none';
  if (wm === Number.POSITIVE_INFINITY) return 'end';
  return String(Math.trunc(wm));
}

/**
 * One line saying what holds a subtask's watermark back, e.g. "input 1: 'events' subtask 1 at 2999 (idle: 'events'
 * subtask 0)" or "split 'slow' at 2999"; undefined when nothing does (no inputs, or all idle).
 */
export function explainHeldBack(w: SubtaskWatermarks): string | undefined {
  if (w.splits !== undefined) {
    const s = w.splits;
    const parts: string[] = [];
    if (s.lowest.length > 0 && s.numSplits > 1) {
      const names = s.lowest.map((l) => `'${l.splitId}'`).join(', ');
      parts.push(`split ${names}${more(s.numLowest, s.lowest.length)} at ${formatWatermark(s.lowest[0].watermark)}`);
    }
    if (s.idle.length > 0) parts.push(`idle splits: ${s.idle.map((id) => `'${id}'`).join(', ')}`);
    return parts.length > 0 ? parts.join('; ') : undefined;
  }
  // With two inputs the lower one holds the operator back.
  const ordered = [...w.inputs].sort((a, b) => lowestOf(a) - lowestOf(b));
  const parts: string[] = [];
  for (const input of ordered) {
    if (input.heldBackBy.length === 0 && input.idle.length === 0) continue;
    const label = w.inputs.length > 1 ? `input ${input.inputIndex}: ` : '';
    let text = '';
    if (input.heldBackBy.length > 0 && input.numChannels > 1) {
      const first = input.heldBackBy[0];
      const who = input.heldBackBy.map((c) => `'${c.producerVertexName}' subtask ${c.producerSubtask}`).join(', ');
      text = `${who}${more(input.numHeldBackBy, input.heldBackBy.length)} at ${formatWatermark(first.watermark)}`;
    } else if (input.heldBackBy.length > 0) {
      text = `'${input.heldBackBy[0].producerVertexName}' at ${formatWatermark(input.heldBackBy[0].watermark)}`;
    }
    if (input.idle.length > 0) {
      const idle = input.idle.map((c) => `'${c.producerVertexName}' subtask ${c.producerSubtask}`).join(', ');
      text += `${text === '' ? '' : ' '}(idle: ${idle}${more(input.numIdle, input.idle.length)})`;
    }
    parts.push(label + text);
  }
  return parts.length > 0 ? parts.join('; ') : undefined;
}

function lowestOf(input: InputWatermarks): number {
  return input.heldBackBy[0]?.watermark ?? Number.POSITIVE_INFINITY;
}

function more(total: number, listed: number): string {
  return total > listed ? ` and ${total - listed} more` : '';
}
