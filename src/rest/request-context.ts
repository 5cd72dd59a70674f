// What every handler gets, and the path-parameter lookups the handlers share (Flink's JobIDPathParameter and
// JobVertexIdPathParameter with their 400 and 404 answers).
import type { ArchivedJob, ArchivedVertex } from '../runtime/jobmanager/job-details.js';
import type { SubmissionContext } from './job-submission.js';
import { RestError } from './rest-error.js';
import type { RestGateway } from './rest-gateway.js';
import type { SavepointOperations } from './savepoint-operations.js';

export interface RequestContext {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly gateway: RestGateway;
  readonly now: number;
  /** The parsed JSON request body; `{}` when the request had none (Flink reads an empty body as {}). */
  readonly body: unknown;
  /** The savepoint operations this server started (trigger ids and their results). */
  readonly operations: SavepointOperations;
  /** Job submission (POST /jobs, /jars); undefined where the endpoint takes none. */
  readonly submission?: SubmissionContext;
}

/** A success answer other than 200 (PATCH /jobs/:jobid answers 202 Accepted with an empty body). */
export class RestReply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

const JOB_ID = /^[0-9a-fA-F]{32}$/;

/** Validates :jobid as Flink's JobIDPathParameter does, then asks the gateway; 400 or 404 as Flink answers. */
export async function findJob({ params, gateway }: RequestContext): Promise<ArchivedJob> {
  const raw = params.jobid;
  if (!JOB_ID.test(raw)) {
    throw new RestError(
      400,
      `Bad request, could not parse parameters: Cannot resolve path parameter (jobid) from value "${short(raw)}". ` +
        'A job id is 32 hexadecimal characters, as listed by GET /jobs.',
    );
  }
  const jobId = raw.toLowerCase();
  const job = await gateway.getJob(jobId);
  if (job === undefined) throw new RestError(404, `Job ${jobId} not found`);
  return job;
}

/** Validates :vertexid as Flink's JobVertexIdPathParameter does; 404 when the job has no such vertex. */
export function findVertex(job: ArchivedJob, raw: string): ArchivedVertex {
  if (!JOB_ID.test(raw)) {
    throw new RestError(
      400,
      `Bad request, could not parse parameters: Cannot resolve path parameter (vertexid) from value "${short(raw)}". ` +
        'A vertex id is 32 hexadecimal characters, as listed by GET /jobs/:jobid.',
    );
  }
  const id = raw.toLowerCase();
  const vertex = job.vertices.find((v) => v.id === id);
  if (vertex === undefined) throw new RestError(404, `JobVertex ${id} not found in job ${job.jobId}`);
  return vertex;
}

export function short(text: string): string {
  return text.length <= 64 ? text : `${text.slice(0, 64)}...`;
}
