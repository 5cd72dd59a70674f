import type { JobClient, JobExecutionResult, JobStatus } from '../../api/execution/job-client.js';
import type { Pipeline, PipelineExecutor } from '../../api/execution/pipeline-executor.js';
import { Configuration } from '../../core/config/configuration.js';
import { MiniClusterOptions } from '../../core/config/engine-options.js';
import type { SerializedError } from '../deployment/task-deployment-descriptor.js';
import { planPipeline } from '../job-loading/plan-pipeline.js';
import { requiredSlots } from '../jobmanager/jobmaster/deployment-planner.js';
import { MiniCluster } from '../minicluster/mini-cluster.js';
import { networkOptionsOf } from '../network/remote/network-options.js';
import type { JobInformation, JobResult } from '../rpc/gateways.js';
import { bundleJob, entryModulePath, type JobArtifact } from './job-bundler.js';

// Runs pipelines on an embedded MiniCluster started for the job and stopped when it ends (Flink's local
// executor). The job module is shipped as a bundled artifact: the one `weir run` built, or the entry module of
// the process when a program calls execute() on its own.

export interface MiniClusterExecutorOptions {
  /** The artifact to ship; bundled from the process's entry module when absent. */
  readonly artifact?: JobArtifact;
  /** Arguments the job module sees after its own path (process.argv.slice(2)). */
  readonly argv?: readonly string[];
  /**
   * Freeze records between chained operators so that mutation fails loudly. Default: on when NODE_ENV is 'test' or
   * WEIR_TEST_MODE is '1'.
   */
  readonly testMode?: boolean;
  /** Called once the cluster runs, e.g. to start the REST endpoint and print its URL. */
  readonly onClusterStarted?: (cluster: MiniCluster, jobId: string) => void | Promise<void>;
  /** Called after the job ended, before the cluster stops. */
  readonly onClusterStopping?: (cluster: MiniCluster) => void | Promise<void>;
}

export class JobExecutionError extends Error {
  constructor(
    message: string,
    readonly jobId: string,
    readonly status: JobStatus,
    readonly failure: SerializedError | undefined,
  ) {
    super(message);
    this.name = 'JobExecutionError';
    if (failure !== undefined) this.stack = `${this.name}: ${message.split('\n')[0]}\nCaused by: ${failure.stack}`;
  }
}

export class MiniClusterExecutor implements PipelineExecutor {
  constructor(private readonly options: MiniClusterExecutorOptions = {}) {}

  async execute(pipeline: Pipeline): Promise<JobClient> {
    const { jobGraph } = planPipeline(pipeline);
    const artifact = this.options.artifact ?? (await bundleJob(entryModulePath()));
    const testMode = this.options.testMode ?? (process.env.NODE_ENV === 'test' || process.env.WEIR_TEST_MODE === '1');
    const config = Configuration.fromMap(jobGraph.config);
    const numTaskManagers = config.get(MiniClusterOptions.NUM_TASK_MANAGERS);
    if (!Number.isInteger(numTaskManagers) || numTaskManagers < 1) {
      throw new RangeError(`minicluster.number-of-taskmanagers must be a positive integer, got ${numTaskManagers}`);
    }
    const cluster = new MiniCluster({
      numTaskManagers,
      numSlotsPerTaskManager: Math.ceil(requiredSlots(jobGraph) / numTaskManagers),
      testMode,
      network: networkOptionsOf(config),
    });
    await cluster.start();
    const info: JobInformation = {
      jobGraph,
      jobFile: artifact.sourcePath,
      artifactUrl: artifact.url,
      argv: [...(this.options.argv ?? process.argv.slice(2))],
      env: Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined)),
      collections: [...pipeline.collections.entries()],
      executeIndex: pipeline.executeIndex,
    };
    try {
      await cluster.dispatcher.submitJob(info);
      await this.options.onClusterStarted?.(cluster, jobGraph.jobId);
    } catch (error) {
      await cluster.close();
      throw error;
    }
    const result = cluster.waitForJob(jobGraph.jobId).then(async (r) => {
      await this.options.onClusterStopping?.(cluster);
      await cluster.close();
      return r;
    });
    return new MiniClusterJobClient(cluster, jobGraph.jobId, result);
  }
}

class MiniClusterJobClient implements JobClient {
  constructor(
    private readonly cluster: MiniCluster,
    readonly jobId: string,
    private readonly result: Promise<JobResult>,
  ) {
    // The result is observed by getJobExecutionResult; an unobserved failure must not crash the process.
    result.catch(() => {});
  }

  async getJobStatus(): Promise<JobStatus> {
    return this.cluster.dispatcher.requestJobStatus(this.jobId);
  }

  async cancel(): Promise<void> {
    await this.cluster.dispatcher.cancelJob(this.jobId);
  }

  triggerSavepoint(directory?: string): Promise<string> {
    return this.cluster.dispatcher.triggerSavepoint(this.jobId, directory);
  }

  stopWithSavepoint(advanceToEndOfEventTime: boolean, directory?: string): Promise<string> {
    return this.cluster.dispatcher.stopWithSavepoint(this.jobId, directory, advanceToEndOfEventTime);
  }

  async getJobExecutionResult(): Promise<JobExecutionResult> {
    const r = await this.result;
    if (r.status === 'FINISHED') {
      const { jobId, jobName, netRuntime, checkpoints } = r;
      return { jobId, jobName, netRuntime, accumulators: {}, checkpoints };
    }
    if (r.status === 'CANCELED') {
      throw new JobExecutionError(`Job '${r.jobName}' (${r.jobId}) was cancelled.`, r.jobId, r.status, undefined);
    }
    const f = r.failure;
    const task = f?.taskName ?? '';
    const where = f?.operatorName ? ` in operator '${f.operatorName}' of ${task}` : task ? ` in ${task}` : '';
    throw new JobExecutionError(
      `Job '${r.jobName}' (${r.jobId}) failed${where}: ${f ? `${f.name}: ${f.message}` : 'unknown cause'}`,
      r.jobId,
      r.status,
      f,
    );
  }

  async *collect(collectId: string): AsyncIterableIterator<unknown[]> {
    for (;;) {
      let batch: { values: unknown[]; done: boolean };
      try {
        batch = await this.cluster.dispatcher.pollCollected(this.jobId, collectId);
      } catch {
        return; // the cluster stopped: the job ended and everything collected was delivered
      }
      if (batch.values.length > 0) yield batch.values;
      if (batch.done) return;
    }
  }
}
