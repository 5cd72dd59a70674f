// POST /jobs/:jobid/savepoints, POST /jobs/:jobid/stop and GET /jobs/:jobid/savepoints/:triggerid (Flink's
// SavepointHandlers and StopWithSavepointHandlers): the POSTs answer 202 with a trigger id at once; the savepoint
// runs on and its result is read by trigger id.
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isGloballyTerminalJobStatus } from '../runtime/jobmanager/job-details.js';
import { findJob, type RequestContext, RestReply, short } from './request-context.js';
import { RestError } from './rest-error.js';
import type { RestHandler } from './rest-handlers.js';
import type { Router } from './router.js';
import { DuplicateTriggerError } from './savepoint-operations.js';

const TRIGGER_ID = /^[0-9a-f]{32}$/;
const SAVEPOINT_DIR_KEY = 'execution.checkpointing.savepoint-dir';

/** A request body field: its JSON name and the type Flink's request class declares. */
interface FieldSpec {
  readonly name: string;
  readonly type: 'string' | 'boolean';
  readonly values?: readonly string[];
}

const SAVEPOINT_BODY: readonly FieldSpec[] = [
  { name: 'target-directory', type: 'string' },
  { name: 'cancel-job', type: 'boolean' },
  { name: 'triggerId', type: 'string' },
  { name: 'formatType', type: 'string', values: ['CANONICAL', 'NATIVE'] },
];

const STOP_BODY: readonly FieldSpec[] = [
  { name: 'targetDirectory', type: 'string' },
  { name: 'drain', type: 'boolean' },
  { name: 'triggerId', type: 'string' },
  { name: 'formatType', type: 'string', values: ['CANONICAL', 'NATIVE'] },
];

export function addSavepointRoutes(router: Router<RestHandler>): void {
  router
    .add('POST', '/jobs/:jobid/savepoints', async (ctx) => {
      const body = parseBody(ctx.body, SAVEPOINT_BODY, 'SavepointTriggerRequestBody');
      const target = await targetDirectoryOf(ctx, body['target-directory'], 'target-directory');
      const cancel = body['cancel-job'] === true;
      return trigger(ctx, body.triggerId, async (jobId) => {
        const location = await ctx.gateway.triggerSavepoint(jobId, target);
        if (cancel) await ctx.gateway.cancelJob(jobId);
        return savepointLocation(location);
      });
    })
    .add('POST', '/jobs/:jobid/stop', async (ctx) => {
      const body = parseBody(ctx.body, STOP_BODY, 'StopWithSavepointRequestBody');
      const target = await targetDirectoryOf(ctx, body.targetDirectory, 'targetDirectory');
      const drain = body.drain === true;
      return trigger(ctx, body.triggerId, async (jobId) =>
        savepointLocation(await ctx.gateway.stopWithSavepoint(jobId, target, drain)),
      );
    })
    .add('GET', '/jobs/:jobid/savepoints/:triggerid', async (ctx) => {
      const job = await findJob(ctx);
      const triggerId = triggerIdOf(ctx.params.triggerid, 'path parameter (triggerid)');
      const status = ctx.operations.status(job.jobId, triggerId);
      if (status === undefined) {
        throw new RestError(
          404,
          `Operation not found under key: (jobId=${job.jobId}, triggerId=${triggerId}). ` +
            'Use the request-id that POST /jobs/:jobid/savepoints or /stop answered.',
        );
      }
      return status;
    });
}

async function trigger(
  ctx: RequestContext,
  clientTriggerId: string | boolean | undefined,
  run: (jobId: string) => Promise<string>,
): Promise<RestReply> {
  const job = await findJob(ctx);
  if (isGloballyTerminalJobStatus(job.state)) {
    throw new RestError(409, `Job ${job.jobId} has already reached the terminal state ${job.state}.`);
  }
  const requested = typeof clientTriggerId === 'string' ? triggerIdOf(clientTriggerId, 'triggerId') : undefined;
  try {
    const id = ctx.operations.start(job.jobId, requested, () => run(job.jobId));
    return new RestReply(202, { 'request-id': id });
  } catch (error) {
    if (error instanceof DuplicateTriggerError) throw new RestError(409, error.message);
    throw error;
  }
}

/** The savepoint's directory: the request's, else the job's execution.checkpointing.savepoint-dir (as Flink). */
async function targetDirectoryOf(
  ctx: RequestContext,
  requested: string | boolean | undefined,
  property: string,
): Promise<string | undefined> {
  if (typeof requested === 'string' && requested !== '') return requested;
  const job = await findJob(ctx);
  if (job.checkpoints?.config.savepointDir !== undefined) return undefined;
  throw new RestError(400, `Config key [${SAVEPOINT_DIR_KEY}] is not set. Property [${property}] must be provided.`);
}

/**
 * A savepoint's location as Flink's REST API writes it: its Path with the scheme, "file:/dir/savepoint-..." (a
 * path with characters that URIs escape becomes a full file:// URL so it reads back exactly).
 */
export function savepointLocation(pointer: string): string {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]+:/.test(pointer)) return pointer;
  if (!isAbsolute(pointer)) return pointer;
  return /[%#?\\]/.test(pointer) ? pathToFileURL(pointer).href : `file:${pointer}`;
}

function triggerIdOf(raw: string, what: string): string {
  const id = raw.toLowerCase();
  if (!TRIGGER_ID.test(id)) {
    throw new RestError(
      400,
      `Bad request, could not parse parameters: Cannot resolve ${what} from value "${short(raw)}". ` +
        'A trigger id is 32 hexadecimal characters, as the trigger request answered it.',
    );
  }
  return id;
}

/** Checks the body as Flink's strict JSON mapper does: an object, known fields only, each of its declared type. */
function parseBody(
  body: unknown,
  fields: readonly FieldSpec[],
  requestClass: string,
): Record<string, string | boolean | undefined> {
  const expected = `Request did not match expected format ${requestClass}.`;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RestError(400, `${expected} The body must be a JSON object.`);
  }
  const out: Record<string, string | boolean | undefined> = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    const spec = fields.find((f) => f.name === key);
    const known = fields.map((f) => `"${f.name}"`).join(', ');
    if (spec === undefined) throw new RestError(400, `${expected} Unknown field "${short(key)}"; known: ${known}.`);
    if (value === null) continue;
    if (typeof value !== spec.type) {
      throw new RestError(400, `${expected} Field "${key}" must be a ${spec.type}, got ${typeof value}.`);
    }
    if (spec.values !== undefined && !spec.values.includes(value as string)) {
      throw new RestError(400, `${expected} Field "${key}" must be one of ${spec.values.join(', ')}.`);
    }
    out[key] = value as string | boolean;
  }
  return out;
}
