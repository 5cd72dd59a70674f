import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import type { JobClient, JobExecutionResult, JobStatus } from '../api/execution/job-client.js';
import { TERMINAL_JOB_STATUSES } from '../api/execution/job-client.js';
import type { Pipeline, PipelineExecutor } from '../api/execution/pipeline-executor.js';
import type { JobArtifact } from '../runtime/client/job-bundler.js';
import { encodeJobGraphFile } from '../runtime/client/job-graph-file.js';
import { JobExecutionError } from '../runtime/client/mini-cluster-executor.js';
import { DISPATCHER_ENDPOINT } from '../runtime/cluster/job-manager-process.js';
import type { SerializedError } from '../runtime/deployment/task-deployment-descriptor.js';
import { planPipeline } from '../runtime/job-loading/plan-pipeline.js';
import type { DispatcherGateway } from '../runtime/rpc/gateways.js';
import { TcpRpcClient } from '../runtime/rpc/tcp-rpc-client.js';
import { RestRequestError, requestJson, sendRequest } from './rest-client.js';
import { savepointOperation } from './savepoint-command.js';

// Submits jobs to a running cluster over REST, as Flink's RestClusterClient: the JobGraph is built here, then posted
// with the bundled job module to POST /jobs (multipart/form-data). Status, cancel, savepoints and the attached wait
// go over REST too (GET /jobs/:jobid until the job ended). Only executeAndCollect() still reaches the Dispatcher over
// RPC, whose address GET /jobmanager/config shows. Runs on the client's main thread.

const STATUS_POLL_MS = 200;

export interface RestClusterExecutorOptions {
  readonly restUrl: string;
  /** TLS of the REST endpoint (security.ssl.rest.*), when on. */
  readonly restTls?: ConnectionOptions;
  /** TLS of the JobManager's RPC (tlsOptions(config, 'internal').client) for executeAndCollect(), when on. */
  readonly rpcTls?: ConnectionOptions;
  readonly artifact: JobArtifact;
  readonly argv: readonly string[];
  readonly detached: boolean;
  /** Called once a job was accepted (Flink prints "Job has been submitted with JobID ..."). */
  readonly onSubmitted?: (jobId: string) => void;
}

export class RestClusterExecutor implements PipelineExecutor {
  private readonly rpcClients: TcpRpcClient[] = [];

  constructor(private readonly options: RestClusterExecutorOptions) {}

  async execute(pipeline: Pipeline): Promise<JobClient> {
    const { jobGraph } = planPipeline(pipeline);
    const graphFile = encodeJobGraphFile({
      jobGraph,
      jobFile: this.options.artifact.sourcePath,
      argv: [...this.options.argv],
      env: Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined)),
      collections: [...pipeline.collections.entries()],
      executeIndex: pipeline.executeIndex,
    });
    const moduleName = basename(this.options.artifact.path);
    const graphName = `${jobGraph.jobId}.jobgraph`;
    const form = new FormData();
    form.append(
      'request',
      JSON.stringify({ jobGraphFileName: graphName, jobJarFileNames: [moduleName], jobArtifactFileNames: [] }),
    );
    form.append('file_0', new Blob([graphFile], { type: 'application/octet-stream' }), graphName);
    const module = await readFile(this.options.artifact.path);
    form.append('file_1', new Blob([module], { type: 'application/octet-stream' }), moduleName);
    await postForm(`${this.options.restUrl}/jobs`, form, this.options.restTls);
    this.options.onSubmitted?.(jobGraph.jobId);
    const rest = { url: this.options.restUrl, tls: this.options.restTls };
    return new RestJobClient(rest, jobGraph.jobId, jobGraph.jobName, this.options.detached, () =>
      this.connectDispatcher(),
    );
  }

  /** Closes the RPC connections executeAndCollect() opened (the process can exit). */
  close(): void {
    for (const client of this.rpcClients) client.close();
  }

  private async connectDispatcher(): Promise<DispatcherGateway> {
    const { host, port } = await discoverJobManagerRpc(this.options.restUrl, this.options.restTls);
    const rpc = new TcpRpcClient(host, port, { connectTimeoutMs: 10_000, tls: this.options.rpcTls });
    this.rpcClients.push(rpc);
    await rpc.start();
    return rpc.gateway<DispatcherGateway>(DISPATCHER_ENDPOINT, 30_000);
  }
}

