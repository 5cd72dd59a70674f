// What the job-control commands (savepoint, stop, cancel, list) share: the -m host:port option (Flink's
// --jobmanager; default localhost:8081, where the MiniCluster that `weir run` starts serves REST), -D key=value and
// the configuration folder (for security.ssl.rest.*: https, trusted certificates), and JSON requests whose failures
// become messages a user can act on. Requests go through node:http/https, which take TLS options (fetch does not).
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ConnectionOptions } from 'node:tls';
import type { Configuration } from '../core/config/configuration.js';
import { restClientTlsOptions } from '../runtime/rpc/tls-options.js';
import { UsageError } from './args.js';
import { clientConfiguration } from './daemon-args.js';

export const DEFAULT_REST_ADDRESS = 'localhost:8081';

/** "host:port" or a URL → the base URL, no trailing slash; https for host:port when `secure` (REST TLS is on). */
export function restUrlOf(address: string, secure = false): string {
  return (/^https?:\/\//.test(address) ? address : `${secure ? 'https' : 'http'}://${address}`).replace(/\/+$/, '');
}

/** Where a command's requests go: the base URL, and the TLS options when security.ssl.rest.enabled. */
export interface RestTarget {
  readonly url: string;
  readonly tls: ConnectionOptions | undefined;
}

/** The target for `-m address` under `config` (reads and checks the truststore/keystore when REST TLS is on). */
export function restTargetOf(address: string, config: Configuration): RestTarget {
  const tls = restClientTlsOptions(config);
  return { url: restUrlOf(address, tls !== undefined), tls };
}

/** A failed request: `status` is the HTTP status, or undefined when the cluster could not be reached. */
export class RestRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
    this.name = 'RestRequestError';
  }
}

export interface ParsedJobControlArgs {
  readonly url: string;
  /** TLS options for requests to `url` (security.ssl.rest.* from the configuration folder and -D). */
  readonly tls: ConnectionOptions | undefined;
  readonly positional: readonly string[];
  readonly flags: ReadonlySet<string>;
  readonly values: ReadonlyMap<string, string>;
}

/**
 * Parses `-m host:port`, `-D key=value`, the boolean `flags` and the value-taking `valueFlags` (each given as its spellings, the
 * first being the name it is stored under), and collects the positional arguments.
 */
export function parseJobControlArgs(
  argv: readonly string[],
  flags: readonly (readonly string[])[] = [],
  valueFlags: readonly (readonly string[])[] = [],
): ParsedJobControlArgs {
  let address = DEFAULT_REST_ADDRESS;
  const positional: string[] = [];
  const seen = new Set<string>();
  const values = new Map<string, string>();
  const dynamic: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const flag = flags.find((names) => names.includes(arg));
    const valueFlag = valueFlags.find((names) => names.includes(arg));
    if (arg === '-m' || arg === '--jobmanager') {
      const value = argv[++i];
      if (value === undefined) throw new UsageError(`${arg} needs the REST address, e.g. ${arg} localhost:8081`);
      address = value;
    } else if (arg.startsWith('-D')) {
      const pair = arg === '-D' ? argv[++i] : arg.slice(2);
      if (pair === undefined || pair.indexOf('=') <= 0) {
        throw new UsageError(`-D needs key=value, e.g. -D security.ssl.rest.enabled=true (got ${pair ?? 'nothing'})`);
      }
      dynamic.push(pair);
    } else if (flag !== undefined) {
      seen.add(flag[0]);
    } else if (valueFlag !== undefined) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('-')) throw new UsageError(`${arg} needs a value`);
      values.set(valueFlag[0], value);
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`Unknown option ${arg}. Run with --help to see the options.`);
    } else {
      positional.push(arg);
    }
  }
  const target = restTargetOf(address, clientConfiguration(dynamic));
  return { url: target.url, tls: target.tls, positional, flags: seen, values };
}

/** Checks a job id argument: 32 hexadecimal characters, as `weir list` prints them. */
export function jobIdArg(value: string | undefined, command: string): string {
  if (value === undefined) throw new UsageError(`Name the job, e.g. weir ${command} <job id> (weir list shows them)`);
  if (!/^[0-9a-fA-F]{32}$/.test(value)) {
    throw new UsageError(`'${value}' is not a job id: give the 32 hexadecimal characters weir list prints`);
  }
  return value.toLowerCase();
}

/** Sends a request and returns its JSON body; non-2xx answers throw with the server's `errors`. */
export async function requestJson(
  url: string,
  method: 'GET' | 'POST' | 'PATCH' = 'GET',
  body?: unknown,
  tls?: ConnectionOptions,
): Promise<unknown> {
  let res: { status: number; text: string };
  try {
    res = await sendRequest(url, method, body === undefined ? undefined : JSON.stringify(body), tls);
  } catch (error) {
    const base = new URL(url).origin;
    throw new RestRequestError(
      `Could not connect to the cluster at ${base} (${(error as Error).message}). Is 'weir run' still running, ` +
        `is -m the address it printed ("REST API at ..."), and do security.ssl.rest.* match the cluster's?`,
      undefined,
    );
  }
  const { status, text } = res;
  let parsed: unknown;
  try {
    parsed = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new RestRequestError(`${method} ${url} answered ${status} with a body that is not JSON`, status);
  }
  if (status < 200 || status >= 300) {
    const errors = (parsed as { errors?: unknown }).errors;
    const detail = Array.isArray(errors) ? errors.join('; ') : text;
    throw new RestRequestError(detail, status);
  }
  return parsed;
}

/** One request over http or https (with `tls`); resolves with the status and the body as text. */
export function sendRequest(
  url: string,
  method: string,
  payload: string | Uint8Array | undefined,
  tls: ConnectionOptions | undefined,
  contentType = 'application/json',
): Promise<{ status: number; text: string }> {
  // A Content-Length always (0 without a body), as fetch sends it: no chunked bodies for the server to wait for.
  const length = { 'Content-Length': payload === undefined ? 0 : Buffer.byteLength(payload) };
  const headers = payload === undefined ? length : { ...length, 'Content-Type': contentType };
  return new Promise((resolve, reject) => {
    const onResponse = (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    };
    const req = url.startsWith('https:')
      ? httpsRequest(url, { ...tls, method, headers }, onResponse)
      : httpRequest(url, { method, headers }, onResponse);
    req.on('error', reject);
    req.end(payload);
  });
}

/** Writes the error as the commands report it and returns the exit code (1). */
export function reportFailure(command: string, error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`weir ${command}: ${message}\n`);
  return 1;
}
