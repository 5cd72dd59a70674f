// Response schemas of the endpoints REST serves, translated from Flink's OpenAPI spec
// (docs/static/generated/rest_v1_dispatcher.yml, info.version v1/2.3-SNAPSHOT; /work/shared/reference/flink-rest-api/)
// by reading its components.schemas and following $ref from each served response. Data only: keep it in step with
// the spec when endpoints are added; schema-check.ts validates responses against it.
import { FLINK_CHECKPOINT_RESPONSE_SCHEMAS, FLINK_CHECKPOINT_SCHEMAS } from './flink-checkpoint-schemas.js';
import { FLINK_JAR_RESPONSE_SCHEMAS, FLINK_JAR_SCHEMAS } from './flink-jar-schemas.js';
import type { OpenApiSchema } from './schema-check.js';

export const FLINK_REST_SPEC_VERSION = 'v1/2.3-SNAPSHOT';

/** GET path (as the spec writes it) → the schema of its 200 response. */
export const FLINK_REST_RESPONSE_SCHEMAS: Readonly<Record<string, string>> = {
  '/config': 'DashboardConfiguration',
  '/overview': 'ClusterOverviewWithVersion',
  '/jobs': 'JobIdsWithStatusOverview',
  '/jobs/overview': 'MultipleJobsDetails',
  '/jobs/{jobid}': 'JobDetailsInfo',
  '/jobs/{jobid}/plan': 'JobPlanInfo',
  '/jobs/{jobid}/exceptions': 'JobExceptionsInfoWithHistory',
  // The spec names MetricCollectionResponseBody ({ metrics: [...] }), but Flink's serializer for it writes the list
  // bare (what the web UI reads): checked as an array of Metric.
  '/jobs/{jobid}/vertices/{vertexid}/watermarks': 'MetricCollectionResponseBody (as serialized)',
  '/jobs/{jobid}/vertices/{vertexid}': 'JobVertexDetailsInfo',
  '/jobs/{jobid}/vertices/{vertexid}/subtasks/metrics': 'AggregatedMetricsResponseBody (as serialized)',
  '/jobs/{jobid}/vertices/{vertexid}/backpressure': 'JobVertexBackPressureInfo',
  '/jobmanager/config': 'ConfigurationInfo',
  '/taskmanagers': 'TaskManagersInfo',
  '/taskmanagers/{taskmanagerid}': 'TaskManagerDetailsInfo',
  ...FLINK_CHECKPOINT_RESPONSE_SCHEMAS,
  ...FLINK_JAR_RESPONSE_SCHEMAS,
};

