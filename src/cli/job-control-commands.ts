// `weir cancel <jobId>` and `weir list`: Flink's CLI commands over REST (PATCH /jobs/:jobid?mode=cancel and
// GET /jobs/overview), printing what Flink's CLI prints.
import { UsageError } from './args.js';
import { jobIdArg, parseJobControlArgs, reportFailure, requestJson } from './rest-client.js';

const CANCEL_HELP = `Usage: weir cancel <job id> [-m host:port]

Cancels a running job (no savepoint; use weir stop for a graceful stop).

Options:
  -m, --jobmanager host:port   the REST address 'weir run' printed (default localhost:8081)
  -D key=value                 a configuration option, e.g. the security.ssl.rest.* keys of a TLS cluster`;

const LIST_HELP = `Usage: weir list [-m host:port]

Lists the running and scheduled jobs.

Options:
  -m, --jobmanager host:port   the REST address 'weir run' printed (default localhost:8081)
  -D key=value                 a configuration option, e.g. the security.ssl.rest.* keys of a TLS cluster`;

export async function cancelCommand(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${CANCEL_HELP}\n`);
    return 0;
  }
  const args = parseJobControlArgs(argv);
  const jobId = jobIdArg(args.positional[0], 'cancel');
  if (args.positional.length > 1) throw new UsageError(`Too many arguments: ${args.positional.slice(1).join(' ')}`);
  process.stdout.write(`Cancelling job ${jobId}.\n`);
  try {
    await requestJson(`${args.url}/jobs/${jobId}?mode=cancel`, 'PATCH', undefined, args.tls);
    process.stdout.write(`Cancelled job ${jobId}.\n`);
    return 0;
  } catch (error) {
    return reportFailure('cancel', error);
  }
}

/** One entry of GET /jobs/overview, the fields list reads. */
export interface ListedJob {
  readonly jid: string;
  readonly name: string;
  readonly state: string;
  readonly 'start-time': number;
}

export async function listCommand(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${LIST_HELP}\n`);
    return 0;
  }
  const args = parseJobControlArgs(argv);
  if (args.positional.length > 0) throw new UsageError(`Unexpected argument ${args.positional[0]}`);
  process.stdout.write('Waiting for response...\n');
  try {
    const { jobs } = (await requestJson(`${args.url}/jobs/overview`, 'GET', undefined, args.tls)) as {
      jobs: ListedJob[];
    };
    process.stdout.write(renderJobList(jobs));
    return 0;
  } catch (error) {
    return reportFailure('list', error);
  }
}

const TERMINAL = new Set(['FINISHED', 'CANCELED', 'FAILED']);

/**
 * As Flink's CLI lists jobs: CREATED and INITIALIZING ones are "scheduled", the others not globally terminal are
 * "running/restarting", each sorted by start time and printed as "dd.MM.yyyy HH:mm:ss : <id> : <name> (<state>)".
 */
export function renderJobList(jobs: readonly ListedJob[], timeZone?: string): string {
  const byStart = (a: ListedJob, b: ListedJob) => a['start-time'] - b['start-time'];
  const scheduled = jobs.filter((j) => j.state === 'CREATED' || j.state === 'INITIALIZING').sort(byStart);
  const running = jobs
    .filter((j) => j.state !== 'CREATED' && j.state !== 'INITIALIZING' && !TERMINAL.has(j.state))
    .sort(byStart);
  const line = (j: ListedJob) => `${formatDate(j['start-time'], timeZone)} : ${j.jid} : ${j.name} (${j.state})\n`;
  const rule = '--------------------------------------------------------------\n';
  let out = '';
  if (running.length === 0) out += 'No running jobs.\n';
  else out += `------------------ Running/Restarting Jobs -------------------\n${running.map(line).join('')}${rule}`;
  if (scheduled.length === 0) out += 'No scheduled jobs.\n';
  else out += `----------------------- Scheduled Jobs -----------------------\n${scheduled.map(line).join('')}${rule}`;
  return out;
}

/** Flink's "dd.MM.yyyy HH:mm:ss" in the local time zone (or `timeZone`, for tests). */
export function formatDate(ms: number, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('day')}.${get('month')}.${get('year')} ${get('hour')}:${get('minute')}:${get('second')}`;
}
