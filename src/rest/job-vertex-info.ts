// GET /jobs/:jobid/vertices/:vertexid (Flink's JobVertexDetailsInfo): a vertex and each of its subtasks' current
// attempt, rendered from the ArchivedVertex the JobMaster published.
import type { ArchivedSubtask, ArchivedVertex, ExecutionState } from '../runtime/jobmanager/job-details.js';
import { ioMetricsInfo } from './job-details-info.js';
import type { IOMetricsInfoBody } from './rest-messages.js';

/** One subtask's current attempt (SubtaskExecutionAttemptDetailsInfo). */
export interface SubtaskExecutionAttemptDetailsBody {
  readonly subtask: number;
  readonly status: ExecutionState;
  readonly attempt: number;
  readonly endpoint: string;
  readonly 'start-time': number;
  readonly 'end-time': number;
  readonly duration: number;
  readonly metrics: IOMetricsInfoBody;
  readonly 'taskmanager-id': string;
  readonly 'status-duration': Readonly<Partial<Record<ExecutionState, number>>>;
}

export interface JobVertexDetailsBody {
  readonly id: string;
  readonly name: string;
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly now: number;
  readonly subtasks: readonly SubtaskExecutionAttemptDetailsBody[];
}

export function jobVertexDetails(vertex: ArchivedVertex, now: number): JobVertexDetailsBody {
  return {
    id: vertex.id,
    name: vertex.name,
    parallelism: vertex.parallelism,
    maxParallelism: vertex.maxParallelism,
    now,
    subtasks: vertex.subtasks.map((s) => subtaskAttemptDetails(s, now)),
  };
}

/**
 * As Flink: start-time is the DEPLOYING timestamp (-1 before), end-time -1 until terminal, duration runs to now
 * while not terminal and is -1 before the start.
 */
export function subtaskAttemptDetails(subtask: ArchivedSubtask, now: number): SubtaskExecutionAttemptDetailsBody {
  const start = subtask.startTime > 0 ? subtask.startTime : -1;
  const end = subtask.endTime > 0 ? subtask.endTime : -1;
  const duration = start < 0 ? -1 : (end > 0 ? end : now) - start;
  return {
    subtask: subtask.index,
    status: subtask.state,
    attempt: subtask.attempt,
    endpoint: subtask.host,
    'start-time': start,
    'end-time': end,
    duration,
    metrics: ioMetricsInfo([subtask]),
    'taskmanager-id': subtask.taskManagerId,
    'status-duration': statusDuration(subtask, now),
  };
}

/** The phases Flink reports in status-duration, each ended by entering the next (RUNNING by a terminal state). */
const PHASES: readonly ExecutionState[] = ['CREATED', 'SCHEDULED', 'DEPLOYING', 'INITIALIZING', 'RUNNING'];

/**
 * Time spent in each phase (Flink's SubtaskExecutionAttemptDetailsInfo.getExecutionStateDuration): entering a phase
 * to entering the next one reached, or now for the current state; -1 for a phase never entered. Without
 * per-state timestamps (a subtask not deployed yet) the map is empty.
 */
export function statusDuration(subtask: ArchivedSubtask, now: number): Partial<Record<ExecutionState, number>> {
  const ts = subtask.stateTimestamps;
  if (ts === undefined) return {};
  const out: Partial<Record<ExecutionState, number>> = {};
  for (let i = 0; i < PHASES.length; i++) {
    const phase = PHASES[i];
    const entered = ts[phase];
    if (entered === undefined) {
      out[phase] = -1;
      continue;
    }
    out[phase] = (subtask.state === phase ? now : leftAt(ts, i, subtask)) - entered;
  }
  return out;
}

/** When the phase at PHASES[i] was left: the next state entered after it (a later phase or a terminal state). */
function leftAt(ts: Readonly<Partial<Record<ExecutionState, number>>>, i: number, subtask: ArchivedSubtask): number {
  for (let j = i + 1; j < PHASES.length; j++) {
    const next = ts[PHASES[j]];
    if (next !== undefined) return next;
  }
  const terminal = ts.FINISHED ?? ts.CANCELING ?? ts.CANCELED ?? ts.FAILED;
  return terminal ?? (subtask.endTime > 0 ? subtask.endTime : (ts[PHASES[i]] ?? 0));
}
