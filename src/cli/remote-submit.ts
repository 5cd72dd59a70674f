import { readFile } from 'node:fs/promises';
import type { ConnectionOptions } from 'node:tls';
import type { JobClient, JobExecutionResult, JobStatus } from '../api/execution/job-client.js';
import { TERMINAL_JOB_STATUSES } from '../api/execution/job-client.js';
import type { Pipeline, PipelineExecutor } from '../api/execution/pipeline-executor.js';
import type { JobGraph } from '../graph/job-graph.js';
import type { JobArtifact } from '../runtime/client/job-bundler.js';
import { JobExecutionError } from '../runtime/client/mini-cluster-executor.js';
import { ARTIFACT_ENDPOINT, type ArtifactStoreGateway } from '../runtime/cluster/artifact-store.js';
import { DISPATCHER_ENDPOINT } from '../runtime/cluster/job-manager-process.js';
import { planPipeline } from '../runtime/job-loading/plan-pipeline.js';
import type { DispatcherGateway, JobInformation, JobResult } from '../runtime/rpc/gateways.js';
import { TcpRpcClient } from '../runtime/rpc/tcp-rpc-client.js';
import { requestJson } from './rest-client.js';

// Submits jobs to a running cluster (Flink's RestClusterClient, in part). `-m host:port` names the REST endpoint;
// the client reads the JobManager's RPC address from GET /jobmanager/config, uploads the bundled job module to the
// JobManager's artifact store (stored under a generated name, size-limited), and submits the JobInformation to the
// Dispatcher over RPC. Attached clients poll the job status until it ends, then fetch the result; detached ones
// return at once. Runs on the client's main thread.

const STATUS_POLL_MS = 200;

export interface RemoteClusterExecutorOptions {
  readonly restUrl: string;
  /** TLS of the REST endpoint (security.ssl.rest.*), when on. */
  readonly restTls?: ConnectionOptions;
  /** TLS of the JobManager's RPC (tlsOptions(config, 'internal').client), when security.ssl.internal.enabled. */
  readonly rpcTls?: ConnectionOptions;
  readonly artifact: JobArtifact;
  readonly argv: readonly string[];
  readonly detached: boolean;
  /** Called once a job was accepted (Flink prints "Job has been submitted with JobID ..."). */
  readonly onSubmitted?: (jobId: string) => void;
}

/** The JobManager's RPC host and port, from its REST configuration listing. */
export async function discoverJobManagerRpc(
  restUrl: string,
  tls?: ConnectionOptions,
): Promise<{ host: string; port: number }> {
  const entries = (await requestJson(`${restUrl}/jobmanager/config`, 'GET', undefined, tls)) as Array<{
    key: string;
    value: string;
  }>;
  const value = (key: string) => entries.find((e) => e.key === key)?.value;
  const host = value('jobmanager.rpc.address');
  const port = Number(value('jobmanager.rpc.port'));
  if (host === undefined || !Number.isInteger(port) || port < 1) {
    throw new Error(
      `The REST endpoint at ${restUrl} does not show jobmanager.rpc.address/port: it is not a Weir cluster ` +
        "started with 'weir jobmanager' or 'weir cluster start' (a 'weir run' MiniCluster takes no submissions)",
    );
  }
  return { host, port };
}

export class RemoteClusterExecutor implements PipelineExecutor {
  private readonly clients: TcpRpcClient[] = [];

  constructor(private readonly options: RemoteClusterExecutorOptions) {}

  async execute(pipeline: Pipeline): Promise<JobClient> {
    const { jobGraph } = planPipeline(pipeline);
    const { host, port } = await discoverJobManagerRpc(this.options.restUrl, this.options.restTls);
    const rpc = new TcpRpcClient(host, port, { connectTimeoutMs: 10_000, tls: this.options.rpcTls });
    this.clients.push(rpc);
    await rpc.start();
    const artifacts = rpc.gateway<ArtifactStoreGateway>(ARTIFACT_ENDPOINT, 60_000);
    const bytes = await readFile(this.options.artifact.path);
    const artifactUrl = await artifacts.putArtifact(new Uint8Array(bytes), this.options.artifact.sourcePath);
    const info = jobInformation(pipeline, jobGraph, this.options.artifact, artifactUrl, this.options.argv);
    const dispatcher = rpc.gateway<DispatcherGateway>(DISPATCHER_ENDPOINT, 30_000);
    const { jobId } = await dispatcher.submitJob(info);
    this.options.onSubmitted?.(jobId);
    return new RemoteJobClient(jobId, jobGraph.jobName, dispatcher, this.options.detached);
  }

  /** Closes the RPC connections (the process can exit). */
  close(): void {
    for (const client of this.clients) client.close();
  }
}

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
