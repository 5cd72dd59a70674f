import type { JobStatus } from '../../api/execution/job-client.js';
import type { JobGraph } from '../../graph/job-graph.js';
import type { CheckpointFailureReason } from '../checkpoint/checkpoint-failure-counter.js';
import type { SubtaskStateHandle } from '../checkpoint/checkpoint-metadata.js';
import type { CoordinatorToReaderEvent, ReaderToCoordinatorEvent } from '../deployment/operator-event.js';
import type {
  CheckpointTrigger,
  ExecutionState,
  SerializedError,
  TaskDeploymentDescriptor,
} from '../deployment/task-deployment-descriptor.js';
import type { CheckpointMetricsReport } from '../taskmanager/task/subtask-checkpointer.js';

// The typed RPC surface between the components the seed draws: Dispatcher, ResourceManager, JobMaster and
// TaskExecutor. Everything crossing these methods is plain data.

/** What a job needs besides its graph to run anywhere (Flink's JobInformation plus the user artifact). */
export interface JobInformation {
  readonly jobGraph: JobGraph;
  /** The job file the user wrote (for messages and process.argv[1]); the artifact is its bundle. */
  readonly jobFile: string;
  /** file: URL of the bundled job module (the job artifact). */
  readonly artifactUrl: string;
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Collection data of fromData/fromCollection sources by transformation id. */
  readonly collections: ReadonlyArray<readonly [number, readonly unknown[]]>;
  /** Which execute() call of the module this job is. */
  readonly executeIndex: number;
}

export interface SlotOffer {
  readonly allocationId: string;
  readonly slotIndex: number;
}

export interface TaskExecutorRegistration {
  readonly taskManagerId: string;
  readonly address: string;
  readonly numberOfSlots: number;
  readonly host: string;
}

export interface ResourceManagerGateway {
  registerTaskExecutor(registration: TaskExecutorRegistration): Promise<void>;
  /** Step 3 of the slot protocol: a JobMaster asks for slots; TaskExecutors will offer them to it. */
  requestSlots(jobId: string, jobMasterAddress: string, count: number): Promise<void>;
  notifySlotsFreed(taskManagerId: string, allocationIds: readonly string[]): Promise<void>;
  describeResources(): Promise<ResourceOverview>;
  /** A TaskExecutor's heartbeat; false means it is not registered (any more) and must register again. */
  heartbeatFromTaskManager(taskManagerId: string): Promise<boolean>;
}

export interface ResourceOverview {
  readonly taskManagers: ReadonlyArray<{
    id: string;
    address: string;
    host: string;
    slotsTotal: number;
    slotsFree: number;
    /** Registration or last heartbeat, ms since epoch (REST's timeSinceLastHeartbeat). */
    lastHeartbeat?: number;
  }>;
  readonly slotsTotal: number;
  readonly slotsAvailable: number;
}

export interface TaskExecutorGateway {
  /** Step 4: the ResourceManager allocates a slot for a job; the TaskExecutor offers it to the JobMaster. */
  requestSlot(slotIndex: number, allocationId: string, jobId: string, jobMasterAddress: string): Promise<void>;
  /** Step 6: run one subtask. */
  submitTask(tdd: TaskDeploymentDescriptor): Promise<void>;
  cancelTask(executionId: string): Promise<void>;
  sendOperatorEventToTask(executionId: string, nodeId: number, event: CoordinatorToReaderEvent): Promise<void>;
  /** Announces a checkpoint to a subtask; a source subtask injects its barrier. */
  triggerCheckpoint(executionId: string, trigger: CheckpointTrigger, isSource: boolean): Promise<void>;
  /** The checkpoint completed (every subtask acknowledged, `_metadata` written) or was aborted. */
  notifyCheckpoint(executionId: string, checkpointId: number, complete: boolean): Promise<void>;
  /** The job ended: stop its workers and free its slots. */
  releaseJob(jobId: string): Promise<void>;
  /**
   * Where the slot's worker for the job accepts data connections (started if it is not running yet): consumers in
   * other TaskManagers connect there for their channels. Fails if the slot is not allocated to the job.
   */
  requestDataAddress(jobId: string, slotIndex: number): Promise<{ host: string; port: number }>;
}

export interface JobMasterGateway {
  /** Step 5: slots offered by a TaskExecutor; returns the offers accepted. */
  offerSlots(taskManagerId: string, taskExecutorAddress: string, offers: readonly SlotOffer[]): Promise<SlotOffer[]>;
  getJobInformation(): Promise<JobInformation>;
  /** Step 7: a subtask changed state. */
  updateTaskExecutionState(executionId: string, state: ExecutionState, error?: SerializedError): Promise<void>;
  sendOperatorEventToCoordinator(executionId: string, nodeId: number, event: ReaderToCoordinatorEvent): Promise<void>;
  deliverCollected(collectId: string, values: unknown[], last: boolean): Promise<void>;
  reportTaskMetrics(executionId: string, metrics: Readonly<Record<string, number>>): Promise<void>;
  acknowledgeCheckpoint(
    executionId: string,
    checkpointId: number,
    handle: SubtaskStateHandle | undefined,
    metrics: CheckpointMetricsReport,
  ): Promise<void>;
  declineCheckpoint(
    executionId: string,
    checkpointId: number,
    reason: CheckpointFailureReason,
    message: string,
  ): Promise<void>;
  /** A source subtask read all its input; it ends after the next checkpoint completes. */
  notifySourceEndOfInput(executionId: string): Promise<void>;
}

export interface DispatcherGateway {
  submitJob(info: JobInformation): Promise<{ jobId: string }>;
  requestJobStatus(jobId: string): Promise<JobStatus>;
  cancelJob(jobId: string): Promise<void>;
  /** Resolves with the savepoint's directory once it completed. */
  triggerSavepoint(jobId: string, targetDirectory?: string): Promise<string>;
  /** The job finishes after the savepoint (with `drain`, event time first advances to its end). */
  stopWithSavepoint(jobId: string, targetDirectory: string | undefined, drain: boolean): Promise<string>;
  /** Resolves when the job reaches a terminal state. */
  requestJobResult(jobId: string): Promise<JobResult>;
  /** Next batch of a collect sink; `done` when the sink finished (or the job ended). */
  pollCollected(jobId: string, collectId: string): Promise<{ values: unknown[]; done: boolean }>;
}

export interface JobResult {
  readonly jobId: string;
  readonly jobName: string;
  readonly status: JobStatus;
  readonly netRuntime: number;
  readonly failure?: SerializedError;
  readonly checkpoints?: CheckpointSummary;
}

/** What the job's checkpointing did, for the client and benchmarks. */
export interface CheckpointSummary {
  readonly completed: number;
  readonly failed: number;
  readonly restored: number;
  readonly maxDurationMs: number;
  readonly averageDurationMs: number;
  readonly lastStateSizeBytes: number;
}
