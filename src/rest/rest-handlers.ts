// The routes served so far, with Flink's paths, each turning a gateway answer into Flink's JSON.
import { isGloballyTerminalJobStatus } from '../runtime/jobmanager/job-details.js';
import { addCheckpointRoutes } from './checkpoint-handlers.js';
import { configurationInfo } from './configuration-info.js';
import { clusterOverview, dashboardConfiguration } from './dashboard-configuration.js';
import { addSubmissionRoutes } from './jar-handlers.js';
import { jobDetails, jobDetailsInfo } from './job-details-info.js';
import { DEFAULT_MAX_EXCEPTIONS, jobExceptionsInfo } from './job-exceptions-info.js';
import { jobVertexDetails } from './job-vertex-info.js';
import { findJob, findVertex, type RequestContext, RestReply, short } from './request-context.js';
import { RestError } from './rest-error.js';
import { Router } from './router.js';
import { addSavepointRoutes } from './savepoint-handlers.js';
import { aggregatedSubtaskMetrics, subtaskMetricsQuery, vertexBackPressure } from './subtask-metrics-info.js';
import { taskManagerDetailsInfo, taskManagerInfo } from './task-managers-info.js';
import { jobWatermarks, vertexWatermarks } from './watermarks-info.js';

/** Returns the JSON body of a 200 response, a RestReply for another success status, or throws RestError. */
export type RestHandler = (ctx: RequestContext) => Promise<unknown>;

export { type RequestContext, RestReply } from './request-context.js';

export function createRestRouter(): Router<RestHandler> {
  const router = new Router<RestHandler>();
  addCheckpointRoutes(router);
  addSavepointRoutes(router);
  addSubmissionRoutes(router);
  return router
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
    .add('GET', '/jobs/:jobid/watermarks', async (ctx) => jobWatermarks(await findJob(ctx)))
    .add('PATCH', '/jobs/:jobid', cancelJob)
    .add('GET', '/jobs/:jobid/vertices/:vertexid', async (ctx) =>
      jobVertexDetails(findVertex(await findJob(ctx), ctx.params.vertexid), ctx.now),
    )
    .add('GET', '/jobs/:jobid/vertices/:vertexid/subtasks/metrics', async (ctx) => {
      const query = subtaskMetricsQuery(ctx.query);
      return aggregatedSubtaskMetrics(findVertex(await findJob(ctx), ctx.params.vertexid), query);
    })
    .add('GET', '/jobs/:jobid/vertices/:vertexid/backpressure', async (ctx) =>
      vertexBackPressure(findVertex(await findJob(ctx), ctx.params.vertexid), ctx.now),
    )
    .add('GET', '/jobmanager/config', async ({ gateway }) => configurationInfo(await gateway.clusterConfig()))
    .add('GET', '/taskmanagers', async ({ gateway, now }) => ({
      taskmanagers: (await gateway.taskManagers()).map((tm) => taskManagerInfo(tm, now)),
    }))
    .add('GET', '/taskmanagers/:taskmanagerid', async ({ gateway, params, now }) => {
      const id = params.taskmanagerid;
      const tm = (await gateway.taskManagers()).find((t) => t.id === id);
      if (tm === undefined) {
        throw new RestError(
          404,
          `Could not find TaskExecutor ${short(id)}. List the TaskManagers with GET /taskmanagers.`,
        );
      }
      return taskManagerDetailsInfo(tm, now);
    });
}

/**
 * PATCH /jobs/:jobid?mode=cancel (Flink's JobCancellationHandler): 202 once cancellation was requested, also for a
 * job already CANCELED; 409 for a job that ended otherwise; mode=stop is gone in Flink and answers as Flink does.
 */
async function cancelJob(ctx: RequestContext): Promise<RestReply> {
  const mode = ctx.query.get('mode');
  if (mode !== null && mode.toLowerCase() === 'stop') {
    throw new RestError(
      308,
      'The termination mode "stop" has been removed. For an ungraceful shutdown, please use "cancel" instead. ' +
        'For a graceful shutdown, please use "jobs/:jobId/stop" instead.',
      { Location: 'jobs/:jobId/stop' },
    );
  }
  if (mode !== null && mode !== '' && mode.toLowerCase() !== 'cancel') {
    throw new RestError(
      400,
      `Bad request, could not parse parameters: Cannot resolve query parameter (mode) from value "${short(mode)}". ` +
        'The only supported termination mode is "cancel".',
    );
  }
  const job = await findJob(ctx);
  if (isGloballyTerminalJobStatus(job.state) && job.state !== 'CANCELED') {
    throw new RestError(
      409,
      `Job cancellation failed because the job has already reached another terminal state (${job.state}).`,
    );
  }
  await ctx.gateway.cancelJob(job.jobId);
  return new RestReply(202, {});
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
