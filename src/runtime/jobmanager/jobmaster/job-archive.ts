import { jsonPlan } from '../../../graph/plan.js';
import type { ArchivedCheckpointing, ArchivedJob, ArchivedSubtask, ArchivedVertex, JobPlan } from '../job-details.js';
import { summarizeVertex } from '../job-details.js';
import { subtaskWatermarks } from '../watermark-details.js';
import type { JobMaster } from './job-master.js';

// A JobMaster's state as the plain ArchivedJob that REST renders in Flink's shapes.

export function archiveJob(master: JobMaster): ArchivedJob {
  const graph = master.jobGraph;
  const executions = [...master.executions.values()];
  const vertices: ArchivedVertex[] = graph.vertices.map((v) => {
    const subtasks: ArchivedSubtask[] = [];
    for (let i = 0; i < v.parallelism; i++) {
      const e = executions.find((x) => x.vertexId === v.id && x.subtaskIndex === i);
      const startTime = e?.timestamps.DEPLOYING ?? -1;
      const end = e?.timestamps.FINISHED ?? e?.timestamps.CANCELED ?? e?.timestamps.FAILED ?? -1;
      subtasks.push({
        index: i,
        state: e?.state ?? 'CREATED',
        attempt: e?.attempt ?? 0,
        host: 'localhost',
        taskManagerId: e?.slot?.taskManagerId ?? '(unassigned)',
        startTime,
        endTime: end,
        metrics: {
          numRecordsIn: e?.metrics.numRecordsIn,
          numRecordsOut: e?.metrics.numRecordsOut,
        },
        watermarks: e === undefined ? undefined : subtaskWatermarks(e.metrics, e.inputs, graph),
        // Reports replace the metrics object whole, so sharing it is safe; timestamps are mutated: copy them.
        taskMetrics: e?.metrics,
        stateTimestamps: e === undefined ? undefined : { ...e.timestamps },
      });
    }
    const summary = summarizeVertex(subtasks);
    return {
      id: v.id,
      name: v.name,
      parallelism: v.parallelism,
      maxParallelism: v.maxParallelism,
      state: summary.state,
      startTime: summary.startTime,
      endTime: summary.endTime,
      subtasks,
    };
  });
  const ts = master.statusTimestamps;
  const terminal = ts.FINISHED ?? ts.CANCELED ?? ts.FAILED ?? -1;
  const failure = master.failure;
  return {
    jobId: master.jobId,
    name: master.jobName,
    state: master.status,
    startTime: ts.INITIALIZING ?? -1,
    endTime: terminal,
    timestamps: { ...ts },
    maxParallelism: Math.max(...graph.vertices.map((v) => v.maxParallelism)),
    vertices,
    plan: jsonPlan(graph) as unknown as JobPlan,
    jobType: 'STREAMING',
    checkpoints: archiveCheckpointing(master),
    failure:
      failure === undefined
        ? undefined
        : {
            name: failure.name,
            message: failure.message,
            stack: failure.stack,
            taskName: failure.taskName,
            timestamp: terminal,
          },
  };
}

/**
 * The job's checkpoint configuration and statistics. The JobMaster stays in the Dispatcher after the job ended, and
 * its coordinator keeps its tracker after shutdown, so finished jobs still answer /jobs/:jobid/checkpoints.
 */
function archiveCheckpointing(master: JobMaster): ArchivedCheckpointing | undefined {
  const coordinator = master.checkpointing.coordinator;
  if (coordinator === undefined) return undefined;
  return { config: master.checkpointing.config, stats: coordinator.stats.snapshot() };
}
