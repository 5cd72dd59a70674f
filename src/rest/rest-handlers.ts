// The routes served so far, with Flink's paths, each turning a gateway answer into Flink's JSON.
import type { ArchivedJob, ArchivedVertex } from '../runtime/jobmanager/job-details.js';
import { clusterOverview, dashboardConfiguration } from './dashboard-configuration.js';
import { jobDetails, jobDetailsInfo } from './job-details-info.js';
import { DEFAULT_MAX_EXCEPTIONS, jobExceptionsInfo } from './job-exceptions-info.js';
import { RestError } from './rest-error.js';
import type { RestGateway } from './rest-gateway.js';
import { Router } from './router.js';
import { jobWatermarks, vertexWatermarks } from './watermarks-info.js';

export interface RequestContext {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly gateway: RestGateway;
  readonly now: number;
}

/** Returns the JSON body of a 200 response, or throws RestError. */
export type RestHandler = (ctx: RequestContext) => Promise<unknown>;

const JOB_ID = /^[0-9a-fA-F]{32}$/;

export function createRestRouter(): Router<RestHandler> {
  return new Router<RestHandler>()
    .add('GET', '/config', async ({ gateway, now }) => dashboardConfiguration(await gateway.clusterConfig(), now))
    .add('GET', '/overview', async ({ gateway }) => {
      const [resources, jobs] = await Promise.all([gateway.clusterOverview(), gateway.listJobs()]);
      return clusterOverview(resources, jobs);
    })
    .add('GET', '/jobs', async ({ gateway }) => ({
      jobs: (await gateway.listJobs()).map((job) => ({ id: job.jobId, status: job.state })),
    }))
    .add('GET', '/jobs/overview', async ({ gateway, now }) => ({
      jobs: (await gateway.listJobs()).map((job) => jobDetails(job, now)),
    }))
    .add('GET', '/jobs/:jobid', async (ctx) => jobDetailsInfo(await findJob(ctx), ctx.now))
    .add('GET', '/jobs/:jobid/plan', async (ctx) => ({ plan: (await findJob(ctx)).plan }))
    .add('GET', '/jobs/:jobid/exceptions', async (ctx) => {
      const query = { maxExceptions: maxExceptionsOf(ctx.query), labelFilter: labelFilterOf(ctx.query) };
      return jobExceptionsInfo(await findJob(ctx), query);
    })
    .add('GET', '/jobs/:jobid/vertices/:vertexid/watermarks', async (ctx) =>
      vertexWatermarks(findVertex(await findJob(ctx), ctx.params.vertexid)),
    )
    .add('GET', '/jobs/:jobid/watermarks', async (ctx) => jobWatermarks(await findJob(ctx)));
}

/** Validates :jobid as Flink's JobIDPathParameter does, then asks the gateway; 400 or 404 as Flink answers. */
async function findJob({ params, gateway }: RequestContext): Promise<ArchivedJob> {
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
function findVertex(job: ArchivedJob, raw: string): ArchivedVertex {
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

/** maxExceptions: Flink takes a comma-separated list of integers and uses the first. */
function maxExceptionsOf(query: URLSearchParams): number {
  const raw = query.get('maxExceptions');
  if (raw === null || raw === '') return DEFAULT_MAX_EXCEPTIONS;
  const first = raw.split(',')[0].trim();
  if (!/^\d{1,9}$/.test(first)) {
    throw new RestError(
      400,
      `Bad request, could not parse parameters: Cannot resolve query parameter (maxExceptions) from value "${short(raw)}". ` +
        'Give a non-negative integer, e.g. maxExceptions=10.',
    );
  }
  return Number(first);
}

/** failureLabelFilter=key:value,key2:value2 — every pair must match. */
function labelFilterOf(query: URLSearchParams): Record<string, string> {
  const filter: Record<string, string> = {};
  for (const raw of query.getAll('failureLabelFilter')) {
    for (const pair of raw.split(',')) {
      if (pair === '') continue;
      const colon = pair.indexOf(':');
      if (colon <= 0) {
        throw new RestError(
          400,
          `Bad request, could not parse parameters: Cannot resolve query parameter (failureLabelFilter) from value "${short(raw)}". ` +
            'Give key:value pairs separated by commas.',
        );
      }
      filter[pair.slice(0, colon)] = pair.slice(colon + 1);
    }
  }
  return filter;
}

function short(text: string): string {
  return text.length <= 64 ? text : `${text.slice(0, 64)}...`;
}
