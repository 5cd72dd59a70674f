import type { Dispatcher } from '../runtime/jobmanager/dispatcher/dispatcher.js';
import type { RestGateway } from './rest-gateway.js';

/** Serves REST from a Dispatcher in this process (the MiniCluster, or the JobManager process). */
export function dispatcherRestGateway(dispatcher: Dispatcher): RestGateway {
  return {
    clusterOverview: async () => {
      const r = await dispatcher.resources();
      return { taskManagers: r.taskManagers.length, slotsTotal: r.slotsTotal, slotsAvailable: r.slotsAvailable };
    },
    listJobs: () => dispatcher.archivedJobs(),
    getJob: (jobId) => dispatcher.archivedJob(jobId),
    clusterConfig: () => dispatcher.clusterConfig(),
    taskManagers: async () => (await dispatcher.resources()).taskManagers,
    cancelJob: (jobId) => dispatcher.cancelJob(jobId),
    triggerSavepoint: (jobId, targetDirectory) => dispatcher.triggerSavepoint(jobId, targetDirectory),
    stopWithSavepoint: (jobId, targetDirectory, drain) => dispatcher.stopWithSavepoint(jobId, targetDirectory, drain),
  };
}
