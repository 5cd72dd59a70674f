import type { JobClient, JobExecutionResult, JobStatus } from '../api/execution/job-client.js';
import { TERMINAL_JOB_STATUSES } from '../api/execution/job-client.js';
import type { Pipeline } from '../api/execution/pipeline-executor.js';
import type { JobGraph } from '../graph/job-graph.js';
import type { JobArtifact } from '../runtime/client/job-bundler.js';
import { JobExecutionError } from '../runtime/client/mini-cluster-executor.js';
import type { DispatcherGateway, JobInformation, JobResult } from '../runtime/rpc/gateways.js';

// A job run by a Dispatcher in this process (application mode: `weir run-application` is the JobManager), followed
// through the Dispatcher's gateway. Jobs on a remote cluster are followed over REST instead (rest-cluster-executor.ts).

const STATUS_POLL_MS = 200;

/** What the Dispatcher needs to run the pipeline's job: the graph, where its module is, and the client's context. */
export function jobInformation(
  pipeline: Pipeline,
  jobGraph: JobGraph,
  artifact: JobArtifact,
  artifactUrl: string,
  argv: readonly string[],
): JobInformation {
  return {
    jobGraph,
    jobFile: artifact.sourcePath,
    artifactUrl,
    argv: [...argv],
    env: Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined)),
    collections: [...pipeline.collections.entries()],
    executeIndex: pipeline.executeIndex,
  };
}

/** A job run by a cluster's Dispatcher, followed through its gateway (remote, or local in application mode). */
export class RemoteJobClient implements JobClient {
  constructor(
    readonly jobId: string,
    private readonly jobName: string,
    private readonly dispatcher: DispatcherGateway,
    private readonly detached: boolean,
  ) {}

  getJobStatus(): Promise<JobStatus> {
    return this.dispatcher.requestJobStatus(this.jobId);
  }

  cancel(): Promise<void> {
    return this.dispatcher.cancelJob(this.jobId);
  }

  triggerSavepoint(directory?: string): Promise<string> {
    return this.dispatcher.triggerSavepoint(this.jobId, directory);
  }

  stopWithSavepoint(advanceToEndOfEventTime: boolean, directory?: string): Promise<string> {
    return this.dispatcher.stopWithSavepoint(this.jobId, directory, advanceToEndOfEventTime);
  }

  async getJobExecutionResult(): Promise<JobExecutionResult> {
    // Detached (Flink's DetachedJobExecutionResult): the program goes on without waiting for the job.
    if (this.detached) return { jobId: this.jobId, jobName: this.jobName, netRuntime: 0, accumulators: {} };
    // requestJobResult answers only at the end, beyond any RPC timeout: poll the status, then fetch the result.
    while (!TERMINAL_JOB_STATUSES.has(await this.getJobStatus())) {
      await new Promise((resolve) => setTimeout(resolve, STATUS_POLL_MS));
    }
    return executionResult(await this.dispatcher.requestJobResult(this.jobId));
  }

  async *collect(collectId: string): AsyncIterableIterator<unknown[]> {
    for (;;) {
      const batch = await this.dispatcher.pollCollected(this.jobId, collectId);
      if (batch.values.length > 0) yield batch.values;
      if (batch.done) return;
    }
  }
}

/** The result as the MiniCluster's client gives it: FINISHED resolves; CANCELED and FAILED throw. */
function executionResult(r: JobResult): JobExecutionResult {
  if (r.status === 'FINISHED') {
    return {
      jobId: r.jobId,
      jobName: r.jobName,
      netRuntime: r.netRuntime,
      accumulators: {},
      checkpoints: r.checkpoints,
    };
  }
  if (r.status === 'CANCELED') {
    throw new JobExecutionError(`Job '${r.jobName}' (${r.jobId}) was cancelled.`, r.jobId, r.status, undefined);
  }
  const f = r.failure;
  const where = f?.operatorName
    ? ` in operator '${f.operatorName}' of ${f.taskName ?? ''}`
    : f?.taskName
      ? ` in ${f.taskName}`
      : '';
  const cause = f === undefined ? 'unknown cause' : `${f.name}: ${f.message}`;
  throw new JobExecutionError(`Job '${r.jobName}' (${r.jobId}) failed${where}: ${cause}`, r.jobId, r.status, f);
}
