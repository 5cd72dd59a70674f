// What the job-control commands (savepoint, stop, cancel, list) share: the -m host:port option (Flink's
// --jobmanager; default localhost:8081, where the MiniCluster that `weir run` starts serves REST) and JSON requests
// whose failures become messages a user can act on.
import { UsageError } from './args.js';

export const DEFAULT_REST_ADDRESS = 'localhost:8081';

/** "host:port" or a URL → the base URL, no trailing slash. */
export function restUrlOf(address: string): string {
  return (/^https?:\/\//.test(address) ? address : `http://${address}`).replace(/\/+$/, '');
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
  readonly positional: readonly string[];
  readonly flags: ReadonlySet<string>;
  readonly values: ReadonlyMap<string, string>;
}

/**
 * Parses `-m host:port`, the boolean `flags` and the value-taking `valueFlags` (each given as its spellings, the
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
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const flag = flags.find((names) => names.includes(arg));
    const valueFlag = valueFlags.find((names) => names.includes(arg));
    if (arg === '-m' || arg === '--jobmanager') {
      const value = argv[++i];
      if (value === undefined) throw new UsageError(`${arg} needs the REST address, e.g. ${arg} localhost:8081`);
      address = value;
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
  return { url: restUrlOf(address), positional, flags: seen, values };
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
): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    const base = new URL(url).origin;
    throw new RestRequestError(
      `Could not connect to the cluster at ${base} (${cause}). Is 'weir run' still running, and is -m the ` +
        `address it printed ("REST API at ...")?`,
      undefined,
    );
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new RestRequestError(`${method} ${url} answered ${res.status} with a body that is not JSON`, res.status);
  }
  if (res.status < 200 || res.status >= 300) {
    const errors = (parsed as { errors?: unknown }).errors;
    const detail = Array.isArray(errors) ? errors.join('; ') : text;
    throw new RestRequestError(detail, res.status);
  }
  return parsed;
}

/** Writes the error as the commands report it and returns the exit code (1). */
export function reportFailure(command: string, error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`weir ${command}: ${message}\n`);
  return 1;
}
