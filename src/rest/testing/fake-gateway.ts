// A RestGateway over fixed data, and a sample ArchivedJob, for REST tests (and anyone who needs a gateway stub).

import type { ArchivedJob, ArchivedSubtask, ExecutionState } from '../../runtime/jobmanager/job-details.js';
import { summarizeVertex } from '../../runtime/jobmanager/job-details.js';
import type { ClusterOverviewInfo, RestGateway, TaskManagerDescription } from '../rest-gateway.js';

export interface FakeGatewayData {
  readonly jobs?: readonly ArchivedJob[];
  readonly overview?: ClusterOverviewInfo;
  readonly config?: Readonly<Record<string, string>>;
  readonly taskManagers?: readonly TaskManagerDescription[];
  /** Called with the job id of each cancelJob (the fake does not change the job). */
  readonly onCancel?: (jobId: string) => void;
  /** Answers triggerSavepoint and stopWithSavepoint (default: a location under the target directory). */
  readonly onSavepoint?: (jobId: string, targetDirectory: string | undefined, stop: boolean) => Promise<string>;
  /** Make every call reject with this error (to test 500 answers). */
  readonly failWith?: Error;
  /** Answer asynchronously, as a gateway over RPC would. */
  readonly async?: boolean;
}

export function createFakeGateway(data: FakeGatewayData = {}): RestGateway {
  const jobs = data.jobs ?? [];
  const answer = <T>(value: T): T | Promise<T> => {
    if (data.failWith !== undefined) return Promise.reject(data.failWith);
    return data.async ? Promise.resolve(value) : value;
  };
  const savepoint = (jobId: string, dir: string | undefined, stop: boolean): Promise<string> => {
    if (data.failWith !== undefined) return Promise.reject(data.failWith);
    if (data.onSavepoint !== undefined) return data.onSavepoint(jobId, dir, stop);
    return Promise.resolve(`file:${dir ?? '/tmp/savepoints'}/savepoint-${jobId.slice(0, 6)}-000000000001`);
  };
  return {
    clusterOverview: () => answer(data.overview ?? { taskManagers: 1, slotsTotal: 4, slotsAvailable: 2 }),
    listJobs: () => answer(jobs),
    getJob: (jobId) => answer(jobs.find((j) => j.jobId === jobId)),
    clusterConfig: () => answer(data.config ?? {}),
    taskManagers: () => answer(data.taskManagers ?? [SAMPLE_TASK_MANAGER]),
    cancelJob: (jobId) => {
      data.onCancel?.(jobId);
      return answer(undefined);
    },
    triggerSavepoint: (jobId, dir) => savepoint(jobId, dir, false),
    stopWithSavepoint: (jobId, dir) => savepoint(jobId, dir, true),
  };
}

export const SAMPLE_TASK_MANAGER: TaskManagerDescription = {
  id: 'tm-1',
  address: 'taskmanager-tm-1',
  host: 'localhost',
  slotsTotal: 4,
  slotsFree: 2,
  lastHeartbeat: 9_500,
};

export const SAMPLE_JOB_ID = '7684be6ba0e4b8a3f7e3a1c9d2b5f001';
export const SAMPLE_SOURCE_ID = 'bc764cd8ddf7a0cff126f51c16239658';
export const SAMPLE_SINK_ID = '0a448493b4782967b150582570326227';

function subtask(
  index: number,
  state: ExecutionState,
  start: number,
  metrics: ArchivedSubtask['metrics'],
  taskMetrics?: Readonly<Record<string, number>>,
) {
  const terminal = state === 'FINISHED' || state === 'CANCELED' || state === 'FAILED';
  const endTime = terminal ? start + 500 : -1;
  const stateTimestamps: Partial<Record<ExecutionState, number>> = { CREATED: start - 20, SCHEDULED: start - 10 };
  if (state !== 'CREATED' && state !== 'SCHEDULED') stateTimestamps.DEPLOYING = start;
  if (state === 'RUNNING' || terminal) stateTimestamps.RUNNING = start + 100;
  if (terminal) stateTimestamps[state] = endTime;
  return {
    taskMetrics,
    stateTimestamps,
    index,
    state,
    attempt: 0,
    host: 'localhost',
    taskManagerId: 'tm-1',
    startTime: start,
    endTime,
    stateTimestamp: terminal ? endTime : start + 100,
    metrics,
  } satisfies ArchivedSubtask;
}

