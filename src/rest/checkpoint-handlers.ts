// GET /jobs/:jobid/checkpoints, /checkpoints/config and /checkpoints/details/:checkpointid (Flink's
// CheckpointingStatisticsHandler, CheckpointConfigHandler and CheckpointStatisticDetailsHandler), answered from the
// job archive, so they keep answering after the job ended.
import type { ArchivedCheckpointing, ArchivedJob } from '../runtime/jobmanager/job-details.js';
import { checkpointConfigInfo, checkpointingStatistics, checkpointStatistics } from './checkpoint-statistics-info.js';
import { findJob, short } from './request-context.js';
import { RestError } from './rest-error.js';
import type { RestHandler } from './rest-handlers.js';
import type { Router } from './router.js';

export function addCheckpointRoutes(router: Router<RestHandler>): void {
  router
    .add('GET', '/jobs/:jobid/checkpoints', async (ctx) =>
      checkpointingStatistics(checkpointingOf(await findJob(ctx)).stats),
    )
    .add('GET', '/jobs/:jobid/checkpoints/config', async (ctx) => {
      const job = await findJob(ctx);
      const config = job.checkpoints?.config;
      if (config === undefined || !config.enabled) {
        throw new RestError(404, `Checkpointing is not enabled for this job (${job.jobId}).`);
      }
      return checkpointConfigInfo(config);
    })
    .add('GET', '/jobs/:jobid/checkpoints/details/:checkpointid', async (ctx) => {
      const id = checkpointIdOf(ctx.params.checkpointid);
      const stats = checkpointingOf(await findJob(ctx)).stats;
      const found = stats.history.find((s) => s.id === id);
      if (found === undefined) {
        throw new RestError(404, `Could not find checkpointing statistics for checkpoint ${id}.`);
      }
      return checkpointStatistics(found, true);
    });
}

/** Flink answers 404 "Checkpointing has not been enabled." when the job has no checkpoint statistics. */
function checkpointingOf(job: ArchivedJob): ArchivedCheckpointing {
  if (job.checkpoints === undefined) throw new RestError(404, 'Checkpointing has not been enabled.');
  return job.checkpoints;
}

/** :checkpointid is a Java long (Flink's CheckpointIdPathParameter). */
function checkpointIdOf(raw: string): number {
  if (!/^-?\d{1,18}$/.test(raw)) {
    throw new RestError(
      400,
      `Bad request, could not parse parameters: Cannot resolve path parameter (checkpointid) from value "${short(raw)}". ` +
        'A checkpoint id is a whole number, as listed in GET /jobs/:jobid/checkpoints.',
    );
  }
  return Number(raw);
}
