import type { JobClient, JobExecutionResult } from '../../api/execution/job-client.js';
import {
  type Pipeline,
  setContextConfiguration,
  setPipelineExecutor,
  setShippedCollections,
} from '../../api/execution/pipeline-executor.js';
import type { JobInformation } from '../rpc/gateways.js';
import { checkSameGraph, type PlannedJob, planPipeline } from './plan-pipeline.js';

// Loads a job module inside a worker in "task mode" (ARCHITECTURE §3): the module runs again, building the same
// transformations, and its execute() hands the pipeline over instead of submitting it (and never resolves, so code
// after `await env.execute()` does not run in workers). A worker loads a job's module once.

const LOAD_TIMEOUT_MS = 30_000;

export interface LoadedJob extends PlannedJob {
  readonly pipeline: Pipeline;
}

export async function loadJobModule(info: JobInformation): Promise<LoadedJob> {
  process.argv = [process.argv[0], info.jobFile, ...info.argv];
  for (const [k, v] of Object.entries(info.env)) process.env[k] = v;
  setContextConfiguration(info.jobGraph.config);
  setShippedCollections(new Map(info.collections));
  const captured = new Promise<Pipeline>((resolve) => {
    setPipelineExecutor({
      execute(pipeline: Pipeline): Promise<JobClient> {
        if (pipeline.executeIndex === info.executeIndex) {
          resolve(pipeline);
          return new Promise(() => {});
        }
        return Promise.resolve(finishedClient(pipeline));
      },
    });
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `The job module ${info.jobFile} did not call execute() within ${LOAD_TIMEOUT_MS} ms when loaded in a worker`,
          ),
        ),
      LOAD_TIMEOUT_MS,
    );
  });
  const imported = import(info.artifactUrl).then(
    () => captured.then(() => undefined),
    (error: unknown) => {
      throw new Error(`Loading job module ${info.jobFile} in a worker failed: ${describe(error)}`, { cause: error });
    },
  );
  try {
    // A module that finished evaluating without reaching this execute() would leave `captured` pending: the
    // timeout reports it.
    const pipeline = await Promise.race([captured, imported.then(() => captured), timeout]);
    const planned = planPipeline(pipeline, { jobId: info.jobGraph.jobId, shippedConfig: info.jobGraph.config });
    checkSameGraph(info.jobGraph, planned.jobGraph, info.jobFile);
    return { pipeline, ...planned };
  } finally {
    clearTimeout(timer);
  }
}

/** Earlier execute() calls of a module that runs several jobs: resolve at once so the module reaches this one. */
function finishedClient(pipeline: Pipeline): JobClient {
  const result: JobExecutionResult = {
    jobId: '0'.repeat(32),
    jobName: pipeline.jobName,
    netRuntime: 0,
    accumulators: {},
  };
  return {
    jobId: result.jobId,
    getJobStatus: async () => 'FINISHED',
    cancel: async () => {},
    triggerSavepoint: async () => {
      throw new Error('A job module re-run inside a task does not take savepoints');
    },
    stopWithSavepoint: async () => {
      throw new Error('A job module re-run inside a task does not take savepoints');
    },
    getJobExecutionResult: async () => result,
    async *collect() {},
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
