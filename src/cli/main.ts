import { ConfigurationError } from '../core/config/configuration.js';
import { runApplicationCommand } from './application-command.js';
import { UsageError } from './args.js';
import { bundleCommand } from './bundle-command.js';
import { clusterCommand } from './cluster-command.js';
import { infoCommand } from './info-command.js';
import { cancelCommand, listCommand } from './job-control-commands.js';
import { jobManagerCommand } from './jobmanager-command.js';
import { runCommand } from './run-command.js';
import { savepointCommand, stopCommand } from './savepoint-command.js';
import { taskManagerCommand } from './taskmanager-command.js';
import { watermarksCommand } from './watermarks-command.js';

// The `weir` command line: run a job on the embedded MiniCluster, print its plan, ask a running job's REST API for
// its watermarks, or control it over REST (savepoint, stop, cancel, list) as Flink's CLI does.

const USAGE = `Usage: weir <command> [options]

Commands:
  run <job file> [-p N] [-D key=value]... [-- job args]   run a job on an embedded MiniCluster
  info <job file> [-p N] [-D key=value]... [--json]       print the job's plan without running it
  watermarks -m <host:port> [<job id>] [--json]           show a running job's watermarks and what holds them back
  savepoint <job id> [<target dir>] [-m host:port]         take a savepoint of a running job
  stop <job id> [-p <savepoint dir>] [-d] [-m host:port]   stop a job gracefully with a savepoint (-d: drain)
  cancel <job id> [-m host:port]                           cancel a running job
  list [-m host:port]                                      list running and scheduled jobs
  run -m <host:port> [-d] <job file> ...                   submit a job to a running cluster (-d: detached)
  run-application [-p N] [-D key=value]... [-d] <job file> run the job on its own cluster (application mode)
  bundle <job file> [-o out.mjs]                           bundle a job for POST /jars/upload
  jobmanager [--configDir dir] [-D key=value]...           run a JobManager process in the foreground
  taskmanager [--configDir dir] [-D key=value]...          run a TaskManager process in the foreground
  cluster start [--taskmanagers N] | cluster stop          start/stop a local cluster in the background
(-m defaults to localhost:8081, where 'weir run' serves REST.)

Run 'weir <command> --help' for a command's options.`;

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await runCommand(rest);
      case 'run-application':
        return await runApplicationCommand(rest);
      case 'info':
        return await infoCommand(rest);
      case 'watermarks':
        return await watermarksCommand(rest);
      case 'savepoint':
        return await savepointCommand(rest);
      case 'stop':
        return await stopCommand(rest);
      case 'cancel':
        return await cancelCommand(rest);
      case 'list':
        return await listCommand(rest);
      case 'jobmanager':
        return await jobManagerCommand(rest);
      case 'taskmanager':
        return await taskManagerCommand(rest);
      case 'cluster':
        return await clusterCommand(rest);
      case 'bundle':
        return await bundleCommand(rest);
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 1 : 0;
      default:
        process.stderr.write(`weir: unknown command '${command}'.\n\n${USAGE}\n`);
        return 1;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`weir ${command}: ${error.message}\n`);
      return 2;
    }
    // A bad setting (a keystore path, a password, a port) is the user's to fix: its message says what and where.
    if (error instanceof ConfigurationError) {
      process.stderr.write(`weir ${command}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
