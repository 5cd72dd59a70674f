// Response schemas of the endpoints REST serves, translated from Flink's OpenAPI spec
// (docs/static/generated/rest_v1_dispatcher.yml, info.version v1/2.3-SNAPSHOT; /work/shared/reference/flink-rest-api/)
// by reading its components.schemas and following $ref from each served response. Data only: keep it in step with
// the spec when endpoints are added; schema-check.ts validates responses against it.
import { FLINK_CHECKPOINT_RESPONSE_SCHEMAS, FLINK_CHECKPOINT_SCHEMAS } from './flink-checkpoint-schemas.js';
import { FLINK_DETAIL_SCHEMAS } from './flink-detail-schemas.js';
import { FLINK_JAR_RESPONSE_SCHEMAS, FLINK_JAR_SCHEMAS } from './flink-jar-schemas.js';
import { FLINK_JOB_SCHEMAS } from './flink-job-schemas.js';
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
  ...FLINK_JOB_SCHEMAS,
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
  ...FLINK_DETAIL_SCHEMAS,
  ...FLINK_CHECKPOINT_SCHEMAS,
  ...FLINK_JAR_SCHEMAS,
};
