// `weir savepoint <jobId> [targetDirectory] [-m host:port]` and `weir stop <jobId> [-p dir] [-d]`: Flink's CLI
// commands over REST (POST /jobs/:jobid/savepoints or /stop, then GET /jobs/:jobid/savepoints/:triggerid until the
// savepoint settled), printing what Flink's CLI prints.
import type { ConnectionOptions } from 'node:tls';
import { UsageError } from './args.js';
import { jobIdArg, parseJobControlArgs, reportFailure, requestJson } from './rest-client.js';

const SAVEPOINT_HELP = `Usage: weir savepoint <job id> [<target directory>] [-m host:port]

Takes a savepoint of a running job. Without a target directory the job's execution.checkpointing.savepoint-dir
is used. Resume from it with: weir run -s <savepoint path> <job file>

Options:
  -m, --jobmanager host:port   the REST address 'weir run' printed (default ${'localhost:8081'})`;

const STOP_HELP = `Usage: weir stop <job id> [-p <savepoint dir>] [-d] [-m host:port]

Stops a running job gracefully with a savepoint; the job then FINISHES.

Options:
  -p, --savepointPath dir      where the savepoint goes (default: execution.checkpointing.savepoint-dir)
  -d, --drain                  first advance event time to its end, firing every event-time window and timer
  -m, --jobmanager host:port   the REST address 'weir run' printed (default localhost:8081)`;

/** How often the trigger's status is asked for (Flink's client polls with a short backoff too). */
const POLL_INTERVAL_MS = 100;

interface SavepointStatus {
  status: { id: 'IN_PROGRESS' | 'COMPLETED' };
  operation: { location?: string; 'failure-cause'?: { class?: string; 'stack-trace'?: string } } | null;
}

export async function savepointCommand(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${SAVEPOINT_HELP}\n`);
    return 0;
  }
  const args = parseJobControlArgs(argv);
  const jobId = jobIdArg(args.positional[0], 'savepoint');
  if (args.positional.length > 2) throw new UsageError(`Too many arguments: ${args.positional.slice(2).join(' ')}`);
  const target = args.positional[1];
  process.stdout.write(`Triggering savepoint for job ${jobId}.\nWaiting for response...\n`);
  try {
    const body = target === undefined ? {} : { 'target-directory': target };
    const path = await savepointOperation(args.url, args.tls, jobId, 'savepoints', body);
    process.stdout.write(
      `Savepoint completed. Path: ${path}\nYou can resume your program from this savepoint with the run command.\n`,
    );
    return 0;
  } catch (error) {
    return reportFailure('savepoint', error);
  }
}

export async function stopCommand(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${STOP_HELP}\n`);
    return 0;
  }
  const args = parseJobControlArgs(argv, [['--drain', '-d']], [['--savepointPath', '-p']]);
  const jobId = jobIdArg(args.positional[0], 'stop');
  if (args.positional.length > 1) throw new UsageError(`Too many arguments: ${args.positional.slice(1).join(' ')}`);
  const target = args.values.get('--savepointPath');
  const drain = args.flags.has('--drain');
  process.stdout.write(`Suspending job "${jobId}" with a CANONICAL savepoint.\n`);
  try {
    const body = { drain, ...(target === undefined ? {} : { targetDirectory: target }) };
    const path = await savepointOperation(args.url, args.tls, jobId, 'stop', body);
    process.stdout.write(`Savepoint completed. Path: ${path}\n`);
    return 0;
  } catch (error) {
    return reportFailure('stop', error);
  }
}

/** Triggers the operation and polls its status; resolves with the savepoint's location, throws its failure. */
export async function savepointOperation(
  url: string,
  tls: ConnectionOptions | undefined,
  jobId: string,
  endpoint: 'savepoints' | 'stop',
  body: Record<string, unknown>,
): Promise<string> {
  const trigger = (await requestJson(`${url}/jobs/${jobId}/${endpoint}`, 'POST', body, tls)) as {
    'request-id': string;
  };
  const triggerId = trigger['request-id'];
  for (;;) {
    const status = (await requestJson(
      `${url}/jobs/${jobId}/savepoints/${triggerId}`,
      'GET',
      undefined,
      tls,
    )) as SavepointStatus;
    if (status.status.id === 'COMPLETED') {
      const location = status.operation?.location;
      if (location !== undefined) return location;
      const cause = status.operation?.['failure-cause'];
      const trace = cause?.['stack-trace'] ?? cause?.class ?? 'unknown cause';
      throw new Error(`The savepoint of job ${jobId} failed: ${firstLine(trace)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

function firstLine(text: string): string {
  const newline = text.indexOf('\n');
  return newline < 0 ? text : text.slice(0, newline);
}
