import { miniClusterRest } from '../rest/mini-cluster-rest.js';
import { MiniClusterExecutor } from '../runtime/client/mini-cluster-executor.js';
import type { MiniCluster } from '../runtime/minicluster/mini-cluster.js';
import { parseJobCommand } from './args.js';
import { runJobModule } from './load-job.js';
import { isRemoteRun, remoteRunCommand } from './remote-run-command.js';
import { StatusLine } from './status-line.js';

const HELP = `Usage: weir run <job file> [options] [-- job args]

Runs the job on an embedded MiniCluster and waits for it to end. Ctrl-C cancels it.

Options:
  -p, --parallelism N   default parallelism (parallelism.default); default: the number of CPU cores
  -D key=value          a Flink configuration option, e.g. -D execution.buffer-timeout.interval=10
  -s, --fromSavepoint path       start from a savepoint (execution.savepoint.path)
  -n, --allowNonRestoredState    skip savepoint state no operator claims (execution.savepoint.ignore-unclaimed-state)
  -m, --jobmanager host:port     submit to a running cluster's REST address instead (weir jobmanager / cluster start)
  -d, --detached                with -m: print the job id and return without waiting
  -h, --help            this help`;

export async function runCommand(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (isRemoteRun(argv)) return remoteRunCommand(argv);
  const args = parseJobCommand(argv);
  const statusLine = process.stderr.isTTY ? new StatusLine(process.stderr) : undefined;
  const rest = miniClusterRest((url) => process.stderr.write(`Weir MiniCluster: web UI and REST API at ${url}\n`));
  const run = await runJobModule(
    args.jobFile,
    args.jobArgs,
    args.config,
    (artifact) =>
      new MiniClusterExecutor({
        artifact,
        argv: args.jobArgs,
        onClusterStarted: async (cluster: MiniCluster, jobId: string) => {
          await rest.onClusterStarted(cluster, jobId);
          statusLine?.follow(cluster, jobId);
        },
        onClusterStopping: async (cluster: MiniCluster) => {
          statusLine?.stop();
          await rest.onClusterStopping(cluster);
        },
      }),
  );
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write('\nCancelling the job (Ctrl-C again to exit at once)...\n');
    for (const client of run.clients) void client.cancel().catch(() => {});
  };
  process.on('SIGINT', onSigint);
  try {
    await run.finished;
    // A module that submitted with executeAsync() and did not wait: the embedded cluster lives in this process, so
    // weir run waits for those jobs to end (Ctrl-C cancels them), and fails if one failed.
    // A job the module cancelled itself (leaving an executeAndCollect loop) ended as the module wanted.
    for (const client of run.clients) {
      await client.getJobExecutionResult().catch((error: unknown) => {
        if ((error as { status?: string }).status !== 'CANCELED') throw error;
      });
    }
    return 0;
  } catch (error) {
    if (interrupted) {
      process.stderr.write('Job cancelled.\n');
      return 130;
    }
    // A failed job shows its cause's stack (the user's code); anything else carries what matters in its message.
    const isJobFailure = error instanceof Error && error.name === 'JobExecutionError';
    const text =
      error instanceof Error ? (isJobFailure ? (error.stack ?? error.message) : error.message) : String(error);
    process.stderr.write(`${text}\n`);
    return 1;
  } finally {
    statusLine?.stop();
    process.off('SIGINT', onSigint);
  }
}
