import type { JobGraph } from '../../../graph/job-graph.js';
import type { CoordinatorToReaderEvent } from '../../deployment/operator-event.js';
import type { ExecutionState, TaskDeploymentDescriptor } from '../../deployment/task-deployment-descriptor.js';
import type { TaskExecutorGateway } from '../../rpc/gateways.js';
import { assignSlots, subtaskKey } from './deployment-planner.js';
import { type Execution, newExecution } from './execution.js';
import type { OfferedSlot } from './job-slot-pool.js';
import type { RegionFailover } from './region-failover.js';
import type { RestoreSource } from './restore-assignment.js';

// The current execution of every subtask of a job (Flink's ExecutionGraph, reduced): creating and deploying new
// executions, cancelling them, and the counts the JobMaster decides the job's status from.
// Contract: JobMaster thread only.

export interface SubtaskId {
  readonly vertexId: string;
  readonly subtaskIndex: number;
}

/** An execution state that is final (finished, canceled or failed). */
export function isTerminalState(state: ExecutionState): boolean {
  return state === 'FINISHED' || state === 'CANCELED' || state === 'FAILED';
}

/** An execution that ended. */
export function isTerminal(execution: Execution): boolean {
  return isTerminalState(execution.state);
}

export class JobExecutions {
  /** By execution id. */
  readonly byId = new Map<string, Execution>();
  private readonly expected: number;

  constructor(
    private readonly graph: JobGraph,
    private readonly taskExecutor: (address: string) => TaskExecutorGateway,
  ) {
    this.expected = graph.vertices.reduce((n, v) => n + v.parallelism, 0);
  }

  current(): Execution[] {
    return [...this.byId.values()];
  }

  forget(executions: Iterable<Execution> | 'all'): void {
    if (executions === 'all') this.byId.clear();
    else for (const execution of executions) this.byId.delete(execution.executionId);
  }

  /** Every subtask has an execution and all are in `state`. */
  allIn(state: 'RUNNING' | 'FINISHED'): boolean {
    return this.byId.size === this.expected && this.current().every((e) => e.state === state);
  }

  allTerminal(): boolean {
    return this.current().every(isTerminal);
  }

  /** A coordinator's event to the current execution of source node `nodeId`'s subtask; dropped if undeployed. */
  sendToReader(nodeId: number, subtask: number, event: CoordinatorToReaderEvent): void {
    const vertex = this.graph.vertices.find((v) => v.chain.some((n) => n.nodeId === nodeId));
    if (vertex === undefined) return;
    const execution = this.current().find((e) => e.vertexId === vertex.id && e.subtaskIndex === subtask);
    if (execution?.slot === undefined) return;
    this.taskExecutor(execution.slot.address)
      .sendOperatorEventToTask(execution.executionId, nodeId, event)
      .catch(() => {});
  }

  /** Cancels the executions that did not end: undeployed ones at once, deployed ones through their TaskExecutor. */
  cancel(executions: Iterable<Execution>): void {
    for (const execution of executions) {
      if (isTerminal(execution)) continue;
      if (execution.slot === undefined || execution.state === 'SCHEDULED') {
        execution.state = 'CANCELED';
        continue;
      }
      execution.state = 'CANCELING';
      this.taskExecutor(execution.slot.address)
        .cancelTask(execution.executionId)
        .catch(() => {});
    }
  }

  /**
   * Creates the executions of `subtasks` in their current attempt (from `restore` when given) and submits them in
   * order while `stillRunning()`; one cancelled meanwhile stays undeployed. Rejects when a submission fails.
   */
  async deploy(
    subtasks: readonly SubtaskId[],
    restore: RestoreSource | undefined,
    slots: readonly OfferedSlot[],
    failover: RegionFailover,
    stillRunning: () => boolean,
  ): Promise<void> {
    const graph = this.graph;
    const placement = assignSlots(graph, slots);
    const byLocation = new Map(slots.map((s) => [`${s.taskManagerId}/${s.slotIndex}`, s]));
    const byId = new Map(graph.vertices.map((v) => [v.id, v]));
    const deployments: Array<{ execution: Execution; tdd: TaskDeploymentDescriptor }> = [];
    for (const { vertexId, subtaskIndex } of subtasks) {
      const slot = placement.get(subtaskKey(vertexId, subtaskIndex))!;
      const { execution, tdd } = newExecution({
        graph,
        vertex: byId.get(vertexId)!,
        subtaskIndex,
        attempt: failover.attemptOf(vertexId, subtaskIndex),
        channelEpoch: failover.channelEpochOf(vertexId, subtaskIndex),
        slot: byLocation.get(`${slot.taskManagerId}/${slot.slotIndex}`)!,
        placement,
        restore,
      });
      this.byId.set(execution.executionId, execution);
      deployments.push({ execution, tdd });
    }
    for (const { execution, tdd } of deployments) {
      // Cancelled or failed while deploying: the rest stays undeployed (cancel marked it CANCELED).
      if (!stillRunning() || execution.state !== 'SCHEDULED') continue;
      execution.state = 'DEPLOYING';
      execution.timestamps.DEPLOYING = Date.now();
      await this.taskExecutor(execution.slot!.address).submitTask(tdd);
    }
  }
}
