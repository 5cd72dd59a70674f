import { tlsOptions } from '../runtime/rpc/tls-options.js';
import { parseJobCommand, UsageError } from './args.js';
import { clientConfiguration } from './daemon-args.js';
import { runJobModule } from './load-job.js';
import { restTargetOf } from './rest-client.js';
import { RestClusterExecutor } from './rest-cluster-executor.js';

// `weir run -m host:port [-d] job.ts`: builds the JobGraph and bundle here, posts them to POST /jobs of the cluster
// whose REST API is at host:port (Flink's -m names the REST address, default port 8081), and waits for the job
// (attached) or prints its id and returns (-d/--detached). Print output of the job goes to the TaskManagers' .out
// files, as in Flink.

/** Options of `weir run` that take a value (so the value is not mistaken for the job file). */
const VALUE_OPTIONS = new Set(['-p', '--parallelism', '-D', '-s', '--fromSavepoint', '-m', '--jobmanager']);

/** The index of the job file in `argv` (the first positional argument), or argv.length. */
function jobFileIndex(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') return i;
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith('-')) return i;
  }
  return argv.length;
}

/** True when the options before the job file ask for a remote run (-m/--jobmanager). */
export function isRemoteRun(argv: readonly string[]): boolean {
  const options = argv.slice(0, jobFileIndex(argv));
  return options.includes('-m') || options.includes('--jobmanager');
}

export async function remoteRunCommand(argv: readonly string[]): Promise<number> {
  const end = jobFileIndex(argv);
  let address: string | undefined;
  let detached = false;
  // Only options before the job file are ours; everything from the job file on goes to parseJobCommand as is.
  const rest: string[] = [];
  for (let i = 0; i < end; i++) {
    const arg = argv[i] as string;
    if (arg === '-m' || arg === '--jobmanager') {
      address = argv[++i];
      if (address === undefined) throw new UsageError(`${arg} needs the REST address, e.g. ${arg} localhost:8081`);
    } else if (arg === '-d' || arg === '--detached') {
      detached = true;
    } else {
      rest.push(arg);
    }
  }
  rest.push(...argv.slice(end));
  const args = parseJobCommand(rest);
  // The cluster's security.ssl.* keys (configuration folder, -D): https for REST, TLS for the JobManager's RPC.
  const config = clientConfiguration(args.config);
  // Flink's -m host without a port means the default REST port.
  const target = restTargetOf(/^[\w.-]+$/.test(address as string) ? `${address}:8081` : (address as string), config);
  const rpcTls = tlsOptions(config, 'internal')?.client;
  let executor: RestClusterExecutor | undefined;
  try {
    const run = await runJobModule(args.jobFile, args.jobArgs, args.config, (artifact) => {
      executor = new RestClusterExecutor({
        restUrl: target.url,
        restTls: target.tls,
        rpcTls,
        artifact,
        argv: args.jobArgs,
        detached,
        onSubmitted: (jobId) => process.stdout.write(`Job has been submitted with JobID ${jobId}\n`),
      });
      return executor;
    });
    await run.finished;
    if (!detached) {
      for (const client of run.clients) {
        const result = await client.getJobExecutionResult();
        process.stdout.write(
          `Program execution finished\nJob with JobID ${result.jobId} has finished.\nJob Runtime: ${result.netRuntime} ms\n`,
        );
      }
    }
    return 0;
  } catch (error) {
    const isJobFailure = error instanceof Error && error.name === 'JobExecutionError';
    const text =
      error instanceof Error ? (isJobFailure ? (error.stack ?? error.message) : error.message) : String(error);
    process.stderr.write(`${text}\n`);
    return 1;
  } finally {
    executor?.close();
  }
}
