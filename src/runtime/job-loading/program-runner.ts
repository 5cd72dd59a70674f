import type { FlinkJobPlan } from '../../graph/plan.js';
import type { SubmittedJob } from '../client/job-graph-file.js';
import type { SerializedError } from '../deployment/task-deployment-descriptor.js';
import { siblingModule, spawnRuntimeWorker } from './spawn-worker.js';

// Builds the JobGraph of an uploaded job module by running its main code in a fresh worker thread of the JobManager
// (program-worker.ts), isolated from the JobManager's own thread and terminated as soon as it answered or timed out.
// Called on the JobManager's main thread by the /jars handlers.

export interface ProgramRequest {
  /** file: URL of the module to run. */
  readonly artifactUrl: string;
  /** The name the job is known by (messages, process.argv[1]). */
  readonly jobFile: string;
  readonly argv: readonly string[];
  /** Flink configuration the module's environment starts from (parallelism.default, savepoint keys, ...). */
  readonly config: Readonly<Record<string, string>>;
  /** The JobID to give the job; generated when absent. */
  readonly jobId?: string;
}

export type FromProgramWorker =
  | { readonly kind: 'planned'; readonly job: SubmittedJob; readonly plan: FlinkJobPlan }
  | { readonly kind: 'failed'; readonly error: SerializedError }
  | { readonly kind: 'no-execute' };

/** Why a program gave no job: it threw, never called execute(), or took longer than the timeout. */
export class ProgramError extends Error {
  constructor(
    message: string,
    readonly reason: 'failed' | 'no-execute' | 'timeout',
  ) {
    super(message);
    this.name = 'ProgramError';
  }
}

export const PROGRAM_TIMEOUT_MS = 60_000;

export interface BuiltProgram {
  readonly job: SubmittedJob;
  readonly plan: FlinkJobPlan;
}

export function buildProgram(request: ProgramRequest, timeoutMs = PROGRAM_TIMEOUT_MS): Promise<BuiltProgram> {
  const worker = spawnRuntimeWorker(siblingModule('program-worker', import.meta.url), { name: 'program-runner' });
  const file = request.jobFile;
  return new Promise<BuiltProgram>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new ProgramError(
          `${file} did not call execute() within ${timeoutMs} ms: its main code must build a pipeline and end it ` +
            'with `await env.execute()` without waiting for anything else first',
          'timeout',
        ),
      );
    }, timeoutMs);
    const settle = (message: FromProgramWorker) => {
      clearTimeout(timer);
      switch (message.kind) {
        case 'planned':
          resolve({ job: message.job, plan: message.plan });
          return;
        case 'failed':
          reject(new ProgramError(`${file} failed while building its job:\n${message.error.stack}`, 'failed'));
          return;
        case 'no-execute':
          reject(
            new ProgramError(
              `${file} never called execute(): build a pipeline and end it with \`await env.execute()\``,
              'no-execute',
            ),
          );
          return;
        default: {
          const never: never = message;
          reject(new Error(`Unknown program worker message ${JSON.stringify(never)}`));
        }
      }
    };
    worker.once('message', settle);
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(new ProgramError(`${file} failed while building its job:\n${error.stack ?? error.message}`, 'failed'));
    });
    worker.once('exit', (code) => {
      clearTimeout(timer);
      reject(new ProgramError(`${file} ended its worker (exit code ${code}) before calling execute()`, 'failed'));
    });
    worker.postMessage(request);
  }).finally(() => {
    void worker.terminate();
  });
}
