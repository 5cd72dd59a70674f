// REST: Flink's REST API on node:http — Flink's paths, JSON field names and error bodies — served by the Dispatcher
// through the RestGateway seam.

export {
  type CheckpointConfigInfoBody,
  type CheckpointingStatisticsBody,
  type CheckpointStatisticsBody,
  checkpointConfigInfo,
  checkpointingStatistics,
  checkpointStatistics,
} from './checkpoint-statistics-info.js';
export {
  type ConfigurationInfoEntry,
  configurationInfo,
  HIDDEN_CONTENT,
  isSensitiveKey,
} from './configuration-info.js';
export { clusterOverview, DEFAULT_REFRESH_INTERVAL_MS, dashboardConfiguration } from './dashboard-configuration.js';
export { type MultipartRequest, plainFileName, receiveMultipart, type UploadedFile } from './file-upload.js';
export { JAR_ID, JarStore, type StoredJar } from './jar-store.js';
export { ioMetricsInfo, jobDetails, jobDetailsInfo, jobDuration, vertexDuration } from './job-details-info.js';
export { DEFAULT_MAX_EXCEPTIONS, type ExceptionQuery, jobExceptionsInfo } from './job-exceptions-info.js';
export { createJobSubmission, type JobSubmission, type JobSubmissionOptions } from './job-submission.js';
export {
  type JobVertexDetailsBody,
  jobVertexDetails,
  type SubtaskExecutionAttemptDetailsBody,
  statusDuration,
  subtaskAttemptDetails,
} from './job-vertex-info.js';
export {
  boundaryOf,
  MultipartError,
  type MultipartLimits,
  MultipartParser,
  type PartHeaders,
} from './multipart-parser.js';
export { type ErrorResponseBody, RestError } from './rest-error.js';
export type { ClusterOverviewInfo, MaybePromise, RestGateway, TaskManagerDescription } from './rest-gateway.js';
export { createRestRouter, type RequestContext, type RestHandler, RestReply } from './rest-handlers.js';
export type * from './rest-messages.js';
export { type RestServer, type RestServerOptions, startRestServer } from './rest-server.js';
export { type HttpMethod, type ParsedTarget, type RouteMatch, Router, splitPath } from './router.js';
export { savepointLocation } from './savepoint-handlers.js';
export { SavepointOperations, type SavepointStatusBody } from './savepoint-operations.js';
export * from './subtask-metrics-info.js';
export * from './task-managers-info.js';
export { FLINK_COMPATIBLE_VERSION, WEIR_REVISION, WEIR_VERSION } from './version.js';
