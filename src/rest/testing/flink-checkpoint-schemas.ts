// The checkpoint and savepoint schemas of Flink's REST spec (rest_v1_dispatcher.yml, v1/2.3-SNAPSHOT), translated
// for schema-check.ts. Two deliberate differences, each where Flink's serializers write something the generated
// spec does not say: (1) the CheckpointStatistics subtypes are flattened (the spec's allOf + discriminator cannot be
// checked with closed objects part by part); (2) "(as serialized)" entries follow Flink's serializers: ProcessingMode
// is written lower-case, SerializedThrowable as { class, stack-trace, serialized-throwable }, and
// AsynchronousOperationResult's oneOf is resolved to SavepointInfo. Jackson writes absent members as null: tests
// strip nulls (withoutNulls) before checking.
import type { OpenApiSchema } from './schema-check.js';

const int64: OpenApiSchema = { type: 'integer', format: 'int64' };
const int32: OpenApiSchema = { type: 'integer', format: 'int32' };
const double: OpenApiSchema = { type: 'number', format: 'double' };
const ref = (name: string): OpenApiSchema => ({ $ref: `#/components/schemas/${name}` });

const CHECKPOINT_STATISTICS_PROPERTIES: Readonly<Record<string, OpenApiSchema>> = {
  alignment_buffered: int64,
  checkpoint_type: ref('RestAPICheckpointType'),
  checkpointed_size: int64,
  className: { type: 'string' },
  end_to_end_duration: int64,
  id: int64,
  is_savepoint: { type: 'boolean' },
  latest_ack_timestamp: int64,
  num_acknowledged_subtasks: int32,
  num_subtasks: int32,
  persisted_data: int64,
  processed_data: int64,
  savepointFormat: { type: 'string' },
  state_size: int64,
  status: ref('CheckpointStatsStatus'),
  tasks: { type: 'object', additionalProperties: ref('TaskCheckpointStatistics') },
  trigger_timestamp: int64,
};

