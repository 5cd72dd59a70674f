// The options of POST /jars/:jarid/run and /plan (Flink's JarRunRequestBody and JarPlanRequestBody, and their query
// parameters programArg, parallelism, savepointPath, allowNonRestoredState, entry-class): a value in the JSON body
// wins over the query parameter, as in Flink's JarHandlerUtils. Bad values are 400s naming the field.

import { RestError } from './rest-error.js';

export interface JarRunOptions {
  readonly argv: readonly string[];
  /** Flink configuration the program starts from: flinkConfiguration plus parallelism and savepoint settings. */
  readonly config: Readonly<Record<string, string>>;
  readonly jobId: string | undefined;
}

const JOB_ID = /^[0-9a-f]{32}$/;
const CLAIM_MODES = new Set(['CLAIM', 'NO_CLAIM', 'LEGACY']);

/** Reads the options; `forRun` allows the savepoint fields (the plan takes none). */
export function jarRunOptions(body: unknown, query: URLSearchParams, forRun: boolean): JarRunOptions {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw bad('the request body must be a JSON object (JarRunRequestBody)');
  }
  const b = body as Record<string, unknown>;
  const config: Record<string, string> = { ...configurationOf(b.flinkConfiguration) };
  const parallelism = b.parallelism ?? numberParam(query, 'parallelism');
  if (parallelism !== undefined && parallelism !== null) {
    if (!Number.isInteger(parallelism) || (parallelism as number) < 1) {
      throw bad(`parallelism must be a positive whole number, got ${JSON.stringify(parallelism)}`);
    }
    config['parallelism.default'] = String(parallelism);
  }
  if (forRun) {
    const savepointPath = b.savepointPath ?? query.get('savepointPath') ?? undefined;
    if (savepointPath !== undefined && savepointPath !== null) {
      if (typeof savepointPath !== 'string') throw bad('savepointPath must be a string');
      if (savepointPath !== '') config['execution.savepoint.path'] = savepointPath;
    }
    const allow = b.allowNonRestoredState ?? booleanParam(query, 'allowNonRestoredState');
    if (allow !== undefined && allow !== null) {
      if (typeof allow !== 'boolean') throw bad('allowNonRestoredState must be true or false');
      config['execution.savepoint.ignore-unclaimed-state'] = String(allow);
    }
    for (const key of ['claimMode', 'restoreMode']) {
      const mode = b[key];
      if (mode !== undefined && mode !== null && !CLAIM_MODES.has(mode as string)) {
        throw bad(`${key} must be one of CLAIM, NO_CLAIM, LEGACY, got ${JSON.stringify(mode)}`);
      }
    }
  }
  const jobId = b.jobId ?? undefined;
  if (jobId !== undefined && jobId !== null && (typeof jobId !== 'string' || !JOB_ID.test(jobId))) {
    throw bad(`jobId must be 32 lowercase hexadecimal characters, got ${JSON.stringify(jobId).slice(0, 80)}`);
  }
  if (b.entryClass !== undefined && b.entryClass !== null && typeof b.entryClass !== 'string') {
    throw bad('entryClass must be a string (Weir ignores it: a module has one main)');
  }
  return { argv: programArgsOf(b, query), config, jobId: (jobId as string | null | undefined) ?? undefined };
}

function programArgsOf(b: Record<string, unknown>, query: URLSearchParams): string[] {
  const list = b.programArgsList;
  const text = b.programArgs;
  const hasList = list !== undefined && list !== null;
  const hasText = text !== undefined && text !== null;
  if (hasList && hasText) {
    throw bad('give programArgsList or programArgs, not both (programArgsList is preferred)');
  }
  if (hasList) {
    if (!Array.isArray(list) || !list.every((a) => typeof a === 'string')) {
      throw bad('programArgsList must be an array of strings');
    }
    return list;
  }
  if (hasText) {
    if (typeof text !== 'string') throw bad('programArgs must be a string');
    return tokenize(text);
  }
  const raw = query.get('programArg');
  return raw === null || raw === '' ? [] : raw.split(',');
}

/** Splits "a 'b c' \"d\"" into [a, b c, d], as Flink tokenizes programArgs. */
export function tokenize(text: string): string[] {
  const args: string[] = [];
  for (const m of text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) args.push(m[1] ?? m[2] ?? (m[3] as string));
  return args;
}

function configurationOf(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw bad('flinkConfiguration must be an object');
  const config: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v !== 'string') throw bad(`flinkConfiguration.${k} must be a string`);
    config[k] = v;
  }
  return config;
}

function numberParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d{1,9}$/.test(raw)) throw bad(`query parameter ${name} must be a whole number, got "${raw.slice(0, 40)}"`);
  return Number(raw);
}

function booleanParam(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (raw !== 'true' && raw !== 'false') throw bad(`query parameter ${name} must be true or false`);
  return raw === 'true';
}

function bad(what: string): RestError {
  return new RestError(400, `Bad request: ${what}.`);
}