/** POSTs a multipart form (https too); non-2xx answers throw with the server's `errors`, as requestJson does. */
async function postForm(url: string, form: FormData, tls: ConnectionOptions | undefined): Promise<unknown> {
  // The form serialized as fetch would send it (boundary and all), then sent with node:http(s), which takes TLS options.
  const encoded = new Response(form);
  const body = new Uint8Array(await encoded.arrayBuffer());
  const contentType = encoded.headers.get('content-type') ?? 'multipart/form-data';
  let res: { status: number; text: string };
  try {
    res = await sendRequest(url, 'POST', body, tls, contentType);
  } catch (error) {
    throw new RestRequestError(
      `Could not connect to the cluster at ${new URL(url).origin} (${(error as Error).message}). Is it running, is ` +
        "-m its REST address (rest.port, default 8081), and do security.ssl.rest.* match the cluster's?",
      undefined,
    );
  }
  const { status, text } = res;
  let parsed: { errors?: unknown } = {};
  try {
    parsed = text === '' ? {} : (JSON.parse(text) as { errors?: unknown });
  } catch {
    // reported below with the status
  }
  if (status < 200 || status >= 300) {
    const detail = Array.isArray(parsed.errors) ? parsed.errors.join('; ') : text.slice(0, 500);
    throw new RestRequestError(`The cluster refused the job (POST /jobs answered ${status}): ${detail}`, status);
  }
  return parsed;
}

/** The JobManager's RPC host and port, from its REST configuration listing (for executeAndCollect()). */
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

interface JobDetails {
  readonly state: JobStatus;
  readonly duration: number;
}

class RestJobClient implements JobClient {
  private dispatcher: Promise<DispatcherGateway> | undefined;

  constructor(
    private readonly rest: { readonly url: string; readonly tls: ConnectionOptions | undefined },
    readonly jobId: string,
    private readonly jobName: string,
    private readonly detached: boolean,
    private readonly connectDispatcher: () => Promise<DispatcherGateway>,
  ) {}

  async getJobStatus(): Promise<JobStatus> {
    return (await this.details()).state;
  }

  async cancel(): Promise<void> {
    await requestJson(`${this.rest.url}/jobs/${this.jobId}?mode=cancel`, 'PATCH', undefined, this.rest.tls);
  }

  triggerSavepoint(directory?: string): Promise<string> {
    return savepointOperation(this.rest.url, this.rest.tls, this.jobId, 'savepoints', {
      'target-directory': directory,
      'cancel-job': false,
    });
  }

  stopWithSavepoint(advanceToEndOfEventTime: boolean, directory?: string): Promise<string> {
    return savepointOperation(this.rest.url, this.rest.tls, this.jobId, 'stop', {
      targetDirectory: directory,
      drain: advanceToEndOfEventTime,
    });
  }

  async getJobExecutionResult(): Promise<JobExecutionResult> {
    // Detached (Flink's DetachedJobExecutionResult): the program goes on without waiting for the job.
    if (this.detached) return { jobId: this.jobId, jobName: this.jobName, netRuntime: 0, accumulators: {} };
    let details = await this.details();
    while (!TERMINAL_JOB_STATUSES.has(details.state)) {
      await new Promise((resolve) => setTimeout(resolve, STATUS_POLL_MS));
      details = await this.details();
    }
    if (details.state === 'FINISHED') {
      return { jobId: this.jobId, jobName: this.jobName, netRuntime: details.duration, accumulators: {} };
    }
    const label = `Job '${this.jobName}' (${this.jobId})`;
    if (details.state === 'CANCELED') {
      throw new JobExecutionError(`${label} was cancelled.`, this.jobId, details.state, undefined);
    }
    const failure = await this.failure();
    const where = failure?.taskName === undefined ? '' : ` in ${failure.taskName}`;
    const cause = failure === undefined ? 'unknown cause' : `${failure.name}: ${failure.message}`;
    throw new JobExecutionError(`${label} failed${where}: ${cause}`, this.jobId, details.state, failure);
  }

  async *collect(collectId: string): AsyncIterableIterator<unknown[]> {
    this.dispatcher ??= this.connectDispatcher();
    const dispatcher = await this.dispatcher;
    for (;;) {
      const batch = await dispatcher.pollCollected(this.jobId, collectId);
      if (batch.values.length > 0) yield batch.values;
      if (batch.done) return;
    }
  }

  private async details(): Promise<JobDetails> {
    return (await requestJson(`${this.rest.url}/jobs/${this.jobId}`, 'GET', undefined, this.rest.tls)) as JobDetails;
  }

  /** The job's latest failure from GET /jobs/:jobid/exceptions (newest entry first). */
  private async failure(): Promise<SerializedError | undefined> {
    const url = `${this.rest.url}/jobs/${this.jobId}/exceptions?maxExceptions=1`;
    const body = (await requestJson(url, 'GET', undefined, this.rest.tls)) as {
      exceptionHistory?: { entries?: Array<{ exceptionName: string; stacktrace: string; taskName?: string }> };
    };
    const entry = body.exceptionHistory?.entries?.[0];
    if (entry === undefined) return undefined;
    const firstLine = entry.stacktrace.split('\n')[0] ?? '';
    const prefix = `${entry.exceptionName}: `;
    const message = firstLine.startsWith(prefix) ? firstLine.slice(prefix.length) : firstLine;
    return { name: entry.exceptionName, message, stack: entry.stacktrace, taskName: entry.taskName };
  }
}