/** What the sample source's two subtasks last reported (task-metrics.ts names); the sink has reported none. */
export const SAMPLE_SOURCE_TASK_METRICS: readonly Readonly<Record<string, number>>[] = [
  {
    numRecordsIn: 0,
    numRecordsOut: 50,
    backPressuredTimeMsPerSecond: 600,
    idleTimeMsPerSecond: 100,
    busyTimeMsPerSecond: 300,
    currentInputWatermark: Number.NEGATIVE_INFINITY,
  },
  {
    numRecordsIn: 0,
    numRecordsOut: 70,
    backPressuredTimeMsPerSecond: 50,
    idleTimeMsPerSecond: 950,
    busyTimeMsPerSecond: 0,
  },
];

/** A running two-vertex job: source (2 subtasks, one finished) → sink (2 subtasks, one not reporting yet). */
export function sampleJob(overrides: Partial<ArchivedJob> = {}): ArchivedJob {
  const sourceSubtasks = [
    subtask(
      0,
      'RUNNING',
      1_000,
      { numRecordsIn: 0, numRecordsOut: 50, numBytesIn: 0, numBytesOut: 4000 },
      SAMPLE_SOURCE_TASK_METRICS[0],
    ),
    subtask(
      1,
      'FINISHED',
      1_010,
      { numRecordsIn: 0, numRecordsOut: 70, numBytesIn: 0, numBytesOut: 5600 },
      SAMPLE_SOURCE_TASK_METRICS[1],
    ),
  ];
  const sinkSubtasks = [
    subtask(0, 'RUNNING', 1_020, {
      numRecordsIn: 120,
      numRecordsOut: 0,
      numBytesIn: 9600,
      numBytesOut: 0,
      accumulatedBusyTimeMs: 12.5,
      accumulatedIdleTimeMs: 300,
      accumulatedBackPressuredTimeMs: 7,
    }),
    subtask(1, 'DEPLOYING', 1_030, {}),
  ];
  const vertex = (id: string, name: string, subtasks: ArchivedSubtask[]) => ({
    id,
    name,
    parallelism: 2,
    maxParallelism: 128,
    ...summarizeVertex(subtasks),
    subtasks,
  });
  return {
    jobId: SAMPLE_JOB_ID,
    name: 'hot-items',
    state: 'RUNNING',
    startTime: 900,
    endTime: -1,
    timestamps: { INITIALIZING: 900, CREATED: 950, RUNNING: 990 },
    maxParallelism: -1,
    vertices: [
      vertex(SAMPLE_SOURCE_ID, 'Source: bids -> Map', sourceSubtasks),
      vertex(SAMPLE_SINK_ID, 'Sink: print', sinkSubtasks),
    ],
    plan: {
      jid: SAMPLE_JOB_ID,
      name: 'hot-items',
      type: 'STREAMING',
      nodes: [
        {
          id: SAMPLE_SOURCE_ID,
          parallelism: 2,
          operator: '',
          operator_strategy: '',
          description: 'Source: bids -> Map',
        },
        {
          id: SAMPLE_SINK_ID,
          parallelism: 2,
          operator: '',
          operator_strategy: '',
          description: 'Sink: print',
          inputs: [{ num: 0, id: SAMPLE_SOURCE_ID, ship_strategy: 'REBALANCE', exchange: 'pipelined_bounded' }],
        },
      ],
    },
    ...overrides,
  };
}
