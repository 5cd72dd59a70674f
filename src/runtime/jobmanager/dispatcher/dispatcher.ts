import type { JobStatus } from '../../../api/execution/job-client.js';
import { type ExecutionState, serializeError } from '../../deployment/task-deployment-descriptor.js';
import type {
  DispatcherGateway,
  JobInformation,
  JobResult,
  ResourceManagerGateway,
  ResourceOverview,
} from '../../rpc/gateways.js';
import type { RpcService } from '../../rpc/rpc-service.js';
import type { ArchivedJob } from '../job-details.js';
import { archiveJob } from '../jobmaster/job-archive.js';
import { JobMaster } from '../jobmaster/job-master.js';

// The Dispatcher (Flink's Dispatcher): accepts job submissions, starts a JobMaster per job, and answers questions
// about jobs, running or ended, for clients and the REST endpoint.

const TERMINAL_EXECUTION_STATES: ReadonlySet<ExecutionState> = new Set(['FINISHED', 'CANCELED', 'FAILED']);

export class JobNotFoundError extends Error {
  constructor(jobId: string) {
    super(`Job ${jobId} not found`);
    this.name = 'JobNotFoundError';
  }
}

export class Dispatcher implements DispatcherGateway {
  readonly jobs = new Map<string, JobMaster>();

  constructor(
    readonly address: string,
    private readonly rpc: RpcService,
    private readonly resourceManagerAddress: string,
    private readonly config: Readonly<Record<string, string>> = {},
  ) {}

  /** Every job the Dispatcher knows, running or ended, as REST shows them. */
  archivedJobs(): ArchivedJob[] {
    return [...this.jobs.values()].map(archiveJob);
  }

  archivedJob(jobId: string): ArchivedJob | undefined {
    const master = this.jobs.get(jobId);
    return master === undefined ? undefined : archiveJob(master);
  }

  clusterConfig(): Readonly<Record<string, string>> {
    return this.config;
  }

  start(): void {
    this.rpc.register(this.address, this);
  }

  async submitJob(info: JobInformation): Promise<{ jobId: string }> {
    const jobId = info.jobGraph.jobId;
    if (this.jobs.has(jobId)) throw new Error(`Job ${jobId} was already submitted`);
    const master = new JobMaster(
      this.rpc.localAddress(`jobmaster-${jobId}`),
      this.rpc,
      info,
      this.resourceManagerAddress,
    );
    this.jobs.set(jobId, master);
    await master.start();
    return { jobId };
  }

  async requestJobStatus(jobId: string): Promise<JobStatus> {
    return this.job(jobId).status;
  }

  async cancelJob(jobId: string): Promise<void> {
    this.job(jobId).cancel();
  }

  async triggerSavepoint(jobId: string, targetDirectory?: string): Promise<string> {
    return this.job(jobId).triggerSavepoint(targetDirectory);
  }

  async stopWithSavepoint(jobId: string, targetDirectory: string | undefined, drain: boolean): Promise<string> {
    return this.job(jobId).stopWithSavepoint(targetDirectory, drain);
  }

  requestJobResult(jobId: string): Promise<JobResult> {
    return this.job(jobId).whenTerminal();
  }

  pollCollected(jobId: string, collectId: string): Promise<{ values: unknown[]; done: boolean }> {
    return this.job(jobId).pollCollected(collectId);
  }

  resources(): Promise<ResourceOverview> {
    return this.rpc.connect<ResourceManagerGateway>(this.resourceManagerAddress).describeResources();
  }

  /**
   * A TaskManager is gone (heartbeat timeout): every unfinished execution in its slots fails, so each affected job
   * restarts or fails by its restart strategy (Flink's JobMaster.disconnectTaskManager).
   */
  failTasksOnTaskManager(taskManagerId: string, reason: string): void {
    for (const master of this.jobs.values()) {
      master.taskManagerLost(taskManagerId);
      const lost = [...master.executions.values()].filter(
        (e) => e.slot?.taskManagerId === taskManagerId && !TERMINAL_EXECUTION_STATES.has(e.state),
      );
      const error = serializeError(new Error(reason), `TaskManager ${taskManagerId}`);
      for (const execution of lost) void master.updateTaskExecutionState(execution.executionId, 'FAILED', error);
    }
  }

  job(jobId: string): JobMaster {
    const master = this.jobs.get(jobId);
    if (master === undefined) throw new JobNotFoundError(jobId);
    return master;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((master) => master.shutdown()));
    this.rpc.unregister(this.address);
  }
}
