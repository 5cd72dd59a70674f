import { resetExecuteCount } from '../api/environment/stream-execution-environment.js';
import type { JobClient } from '../api/execution/job-client.js';
import {
  type Pipeline,
  type PipelineExecutor,
  setContextConfiguration,
  setPipelineExecutor,
} from '../api/execution/pipeline-executor.js';
import { bundleJob, type JobArtifact } from '../runtime/client/job-bundler.js';

// Runs a job file in client mode: bundles it, makes the given executor receive its execute() calls, imports it,
// and reports a module that fails to load, throws while building its pipeline, or never calls execute().

export interface ClientRun {
  readonly artifact: JobArtifact;
  /** Resolves when the module finished evaluating (its top-level code, including awaited executes). */
  readonly finished: Promise<void>;
  /** Job clients of the execute() calls made so far. */
  readonly clients: JobClient[];
}

let runs = 0;

export async function runJobModule(
  jobFile: string,
  jobArgs: readonly string[],
  config: Record<string, string>,
  executor: (artifact: JobArtifact) => PipelineExecutor,
): Promise<ClientRun> {
  const artifact = await bundleJob(jobFile);
  const inner = executor(artifact);
  const clients: JobClient[] = [];
  let executed = 0;
  setContextConfiguration(config);
  setPipelineExecutor({
    async execute(pipeline: Pipeline): Promise<JobClient> {
      executed++;
      const client = await inner.execute(pipeline);
      clients.push(client);
      return client;
    },
  });
  process.argv = [process.argv[0], artifact.sourcePath, ...jobArgs];
  // A worker counts execute() calls from 0 when it loads the module: so does this module's run here.
  resetExecuteCount();
  // The artifact carries inline source maps: errors thrown while the module builds its job then name the user's
  // file and line, as they do in workers (which run with --enable-source-maps), not the artifact's.
  process.setSourceMapsEnabled(true);
  // A query makes each run a fresh module instance: the same job file may run twice in one process (benchmarks).
  const finished = import(`${artifact.url}?run=${++runs}`).then(
    () => {
      if (executed === 0) {
        throw new Error(
          `${jobFile} never called execute(): build a pipeline and end it with \`await env.execute()\` (or executeAndCollect()).`,
        );
      }
    },
    (error: unknown) => {
      // A job that ran and failed reports itself; anything else happened while the module built its pipeline.
      if (error instanceof Error && error.name === 'JobExecutionError') throw error;
      // The user's code threw: show its stack. The engine refused something the job asked for (a configuration
      // value, a port): say what, and where in the job file it was asked, without the engine's own frames.
      const stack = error instanceof Error ? (error.stack ?? '') : '';
      const frames = stack.split('\n').filter((line) => line.trimStart().startsWith('at '));
      if (frames.length > 0 && !frames[0].includes(artifact.sourcePath)) {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        const userFrame = frames.find((line) => line.includes(artifact.sourcePath));
        throw new Error(`${jobFile}: ${message}${userFrame === undefined ? '' : `\n${userFrame}`}`, { cause: error });
      }
      throw new Error(`${jobFile} failed while building its job:\n${stack}`, { cause: error });
    },
  );
  return { artifact, finished, clients };
}
