import type { JobVertex } from '../graph/job-graph.js';
import type { InputSpec } from '../runtime/deployment/task-deployment-descriptor.js';
import {
  explainHeldBack,
  formatWatermark,
  type GraphNames,
  type SubtaskWatermarks,
  subtaskWatermarks,
} from '../runtime/jobmanager/watermark-details.js';

// The watermark part of `weir run`'s status line: the lowest input watermark of any running non-source subtask
// and, briefly, what holds it back. Read from the executions' last metrics once per status-line tick.

/** What the status line reads of a JobMaster's execution. */
export interface ExecutionView {
  readonly vertexId: string;
  readonly subtaskIndex: number;
  readonly state: string;
  readonly metrics: Readonly<Record<string, number>>;
  readonly inputs: readonly InputSpec[];
}

/** What the status line reads of the JobGraph. */
export interface StatusGraph extends GraphNames {
  readonly vertices: readonly Pick<JobVertex, 'id' | 'name' | 'parallelism'>[];
}

/** " | wm 2999 at 'fire timers' ← 'Source: slow' subtask 0 at 2999", or '' when the job does not use event time. */
export function watermarkStatus(executions: Iterable<ExecutionView>, graph: StatusGraph): string {
  let eventTime = false;
  let lowest: { w: SubtaskWatermarks; vertexId: string; subtask: number } | undefined;
  for (const e of executions) {
    if (e.state !== 'RUNNING') continue;
    const w = subtaskWatermarks(e.metrics, e.inputs, graph);
    if (w === undefined) continue;
    if (w.splits !== undefined || Number.isFinite(w.outputWatermark)) eventTime = true;
    if (w.inputs.length === 0) continue;
    if (lowest === undefined || w.inputWatermark < lowest.w.inputWatermark)
      lowest = { w, vertexId: e.vertexId, subtask: e.subtaskIndex };
  }
  if (!eventTime || lowest === undefined) return '';
  const vertex = graph.vertices.find((v) => v.id === lowest.vertexId);
  // The chain's head names the vertex briefly: the status line has one terminal row.
  const name = vertex?.name.split(' -> ')[0];
  const where = vertex === undefined ? '' : ` at '${name}'${vertex.parallelism > 1 ? ` #${lowest.subtask}` : ''}`;
  const why = explainHeldBack(lowest.w);
  return ` | wm ${formatWatermark(lowest.w.inputWatermark)}${where}${why === undefined ? '' : ` ← ${why}`}`;
}
