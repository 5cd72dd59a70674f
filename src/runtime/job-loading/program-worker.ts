import { parentPort } from 'node:worker_threads';
import { type Pipeline, setContextConfiguration, setPipelineExecutor } from '../../api/execution/pipeline-executor.js';
import { jsonPlan } from '../../graph/plan.js';
import { serializeError } from '../deployment/task-deployment-descriptor.js';
import { planPipeline } from './plan-pipeline.js';
import type { FromProgramWorker, ProgramRequest } from './program-runner.js';

// Entry of the worker that runs an uploaded job module's main code for POST /jars/:jarid/run (Flink runs the jar's
// main() in the JobManager with its execute() captured). The module runs until its first execute(): that pipeline is
// planned here and posted; the execute() never resolves, so code after it does not run. The JobManager terminates
// this worker once it has an answer. User code never runs on the JobManager's main thread.

const port = parentPort;
if (port === null) throw new Error('program-worker.ts must run in a worker thread');

function post(message: FromProgramWorker): void {
  port!.postMessage(message);
}

port.once('message', (request: ProgramRequest) => {
  process.argv = [process.argv[0] as string, request.jobFile, ...request.argv];
  setContextConfiguration(request.config);
  let captured = false;
  setPipelineExecutor({
    execute(pipeline: Pipeline) {
      if (!captured) {
        captured = true;
        planAndPost(pipeline, request);
      }
      return new Promise(() => {});
    },
  });
  import(request.artifactUrl).then(
    () => {
      if (!captured) post({ kind: 'no-execute' });
    },
    (error: unknown) => {
      if (!captured) post({ kind: 'failed', error: serializeError(error) });
    },
  );
});

function planAndPost(pipeline: Pipeline, request: ProgramRequest): void {
  try {
    const { jobGraph } = planPipeline(pipeline, { jobId: request.jobId });
    post({
      kind: 'planned',
      job: {
        jobGraph,
        jobFile: request.jobFile,
        argv: request.argv,
        env: {},
        collections: [...pipeline.collections.entries()],
        executeIndex: pipeline.executeIndex,
      },
      plan: jsonPlan(jobGraph),
    });
  } catch (error) {
    post({ kind: 'failed', error: serializeError(error) });
  }
}
