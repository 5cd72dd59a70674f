import { UsageError } from './args.js';
import { infoCommand } from './info-command.js';
import { runCommand } from './run-command.js';
import { watermarksCommand } from './watermarks-command.js';

// The `weir` command line: run a job on the embedded MiniCluster, print its plan, or ask a running job's
// REST API for its watermarks.

const USAGE = `Usage: weir <command> [options]

Commands:
  run <job file> [-p N] [-D key=value]... [-- job args]   run a job on an embedded MiniCluster
  info <job file> [-p N] [-D key=value]... [--json]       print the job's plan without running it
  watermarks -m <host:port> [<job id>] [--json]           show a running job's watermarks and what holds them back

Run 'weir <command> --help' for a command's options.`;

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await runCommand(rest);
      case 'info':
        return await infoCommand(rest);
      case 'watermarks':
        return await watermarksCommand(rest);
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
    throw error;
  }
}