export const FLINK_REST_SCHEMAS: Readonly<Record<string, OpenApiSchema>> = {
  ApplicationID: {
    type: 'object',
    properties: {
      bytes: {
        type: 'string',
        format: 'byte',
      },
      lowerPart: {
        type: 'integer',
        format: 'int64',
      },
      upperPart: {
        type: 'integer',
        format: 'int64',
      },
    },
  },
  ClusterOverviewWithVersion: {
    type: 'object',
    properties: {
      'flink-commit': {
        type: 'string',
      },
      'flink-version': {
        type: 'string',
      },
      'jobs-cancelled': {
        type: 'integer',
        format: 'int32',
      },
      'jobs-failed': {
        type: 'integer',
        format: 'int32',
      },
      'jobs-finished': {
        type: 'integer',
        format: 'int32',
      },
      'jobs-running': {
        type: 'integer',
        format: 'int32',
      },
      'slots-available': {
        type: 'integer',
        format: 'int32',
      },
      'slots-free-and-blocked': {
        type: 'integer',
        format: 'int32',
      },
      'slots-total': {
        type: 'integer',
        format: 'int32',
      },
      taskmanagers: {
        type: 'integer',
        format: 'int32',
      },
      'taskmanagers-blocked': {
        type: 'integer',
        format: 'int32',
      },
    },
  },
  DashboardConfiguration: {
    type: 'object',
    properties: {
      features: {
        $ref: '#/components/schemas/Features',
      },
      'flink-revision': {
        type: 'string',
      },
      'flink-version': {
        type: 'string',
      },
      'refresh-interval': {
        type: 'integer',
        format: 'int64',
      },
      'timezone-name': {
        type: 'string',
      },
      'timezone-offset': {
        type: 'integer',
        format: 'int32',
      },
    },
  },
  ExceptionInfo: {
    type: 'object',
    properties: {
      endpoint: {
        type: 'string',
      },
      exceptionName: {
        type: 'string',
      },
      failureLabels: {
        type: 'object',
        additionalProperties: {
          type: 'string',
        },
      },
      stacktrace: {
        type: 'string',
      },
      taskManagerId: {
        type: 'string',
      },
      taskName: {
        type: 'string',
      },
      timestamp: {
        type: 'integer',
        format: 'int64',
      },
    },
  },
  ExecutionState: {
    type: 'string',
    enum: [
      'CREATED',
      'SCHEDULED',
      'DEPLOYING',
      'RUNNING',
      'FINISHED',
      'CANCELING',
      'CANCELED',
      'FAILED',
      'RECONCILING',
      'INITIALIZING',
    ],
  },
  Features: {
    type: 'object',
    properties: {
      'web-cancel': {
        type: 'boolean',
      },
      'web-history': {
        type: 'boolean',
      },
      'web-rescale': {
        type: 'boolean',
      },
      'web-submit': {
        type: 'boolean',
      },
    },
  },
  IOMetricsInfo: {
    type: 'object',
    properties: {
      'accumulated-backpressured-time': {
        type: 'integer',
        format: 'int64',
      },
      'accumulated-busy-time': {
        type: 'number',
        format: 'double',
      },
      'accumulated-idle-time': {
        type: 'integer',
        format: 'int64',
      },
      'read-bytes': {
        type: 'integer',
        format: 'int64',
      },
      'read-bytes-complete': {
        type: 'boolean',
      },
      'read-records': {
        type: 'integer',
        format: 'int64',
      },
      'read-records-complete': {
        type: 'boolean',
      },
      'write-bytes': {
        type: 'integer',
        format: 'int64',
      },
      'write-bytes-complete': {
        type: 'boolean',
      },
      'write-records': {
        type: 'integer',
        format: 'int64',
      },
      'write-records-complete': {
        type: 'boolean',
      },
    },
  },
  Input: {
    type: 'object',
    properties: {
      caching: {
        type: 'string',
      },
      exchange: {
        type: 'string',
      },
      id: {
        type: 'string',
      },
      local_strategy: {
        type: 'string',
      },
      num: {
        type: 'integer',
        format: 'int64',
      },
      ship_strategy: {
        type: 'string',
      },
    },
  },
  JobDetails: {
    type: 'object',
    properties: {
      duration: {
        type: 'integer',
        format: 'int64',
      },
      'end-time': {
        type: 'integer',
        format: 'int64',
      },
      jid: {
        $ref: '#/components/schemas/JobID',
      },
      jobType: {
        $ref: '#/components/schemas/JobType',
      },
      'last-modification': {
        type: 'integer',
        format: 'int64',
      },
      name: {
        type: 'string',
      },
      'pending-operators': {
        type: 'integer',
        format: 'int32',
      },
      schedulerType: {
        $ref: '#/components/schemas/SchedulerType',
      },
      'start-time': {
        type: 'integer',
        format: 'int64',
      },
      state: {
        $ref: '#/components/schemas/JobStatus',
      },
      tasks: {
        type: 'object',
        additionalProperties: {
          type: 'integer',
          format: 'int32',
        },
      },
    },
  },
  JobDetailsInfo: {
    type: 'object',
    properties: {
      'application-id': {
        $ref: '#/components/schemas/ApplicationID',
      },
      duration: {
        type: 'integer',
        format: 'int64',
      },
      'end-time': {
        type: 'integer',
        format: 'int64',
      },
      isStoppable: {
        type: 'boolean',
      },
      jid: {
        $ref: '#/components/schemas/JobID',
      },
      'job-type': {
        $ref: '#/components/schemas/JobType',
      },
      maxParallelism: {
        type: 'integer',
        format: 'int64',
      },
      name: {
        type: 'string',
      },
      now: {
        type: 'integer',
        format: 'int64',
      },
      'pending-operators': {
        type: 'integer',
        format: 'int32',
      },
      plan: {
        $ref: '#/components/schemas/Plan',
      },
      schedulerType: {
        $ref: '#/components/schemas/SchedulerType',
      },
      'start-time': {
        type: 'integer',
        format: 'int64',
      },
      state: {
        $ref: '#/components/schemas/JobStatus',
      },
      'status-counts': {
        type: 'object',
        additionalProperties: {
          type: 'integer',
          format: 'int32',
        },
      },
      'stream-graph': {
        $ref: '#/components/schemas/RawJson',
      },
      timestamps: {
        type: 'object',
        additionalProperties: {
          type: 'integer',
          format: 'int64',
        },
      },
      vertices: {
        type: 'array',
        items: {
          $ref: '#/components/schemas/JobDetailsVertexInfo',
        },
      },
    },
  },
  JobDetailsVertexInfo: {
    type: 'object',
    properties: {
      duration: {
        type: 'integer',
        format: 'int64',
      },
      'end-time': {
        type: 'integer',
        format: 'int64',
      },
      id: {
        $ref: '#/components/schemas/JobVertexID',
      },
      maxParallelism: {
        type: 'integer',
        format: 'int32',
      },
      metrics: {
        $ref: '#/components/schemas/IOMetricsInfo',
      },
      name: {
        type: 'string',
      },
      parallelism: {
        type: 'integer',
        format: 'int32',
      },
      slotSharingGroupId: {
        $ref: '#/components/schemas/SlotSharingGroupId',
      },
      'start-time': {
        type: 'integer',
        format: 'int64',
      },
      status: {
        $ref: '#/components/schemas/ExecutionState',
      },
      tasks: {
        type: 'object',
        additionalProperties: {
          type: 'integer',
          format: 'int32',
        },
      },
    },
  },
  JobExceptionHistory: {
    type: 'object',
    properties: {
      entries: {
        type: 'array',
        items: {
          $ref: '#/components/schemas/RootExceptionInfo',
        },
      },
      truncated: {
        type: 'boolean',
      },
    },
  },
  JobExceptionsInfoWithHistory: {
    type: 'object',
    properties: {
      exceptionHistory: {
        $ref: '#/components/schemas/JobExceptionHistory',
      },
    },
  },
  JobID: {
    pattern: '[0-9a-f]{32}',
    type: 'string',
  },
  JobIdWithStatus: {
    type: 'object',
    properties: {
      id: {
        $ref: '#/components/schemas/JobID',
      },
      status: {
        $ref: '#/components/schemas/JobStatus',
      },
    },
  },
  JobIdsWithStatusOverview: {
    type: 'object',
    properties: {
      jobs: {
        type: 'array',
        items: {
          $ref: '#/components/schemas/JobIdWithStatus',
        },
      },
    },
  },
  JobPlanInfo: {
    type: 'object',
    properties: {
      plan: {
        $ref: '#/components/schemas/Plan',
      },
    },
  },
  JobStatus: {
    type: 'string',
    enum: [
      'INITIALIZING',
      'CREATED',
      'RUNNING',
      'FAILING',
      'FAILED',
      'CANCELLING',
      'CANCELED',
      'FINISHED',
      'RESTARTING',
      'SUSPENDED',
      'RECONCILING',
    ],
  },
  JobType: {
    type: 'string',
    enum: ['BATCH', 'STREAMING'],
  },
  JobVertexID: {
    pattern: '[0-9a-f]{32}',
    type: 'string',
  },
  Metric: {
    required: ['id'],
    type: 'object',
    properties: {
      id: { type: 'string' },
      value: { type: 'string' },
    },
  },
  MetricCollectionResponseBody: {
    type: 'object',
    properties: {
      metrics: { type: 'array', items: { $ref: '#/components/schemas/Metric' } },
    },
  },
  'MetricCollectionResponseBody (as serialized)': {
    type: 'array',
    items: { $ref: '#/components/schemas/Metric' },
  },
  MultipleJobsDetails: {
    type: 'object',
    properties: {
      jobs: {
        type: 'array',
        items: {
          $ref: '#/components/schemas/JobDetails',
        },
      },
    },
  },
  Plan: {
    type: 'object',
    properties: {
      jid: {
        type: 'string',
      },
      name: {
        type: 'string',
      },
      nodes: {
        type: 'array',
        items: {
          $ref: '#/components/schemas/PlanNode',
        },
      },
      type: {
        type: 'string',
      },
    },
  },
  PlanNode: {
    type: 'object',
    properties: {
      description: {
        type: 'string',
      },
      id: {
        type: 'string',
      },
      inputs: {
        type: 'array',
        items: {
          $ref: '#/components/schemas/Input',
        },
      },
      operator: {
        type: 'string',
      },
      operator_strategy: {
        type: 'string',
      },
      optimizer_properties: {
        $ref: '#/components/schemas/RawJson',
      },
      parallelism: {
        type: 'integer',
        format: 'int64',
      },
    },
  },
  RawJson: {
    type: 'object',
  },
  RootExceptionInfo: {
    type: 'object',
    properties: {
      concurrentExceptions: {
        type: 'array',
        items: {
          $ref: '#/components/schemas/ExceptionInfo',
        },
      },
      endpoint: {
        type: 'string',
      },
      exceptionName: {
        type: 'string',
      },
      failureLabels: {
        type: 'object',
        additionalProperties: {
          type: 'string',
        },
      },
      stacktrace: {
        type: 'string',
      },
      taskManagerId: {
        type: 'string',
      },
      taskName: {
        type: 'string',
      },
      timestamp: {
        type: 'integer',
        format: 'int64',
      },
    },
  },
  SchedulerType: {
    type: 'string',
    enum: ['Default', 'Adaptive', 'AdaptiveBatch'],
  },
  SlotSharingGroupId: {
    type: 'object',
    properties: {
      bytes: {
        type: 'string',
        format: 'byte',
      },
      lowerPart: {
        type: 'integer',
        format: 'int64',
      },
      upperPart: {
        type: 'integer',
        format: 'int64',
      },
    },
  },
  AggregatedTaskDetailsInfo: {
    type: 'object',
    properties: {
      metrics: {
        type: 'object',
        additionalProperties: { type: 'object', additionalProperties: { type: 'integer', format: 'int64' } },
      },
      'status-duration': {
        type: 'object',
        additionalProperties: { type: 'object', additionalProperties: { type: 'integer', format: 'int64' } },
      },
    },
  },
  ConfigurationInfo: { type: 'array', items: { $ref: '#/components/schemas/ConfigurationInfoEntry' } },
  ConfigurationInfoEntry: { type: 'object', properties: { key: { type: 'string' }, value: { type: 'string' } } },
  GarbageCollectorInfo: {
    type: 'object',
    properties: {
      count: { type: 'integer', format: 'int64' },
      name: { type: 'string' },
      time: { type: 'integer', format: 'int64' },
    },
  },
  HardwareDescription: {
    type: 'object',
    properties: {
      cpuCores: { type: 'integer', format: 'int32' },
      freeMemory: { type: 'integer', format: 'int64' },
      managedMemory: { type: 'integer', format: 'int64' },
      physicalMemory: { type: 'integer', format: 'int64' },
    },
  },
  JobVertexBackPressureInfo: {
    type: 'object',
    properties: {
      backpressureLevel: { $ref: '#/components/schemas/VertexBackPressureLevel' },
      'end-timestamp': { type: 'integer', format: 'int64' },
      status: { $ref: '#/components/schemas/VertexBackPressureStatus' },
      subtasks: { type: 'array', items: { $ref: '#/components/schemas/SubtaskBackPressureInfo' } },
    },
  },
  JobVertexDetailsInfo: {
    type: 'object',
    properties: {
      aggregated: { $ref: '#/components/schemas/AggregatedTaskDetailsInfo' },
      id: { $ref: '#/components/schemas/JobVertexID' },
      maxParallelism: { type: 'integer', format: 'int32' },
      name: { type: 'string' },
      now: { type: 'integer', format: 'int64' },
      parallelism: { type: 'integer', format: 'int32' },
      subtasks: { type: 'array', items: { $ref: '#/components/schemas/SubtaskExecutionAttemptDetailsInfo' } },
    },
  },
  // The spec gives ResourceID the JobID pattern, but Flink's ResourceIDSerializer writes the resource id string
  // ("localhost:40123-9a1b2c", Weir's "3f2a1b-tm-0"): checked as a plain string.
  ResourceID: { type: 'string' },
  ResourceProfileInfo: {
    type: 'object',
    properties: {
      cpuCores: { type: 'number', format: 'double' },
      extendedResources: { type: 'object', additionalProperties: { type: 'number', format: 'double' } },
      managedMemory: { type: 'integer', format: 'int32' },
      networkMemory: { type: 'integer', format: 'int32' },
      taskHeapMemory: { type: 'integer', format: 'int32' },
      taskOffHeapMemory: { type: 'integer', format: 'int32' },
    },
  },
  SlotInfo: {
    type: 'object',
    properties: {
      assignedTasks: { type: 'integer', format: 'int32' },
      jobId: { $ref: '#/components/schemas/JobID' },
      resource: { $ref: '#/components/schemas/ResourceProfileInfo' },
    },
  },
  SubtaskBackPressureInfo: {
    type: 'object',
    properties: {
      'attempt-number': { type: 'integer', format: 'int32' },
      backpressureLevel: { $ref: '#/components/schemas/VertexBackPressureLevel' },
      busyRatio: { type: 'number', format: 'double' },
      idleRatio: { type: 'number', format: 'double' },
      'other-concurrent-attempts': { type: 'array', items: { $ref: '#/components/schemas/SubtaskBackPressureInfo' } },
      ratio: { type: 'number', format: 'double' },
      subtask: { type: 'integer', format: 'int32' },
    },
  },
  SubtaskExecutionAttemptDetailsInfo: {
    type: 'object',
    properties: {
      attempt: { type: 'integer', format: 'int32' },
      duration: { type: 'integer', format: 'int64' },
      'end-time': { type: 'integer', format: 'int64' },
      endpoint: { type: 'string' },
      metrics: { $ref: '#/components/schemas/IOMetricsInfo' },
      'other-concurrent-attempts': {
        type: 'array',
        items: { $ref: '#/components/schemas/SubtaskExecutionAttemptDetailsInfo' },
      },
      'start-time': { type: 'integer', format: 'int64' },
      status: { $ref: '#/components/schemas/ExecutionState' },
      'status-duration': { type: 'object', additionalProperties: { type: 'integer', format: 'int64' } },
      subtask: { type: 'integer', format: 'int32' },
      'taskmanager-id': { type: 'string' },
    },
  },
  TaskExecutorMemoryConfiguration: {
    type: 'object',
    properties: {
      frameworkHeap: { type: 'integer', format: 'int64' },
      frameworkOffHeap: { type: 'integer', format: 'int64' },
      jvmMetaspace: { type: 'integer', format: 'int64' },
      jvmOverhead: { type: 'integer', format: 'int64' },
      managedMemory: { type: 'integer', format: 'int64' },
      networkMemory: { type: 'integer', format: 'int64' },
      taskHeap: { type: 'integer', format: 'int64' },
      taskOffHeap: { type: 'integer', format: 'int64' },
      totalFlinkMemory: { type: 'integer', format: 'int64' },
      totalProcessMemory: { type: 'integer', format: 'int64' },
    },
  },
  TaskManagerDetailsInfo: {
    type: 'object',
    properties: {
      allocatedSlots: { type: 'array', items: { $ref: '#/components/schemas/SlotInfo' } },
      assignedTasks: { type: 'integer', format: 'int32' },
      blocked: { type: 'boolean' },
      dataPort: { type: 'integer', format: 'int32' },
      freeResource: { $ref: '#/components/schemas/ResourceProfileInfo' },
      freeSlots: { type: 'integer', format: 'int32' },
      hardware: { $ref: '#/components/schemas/HardwareDescription' },
      id: { $ref: '#/components/schemas/ResourceID' },
      jmxPort: { type: 'integer', format: 'int32' },
      memoryConfiguration: { $ref: '#/components/schemas/TaskExecutorMemoryConfiguration' },
      metrics: { $ref: '#/components/schemas/TaskManagerMetricsInfo' },
      path: { type: 'string' },
      slotsNumber: { type: 'integer', format: 'int32' },
      timeSinceLastHeartbeat: { type: 'integer', format: 'int64' },
      totalResource: { $ref: '#/components/schemas/ResourceProfileInfo' },
    },
  },
  TaskManagerInfo: {
    type: 'object',
    properties: {
      assignedTasks: { type: 'integer', format: 'int32' },
      blocked: { type: 'boolean' },
      dataPort: { type: 'integer', format: 'int32' },
      freeResource: { $ref: '#/components/schemas/ResourceProfileInfo' },
      freeSlots: { type: 'integer', format: 'int32' },
      hardware: { $ref: '#/components/schemas/HardwareDescription' },
      id: { $ref: '#/components/schemas/ResourceID' },
      jmxPort: { type: 'integer', format: 'int32' },
      memoryConfiguration: { $ref: '#/components/schemas/TaskExecutorMemoryConfiguration' },
      path: { type: 'string' },
      slotsNumber: { type: 'integer', format: 'int32' },
      timeSinceLastHeartbeat: { type: 'integer', format: 'int64' },
      totalResource: { $ref: '#/components/schemas/ResourceProfileInfo' },
    },
  },
  TaskManagerMetricsInfo: {
    type: 'object',
    properties: {
      directCount: { type: 'integer', format: 'int64' },
      directMax: { type: 'integer', format: 'int64' },
      directUsed: { type: 'integer', format: 'int64' },
      garbageCollectors: { type: 'array', items: { $ref: '#/components/schemas/GarbageCollectorInfo' } },
      heapCommitted: { type: 'integer', format: 'int64' },
      heapMax: { type: 'integer', format: 'int64' },
      heapUsed: { type: 'integer', format: 'int64' },
      mappedCount: { type: 'integer', format: 'int64' },
      mappedMax: { type: 'integer', format: 'int64' },
      mappedUsed: { type: 'integer', format: 'int64' },
      nettyShuffleMemoryAvailable: { type: 'integer', format: 'int64' },
      nettyShuffleMemorySegmentsAvailable: { type: 'integer', format: 'int64' },
      nettyShuffleMemorySegmentsTotal: { type: 'integer', format: 'int64' },
      nettyShuffleMemorySegmentsUsed: { type: 'integer', format: 'int64' },
      nettyShuffleMemoryTotal: { type: 'integer', format: 'int64' },
      nettyShuffleMemoryUsed: { type: 'integer', format: 'int64' },
      nonHeapCommitted: { type: 'integer', format: 'int64' },
      nonHeapMax: { type: 'integer', format: 'int64' },
      nonHeapUsed: { type: 'integer', format: 'int64' },
    },
  },
  TaskManagersInfo: {
    type: 'object',
    properties: { taskmanagers: { type: 'array', items: { $ref: '#/components/schemas/TaskManagerInfo' } } },
  },
  VertexBackPressureLevel: { type: 'string', enum: ['ok', 'low', 'high'] },
  VertexBackPressureStatus: { type: 'string', enum: ['deprecated', 'ok'] },
  // Not in the spec (it declares AggregatedMetricsResponseBody as a bare object): Flink's AggregatedMetric as its
  // serializer writes it, every aggregate optional (only the requested `agg` modes appear).
  AggregatedMetric: {
    type: 'object',
    required: ['id'],
    properties: {
      id: { type: 'string' },
      min: { type: 'number', format: 'double' },
      max: { type: 'number', format: 'double' },
      avg: { type: 'number', format: 'double' },
      sum: { type: 'number', format: 'double' },
      skew: { type: 'number', format: 'double' },
    },
  },
  // GET /jobs/{jobid}/vertices/{vertexid}/subtasks/metrics: the list of AggregatedMetric bare, as Flink writes it.
  'AggregatedMetricsResponseBody (as serialized)': {
    type: 'array',
    items: { $ref: '#/components/schemas/AggregatedMetric' },
  },
  ...FLINK_CHECKPOINT_SCHEMAS,
  ...FLINK_JAR_SCHEMAS,
};
