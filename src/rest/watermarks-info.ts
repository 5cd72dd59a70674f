// Watermarks over REST. GET /jobs/:jobid/vertices/:vertexid/watermarks answers as Flink does: the subtasks'
// currentInputWatermark metrics as a list of { id: "<subtask>.currentInputWatermark", value: "<Java long>" } (Flink's
// MetricCollectionResponseBody, which it serializes as a bare array), "-9223372036854775808" for no watermark yet.
// GET /jobs/:jobid/watermarks is a Weir extension for "why is my window not firing": per vertex, the lowest input
// watermark and which upstream subtask (or source split) holds it back, and which are idle.
import { timestampToJavaLong } from '../core/time.js';
import type { ArchivedJob, ArchivedSubtask, ArchivedVertex } from '../runtime/jobmanager/job-details.js';
import { type ChannelRef, explainHeldBack, type SubtaskWatermarks } from '../runtime/jobmanager/watermark-details.js';

/** Flink's Metric: id and value, the value as a string. */
export interface MetricInfo {
  readonly id: string;
  readonly value: string;
}

/** Flink's JobVertexWatermarksHandler: one entry per subtask that reported its input watermark. */
export function vertexWatermarks(vertex: ArchivedVertex): MetricInfo[] {
  const metrics: MetricInfo[] = [];
  for (const s of vertex.subtasks) {
    if (s.watermarks === undefined) continue;
    metrics.push({ id: `${s.index}.currentInputWatermark`, value: timestampToJavaLong(s.watermarks.inputWatermark) });
  }
  return metrics;
}

export interface ChannelInfo {
  readonly input: 1 | 2;
  readonly edge: string;
  readonly vertex: string;
  readonly 'vertex-name': string;
  readonly subtask: number;
  readonly watermark?: string;
}

export interface SubtaskWatermarksInfo {
  readonly subtask: number;
  readonly 'input-watermark': string;
  readonly 'output-watermark': string;
  readonly operators: readonly { readonly index: number; readonly input: string; readonly output: string }[];
  readonly 'held-back-by': readonly ChannelInfo[];
  readonly 'idle-inputs': readonly ChannelInfo[];
  readonly splits?: {
    readonly count: number;
    readonly lowest: readonly { readonly split: string; readonly watermark: string }[];
    readonly idle: readonly string[];
  };
  /** One line for people; absent when nothing holds this subtask back. */
  readonly explanation?: string;
}

export interface VertexWatermarksInfo {
  readonly id: string;
  readonly name: string;
  /** Min over the subtasks' input watermarks (sources: none). */
  readonly 'input-watermark': string;
  /** Min over the subtasks' output watermarks: what downstream sees from this vertex. */
  readonly 'output-watermark': string;
  /** The subtask with the lowest watermark (input, or output for sources); absent before any reported. */
  readonly 'lowest-subtask'?: number;
  /** The lowest subtask's explanation. */
  readonly explanation?: string;
  readonly subtasks: readonly SubtaskWatermarksInfo[];
}

export interface JobWatermarksInfo {
  readonly jid: string;
  readonly vertices: readonly VertexWatermarksInfo[];
}

export function jobWatermarks(job: ArchivedJob): JobWatermarksInfo {
  return { jid: job.jobId, vertices: job.vertices.map(vertexWatermarksDetail) };
}

function vertexWatermarksDetail(vertex: ArchivedVertex): VertexWatermarksInfo {
  const reported = vertex.subtasks.filter(
    (s): s is ArchivedSubtask & { watermarks: SubtaskWatermarks } => s.watermarks !== undefined,
  );
  let input = Number.POSITIVE_INFINITY;
  let output = Number.POSITIVE_INFINITY;
  let lowest: (typeof reported)[number] | undefined;
  for (const s of reported) {
    const w = s.watermarks;
    input = Math.min(input, w.inputWatermark);
    output = Math.min(output, w.outputWatermark);
    if (lowest === undefined || keyOf(w) < keyOf(lowest.watermarks)) lowest = s;
  }
  const none = Number.NEGATIVE_INFINITY;
  return {
    id: vertex.id,
    name: vertex.name,
    'input-watermark': timestampToJavaLong(reported.length === 0 ? none : input),
    'output-watermark': timestampToJavaLong(reported.length === 0 ? none : output),
    'lowest-subtask': lowest?.index,
    explanation: lowest === undefined ? undefined : explainHeldBack(lowest.watermarks),
    subtasks: reported.map((s) => subtaskInfo(s.index, s.watermarks)),
  };
}

/** A source's watermark is what it emits; any other task's is what reaches its input. */
function keyOf(w: SubtaskWatermarks): number {
  return w.splits !== undefined || w.inputs.length === 0 ? w.outputWatermark : w.inputWatermark;
}

function subtaskInfo(index: number, w: SubtaskWatermarks): SubtaskWatermarksInfo {
  const heldBackBy: ChannelInfo[] = [];
  const idle: ChannelInfo[] = [];
  for (const input of w.inputs) {
    for (const c of input.heldBackBy) heldBackBy.push(channelInfo(c, true));
    for (const c of input.idle) idle.push(channelInfo(c, false));
  }
  const s = w.splits;
  return {
    subtask: index,
    'input-watermark': timestampToJavaLong(w.inputWatermark),
    'output-watermark': timestampToJavaLong(w.outputWatermark),
    operators: w.operators.map((o, i) => ({
      index: i,
      input: timestampToJavaLong(o.input),
      output: timestampToJavaLong(o.output),
    })),
    'held-back-by': heldBackBy,
    'idle-inputs': idle,
    splits:
      s === undefined
        ? undefined
        : {
            count: s.numSplits,
            lowest: s.lowest.map((l) => ({ split: l.splitId, watermark: timestampToJavaLong(l.watermark) })),
            idle: s.idle,
          },
    explanation: explainHeldBack(w),
  };
}

function channelInfo(c: ChannelRef, withWatermark: boolean): ChannelInfo {
  return {
    input: c.inputIndex,
    edge: c.edgeId,
    vertex: c.producerVertexId,
    'vertex-name': c.producerVertexName,
    subtask: c.producerSubtask,
    watermark: withWatermark ? timestampToJavaLong(c.watermark) : undefined,
  };
}
