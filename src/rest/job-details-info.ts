// Builds Flink's job JSON (JobDetailsInfo, JobDetails, IOMetricsInfo) from an ArchivedJob, the way Flink's
// JobDetailsHandler and JobDetails.createDetailsForJob compute it. Pure: `now` comes from the caller.
import {
  type ArchivedJob,
  type ArchivedSubtask,
  type ArchivedVertex,
  countTasksPerState,
  EXECUTION_STATES,
  JOB_STATUSES,
  type SubtaskIOMetrics,
} from '../runtime/jobmanager/job-details.js';
import type {
  IOMetricsInfoBody,
  JobDetailsBody,
  JobDetailsInfoBody,
  JobVertexDetailsInfoBody,
  TaskCountsBody,
} from './rest-messages.js';

/** GET /jobs/:jobid. */
export function jobDetailsInfo(job: ArchivedJob, now: number): JobDetailsInfoBody {
  const vertices = job.vertices.map((v) => jobVertexDetailsInfo(v, now));
  const statusCounts = countTasksPerState(vertices.map((v) => ({ state: v.status })));
  const timestamps = Object.fromEntries(JOB_STATUSES.map((s) => [s, job.timestamps[s] ?? 0]));
  return {
    jid: job.jobId,
    name: job.name,
    isStoppable: false,
    state: job.state,
    'job-type': job.jobType ?? 'STREAMING',
    schedulerType: 'Default',
    'start-time': job.startTime,
    'end-time': job.endTime,
    duration: jobDuration(job, now),
    maxParallelism: job.maxParallelism,
    now,
    timestamps: timestamps as JobDetailsInfoBody['timestamps'],
    vertices,
    'status-counts': statusCounts,
    plan: job.plan,
    'pending-operators': 0,
  };
}

export function jobVertexDetailsInfo(vertex: ArchivedVertex, now: number): JobVertexDetailsInfoBody {
  return {
    id: vertex.id,
    name: vertex.name,
    maxParallelism: vertex.maxParallelism,
    parallelism: vertex.parallelism,
    status: vertex.state,
    'start-time': vertex.startTime,
    'end-time': vertex.endTime,
    duration: vertexDuration(vertex, now),
    tasks: countTasksPerState(vertex.subtasks),
    metrics: ioMetricsInfo(vertex.subtasks),
  };
}

/** One entry of GET /jobs/overview. */
export function jobDetails(job: ArchivedJob, now: number): JobDetailsBody {
  let lastModified = 0;
  let total = 0;
  const all: ArchivedSubtask[] = [];
  for (const vertex of job.vertices) {
    for (const subtask of vertex.subtasks) {
      all.push(subtask);
      total++;
      lastModified = Math.max(lastModified, subtask.stateTimestamp ?? Math.max(subtask.startTime, subtask.endTime));
    }
  }
  const counts = countTasksPerState(all);
  const tasks: Record<string, number> = { total };
  for (const state of EXECUTION_STATES) tasks[state.toLowerCase()] = counts[state];
  return {
    jid: job.jobId,
    name: job.name,
    'start-time': job.startTime,
    'end-time': job.endTime,
    duration: jobDuration(job, now),
    state: job.state,
    'last-modification': Math.max(lastModified, job.endTime),
    tasks: tasks as TaskCountsBody,
    jobType: job.jobType ?? 'STREAMING',
    schedulerType: 'Default',
    'pending-operators': 0,
  };
}

/** As Flink: from submission to the end, or to now while running. */
export function jobDuration(job: ArchivedJob, now: number): number {
  return (job.endTime > 0 ? job.endTime : now) - job.startTime;
}

/** As Flink: -1 before any subtask started; to now while not all subtasks are terminal. */
export function vertexDuration(vertex: ArchivedVertex, now: number): number {
  if (vertex.startTime < 0) return -1;
  return (vertex.endTime >= 0 ? vertex.endTime : now) - vertex.startTime;
}

type CountField = 'numBytesIn' | 'numBytesOut' | 'numRecordsIn' | 'numRecordsOut';

/**
 * Sums the subtasks' IO counters (Flink's MutableIOMetrics). A counter is "complete" only when every subtask has
 * reported it; accumulated times skip subtasks that have not reported them.
 */
export function ioMetricsInfo(subtasks: readonly ArchivedSubtask[]): IOMetricsInfoBody {
  const sum = (field: CountField): [number, boolean] => {
    let total = 0;
    let complete = true;
    for (const s of subtasks) {
      const v = s.metrics[field];
      if (v === undefined || Number.isNaN(v)) complete = false;
      else total += v;
    }
    return [total, complete];
  };
  const acc = (field: keyof SubtaskIOMetrics): number => {
    let total = 0;
    for (const s of subtasks) {
      const v = s.metrics[field];
      if (v !== undefined && Number.isFinite(v)) total += v;
    }
    return total;
  };
  const [readBytes, readBytesComplete] = sum('numBytesIn');
  const [writeBytes, writeBytesComplete] = sum('numBytesOut');
  const [readRecords, readRecordsComplete] = sum('numRecordsIn');
  const [writeRecords, writeRecordsComplete] = sum('numRecordsOut');
  return {
    'read-bytes': readBytes,
    'read-bytes-complete': readBytesComplete,
    'write-bytes': writeBytes,
    'write-bytes-complete': writeBytesComplete,
    'read-records': readRecords,
    'read-records-complete': readRecordsComplete,
    'write-records': writeRecords,
    'write-records-complete': writeRecordsComplete,
    'accumulated-backpressured-time': Math.round(acc('accumulatedBackPressuredTimeMs')),
    'accumulated-idle-time': Math.round(acc('accumulatedIdleTimeMs')),
    'accumulated-busy-time': acc('accumulatedBusyTimeMs'),
  };
}
