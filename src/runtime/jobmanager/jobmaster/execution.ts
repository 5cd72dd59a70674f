import { randomBytes } from 'node:crypto';
import type { JobGraph, JobVertex } from '../../../graph/job-graph.js';
import type {
  ExecutionState,
  InputSpec,
  SlotLocation,
  TaskDeploymentDescriptor,
} from '../../deployment/task-deployment-descriptor.js';
import { channelsOf } from './deployment-planner.js';
import { type RestoreSource, taskRestoreSpec } from './restore-assignment.js';

// One attempt to run one subtask (Flink's Execution), as the JobMaster tracks it, and how a new one is made with
// its deployment descriptor. Contract: JobMaster thread only.

export interface Execution {
  readonly executionId: string;
  readonly vertexId: string;
  readonly subtaskIndex: number;
  /** Flink's attempt number: counted per subtask, +1 on every restart of that subtask. */
  readonly attempt: number;
  state: ExecutionState;
  slot: (SlotLocation & { readonly address: string }) | undefined;
  readonly timestamps: Partial<Record<ExecutionState, number>>;
  metrics: Readonly<Record<string, number>>;
  /** The subtask's input channels as deployed (maps watermark-diagnosis channel positions to producers). */
  readonly inputs: readonly InputSpec[];
}

export interface NewExecution {
  readonly graph: JobGraph;
  readonly vertex: JobVertex;
  readonly subtaskIndex: number;
  readonly attempt: number;
  /** Suffix of the channel ids (the region's channel epoch): channels of different deployments never share an id. */
  readonly channelEpoch: number;
  readonly slot: SlotLocation & { readonly address: string };
  /** Where every subtask of the job runs. */
  readonly placement: ReadonlyMap<string, SlotLocation>;
  readonly restore: RestoreSource | undefined;
}

/** A new SCHEDULED execution of a subtask and the descriptor that deploys it. */
export function newExecution(spec: NewExecution): { execution: Execution; tdd: TaskDeploymentDescriptor } {
  const { graph, vertex, subtaskIndex, attempt, slot, restore } = spec;
  const { inputs, outputs } = channelsOf(graph, vertex, subtaskIndex, spec.placement, spec.channelEpoch);
  const executionId = randomBytes(16).toString('hex');
  const now = Date.now();
  const execution: Execution = {
    executionId,
    vertexId: vertex.id,
    subtaskIndex,
    attempt,
    state: 'SCHEDULED',
    slot: { taskManagerId: slot.taskManagerId, slotIndex: slot.slotIndex, address: slot.address },
    timestamps: { CREATED: now, SCHEDULED: now },
    metrics: {},
    inputs,
  };
  const tdd: TaskDeploymentDescriptor = {
    jobId: graph.jobId,
    vertexId: vertex.id,
    subtaskIndex,
    attemptNumber: attempt,
    executionId,
    slot: { taskManagerId: slot.taskManagerId, slotIndex: slot.slotIndex },
    inputs,
    outputs,
    restore: restore === undefined ? undefined : taskRestoreSpec(graph, vertex, subtaskIndex, restore),
  };
  return { execution, tdd };
}
