import type { ConnectionOptions } from 'node:tls';
import { JAVA_LONG_MAX_STRING, JAVA_LONG_MIN_STRING } from '../core/time.js';
import type { JobWatermarksInfo } from '../rest/watermarks-info.js';
import { restClientTlsOptions } from '../runtime/rpc/tls-options.js';
import { UsageError } from './args.js';
import { clientConfiguration } from './daemon-args.js';
import { requestJson, restUrlOf } from './rest-client.js';

// `weir watermarks -m host:port [job id]`: asks a running job's REST API (GET /jobs/:jobid/watermarks) for each
// vertex's watermark and what holds it back, and prints one line per vertex. `weir info` cannot answer this: it
// only plans the job and never runs it, so there are no watermarks to show.

const HELP = `Usage: weir watermarks -m <host:port> [<job id>] [--json]

Shows a running job's watermarks: per vertex its input and output watermark and, when one lags, which upstream
subtask or source split holds it back (the answer to "why is my window not firing").

Options:
  -m, --jobmanager host:port   the REST address 'weir run' printed ("REST API at http://...")
  --json                       print the REST answer (GET /jobs/:jobid/watermarks) as it came
  -D key=value                 a configuration option, e.g. the security.ssl.rest.* keys of a TLS cluster
Without a job id, the only running job is shown.`;

export interface WatermarksArgs {
  readonly url: string;
  readonly jobId: string | undefined;
  readonly json: boolean;
  /** Set when security.ssl.rest.enabled (configuration folder or -D): the options for https. */
  readonly tls?: ConnectionOptions;
}

export function parseWatermarksArgs(argv: readonly string[]): WatermarksArgs {
  let address: string | undefined;
  let jobId: string | undefined;
  let json = false;
  const dynamic: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('-D')) {
      const pair = arg === '-D' ? argv[++i] : arg.slice(2);
      if (pair === undefined || pair.indexOf('=') <= 0)
        throw new UsageError(`-D needs key=value (got ${pair ?? 'nothing'})`);
      dynamic.push(pair);
    } else if (arg === '-m' || arg === '--jobmanager') {
      address = argv[++i];
      if (address === undefined) throw new UsageError(`${arg} needs the REST address, e.g. ${arg} 127.0.0.1:8081`);
    } else if (arg === '--json') {
      json = true;
    } else if (arg.startsWith('-')) {
      throw new UsageError(`Unknown option ${arg}. Run with --help to see the options.`);
    } else if (jobId === undefined) {
      if (!/^[0-9a-fA-F]{32}$/.test(arg))
        throw new UsageError(`'${arg}' is not a job id: give the 32 hexadecimal characters GET /jobs lists`);
      jobId = arg.toLowerCase();
    } else {
      throw new UsageError(`Give at most one job id (got '${jobId}' and '${arg}')`);
    }
  }
  if (address === undefined) throw new UsageError('Name the REST address with -m host:port, as weir run printed it');
  const tls = restClientTlsOptions(clientConfiguration(dynamic));
  const url = restUrlOf(address, tls !== undefined);
  return tls === undefined ? { url, jobId, json } : { url, jobId, json, tls };
}

export async function watermarksCommand(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const args = parseWatermarksArgs(argv);
  try {
    const jobId = args.jobId ?? (await onlyRunningJob(args.url, args.tls));
    const info = (await requestJson(
      `${args.url}/jobs/${jobId}/watermarks`,
      'GET',
      undefined,
      args.tls,
    )) as JobWatermarksInfo;
    process.stdout.write(args.json ? `${JSON.stringify(info, null, 2)}\n` : renderWatermarks(info));
    return 0;
  } catch (error) {
    process.stderr.write(`weir watermarks: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

async function onlyRunningJob(url: string, tls: ConnectionOptions | undefined): Promise<string> {
  const { jobs } = (await requestJson(`${url}/jobs`, 'GET', undefined, tls)) as {
    jobs: { id: string; status: string }[];
  };
  const running = jobs.filter((j) => j.status === 'RUNNING');
  if (running.length === 1) return running[0].id;
  const listed = jobs.map((j) => `${j.id} (${j.status})`).join(', ') || 'none';
  throw new Error(`${running.length} jobs are running at ${url}; name one. Jobs: ${listed}`);
}

/** One line per vertex: name, input and output watermark, and what holds it back. */
export function renderWatermarks(info: JobWatermarksInfo): string {
  const width = Math.min(40, Math.max(...info.vertices.map((v) => v.name.length), 4));
  const lines = info.vertices.map((v) => {
    const name = v.name.length > width ? `${v.name.slice(0, width - 1)}…` : v.name.padEnd(width);
    const why = v.explanation === undefined ? '' : `  held back by ${v.explanation}`;
    const sub =
      v['lowest-subtask'] === undefined || v.subtasks.length < 2 ? '' : ` (lowest: subtask ${v['lowest-subtask']})`;
    const marks = `in ${long(v['input-watermark']).padEnd(13)}  out ${long(v['output-watermark']).padEnd(13)}`;
    return `${name}  ${marks}${sub}${why}`.trimEnd();
  });
  return `${lines.join('\n')}\n`;
}

function long(value: string): string {
  if (value === JAVA_LONG_MIN_STRING) return 'none';
  if (value === JAVA_LONG_MAX_STRING) return 'end';
  return value;
}