export const FLINK_CHECKPOINT_SCHEMAS: Readonly<Record<string, OpenApiSchema>> = {
  CheckpointingStatistics: {
    type: 'object',
    properties: {
      counts: ref('Counts'),
      history: { type: 'array', items: ref('CheckpointStatistics (any subtype, flattened)') },
      latest: ref('LatestCheckpoints'),
      summary: ref('CheckpointStatisticsSummary'),
    },
  },
  Counts: {
    type: 'object',
    properties: { completed: int64, failed: int64, in_progress: int32, restored: int64, total: int64 },
  },
  CheckpointStatisticsSummary: {
    type: 'object',
    properties: {
      alignment_buffered: ref('StatsSummaryDto'),
      checkpointed_size: ref('StatsSummaryDto'),
      end_to_end_duration: ref('StatsSummaryDto'),
      persisted_data: ref('StatsSummaryDto'),
      processed_data: ref('StatsSummaryDto'),
      state_size: ref('StatsSummaryDto'),
    },
  },
  StatsSummaryDto: {
    type: 'object',
    properties: {
      avg: int64,
      max: int64,
      min: int64,
      p50: double,
      p90: double,
      p95: double,
      p99: double,
      p999: double,
    },
  },
  LatestCheckpoints: {
    type: 'object',
    properties: {
      completed: ref('CompletedCheckpointStatistics'),
      failed: ref('FailedCheckpointStatistics'),
      restored: ref('RestoredCheckpointStatistics'),
      savepoint: ref('CompletedCheckpointStatistics'),
    },
  },
  RestoredCheckpointStatistics: {
    type: 'object',
    properties: {
      external_path: { type: 'string' },
      id: int64,
      is_savepoint: { type: 'boolean' },
      restore_timestamp: int64,
    },
  },
  CheckpointStatistics: { type: 'object', required: ['className'], properties: CHECKPOINT_STATISTICS_PROPERTIES },
  CompletedCheckpointStatistics: {
    type: 'object',
    required: ['className'],
    properties: {
      ...CHECKPOINT_STATISTICS_PROPERTIES,
      external_path: { type: 'string' },
      discarded: { type: 'boolean' },
    },
  },
  FailedCheckpointStatistics: {
    type: 'object',
    required: ['className'],
    properties: { ...CHECKPOINT_STATISTICS_PROPERTIES, failure_timestamp: int64, failure_message: { type: 'string' } },
  },
  PendingCheckpointStatistics: {
    type: 'object',
    required: ['className'],
    properties: CHECKPOINT_STATISTICS_PROPERTIES,
  },
  // Any of the three: the union of their members (tests check className against the status separately).
  'CheckpointStatistics (any subtype, flattened)': {
    type: 'object',
    required: ['className'],
    properties: {
      ...CHECKPOINT_STATISTICS_PROPERTIES,
      external_path: { type: 'string' },
      discarded: { type: 'boolean' },
      failure_timestamp: int64,
      failure_message: { type: 'string' },
    },
  },
  CheckpointStatsStatus: { type: 'string', enum: ['IN_PROGRESS', 'COMPLETED', 'FAILED'] },
  RestAPICheckpointType: {
    type: 'string',
    enum: ['CHECKPOINT', 'UNALIGNED_CHECKPOINT', 'SAVEPOINT', 'SYNC_SAVEPOINT'],
  },
  TaskCheckpointStatistics: {
    type: 'object',
    properties: {
      alignment_buffered: int64,
      checkpointed_size: int64,
      end_to_end_duration: int64,
      id: int64,
      latest_ack_timestamp: int64,
      num_acknowledged_subtasks: int32,
      num_subtasks: int32,
      persisted_data: int64,
      processed_data: int64,
      state_size: int64,
      status: ref('CheckpointStatsStatus'),
    },
  },
  'CheckpointConfigInfo (as serialized)': {
    type: 'object',
    properties: {
      aligned_checkpoint_timeout: int64,
      changelog_periodic_materialization_interval: int64,
      changelog_storage: { type: 'string' },
      checkpoint_storage: { type: 'string' },
      checkpoints_after_tasks_finish: { type: 'boolean' },
      externalization: ref('ExternalizedCheckpointInfo'),
      interval: int64,
      max_concurrent: int64,
      min_pause: int64,
      mode: { type: 'string', enum: ['at_least_once', 'exactly_once'] },
      state_backend: { type: 'string' },
      state_changelog_enabled: { type: 'boolean' },
      timeout: int64,
      tolerable_failed_checkpoints: int32,
      unaligned_checkpoints: { type: 'boolean' },
    },
  },
  ExternalizedCheckpointInfo: {
    type: 'object',
    properties: { delete_on_cancellation: { type: 'boolean' }, enabled: { type: 'boolean' } },
  },
  TriggerResponse: { type: 'object', properties: { 'request-id': ref('TriggerId') } },
  TriggerId: { type: 'string', pattern: '[0-9a-f]{32}' },
  'AsynchronousOperationResult (as serialized)': {
    type: 'object',
    properties: { operation: ref('SavepointInfo (as serialized)'), status: ref('QueueStatus') },
  },
  QueueStatus: { type: 'object', required: ['id'], properties: { id: ref('Id') } },
  Id: { type: 'string', enum: ['IN_PROGRESS', 'COMPLETED'] },
  'SavepointInfo (as serialized)': {
    type: 'object',
    properties: { 'failure-cause': ref('SerializedThrowable (as serialized)'), location: { type: 'string' } },
  },
  'SerializedThrowable (as serialized)': {
    type: 'object',
    properties: {
      class: { type: 'string' },
      'stack-trace': { type: 'string' },
      'serialized-throwable': { type: 'string', format: 'binary' },
    },
  },
};

/** Spec path → schema name, for the checkpoint and savepoint endpoints (merged into FLINK_REST_RESPONSE_SCHEMAS). */
export const FLINK_CHECKPOINT_RESPONSE_SCHEMAS: Readonly<Record<string, string>> = {
  '/jobs/{jobid}/checkpoints': 'CheckpointingStatistics',
  '/jobs/{jobid}/checkpoints/config': 'CheckpointConfigInfo (as serialized)',
  '/jobs/{jobid}/checkpoints/details/{checkpointid}': 'CheckpointStatistics (any subtype, flattened)',
  '/jobs/{jobid}/savepoints/{triggerid}': 'AsynchronousOperationResult (as serialized)',
  'POST /jobs/{jobid}/savepoints': 'TriggerResponse',
  'POST /jobs/{jobid}/stop': 'TriggerResponse',
};
