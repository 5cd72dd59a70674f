// Schemas of the vertex and TaskManager detail endpoints (/jobs/:jobid/vertices/:vertexid and below, /taskmanagers),
// from Flink's OpenAPI spec (rest_v1_dispatcher.yml, components.schemas) as flink-rest-schemas.ts describes.
// Merged into FLINK_REST_SCHEMAS.
import type { OpenApiSchema } from './schema-check.js';

export const FLINK_DETAIL_SCHEMAS: Readonly<Record<string, OpenApiSchema>> = {
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
};
