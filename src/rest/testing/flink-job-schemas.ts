// Schemas of the job endpoints (/jobs, /jobs/overview, /jobs/:jobid, /plan, /exceptions, metrics), from Flink's
// OpenAPI spec (rest_v1_dispatcher.yml, components.schemas) as flink-rest-schemas.ts describes. Merged into
// FLINK_REST_SCHEMAS.
import type { OpenApiSchema } from './schema-check.js';

export const FLINK_JOB_SCHEMAS: Readonly<Record<string, OpenApiSchema>> = {
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
};
