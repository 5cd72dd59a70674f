// The exactly-once FileSink (Flink's FileSink, row formats): buckets, rolling policies, part-file naming, and the
// writer, committer and state that make its output appear once per record across failures.

export type { BucketAssigner, BucketAssignerContext } from './bucket-assigner.js';
export { BasePathBucketAssigner } from './bucket-assigner.js';
export { DateTimeBucketAssigner, DEFAULT_DATE_TIME_FORMAT } from './date-time-bucket-assigner.js';
export type { Encoder } from './encoder.js';
export { SimpleStringEncoder } from './encoder.js';
export { FileCommitter } from './file-committer.js';
export { DEFAULT_BUCKET_CHECK_INTERVAL_MS, FileSink, RowFormatBuilder } from './file-sink.js';
export type { FileSinkCommittable, FileWriterBucketState } from './file-sink-state.js';
export type { FileSinkSettings } from './file-writer.js';
export { FileWriter, MAX_BUFFERED_BYTES } from './file-writer.js';
export type { OutputFileConfig } from './output-file-config.js';
export { DEFAULT_OUTPUT_FILE_CONFIG, isInProgressFileName, partFileName } from './output-file-config.js';
export type { PartFileInfo, RollingPolicy } from './rolling-policy.js';
export {
  DEFAULT_INACTIVITY_INTERVAL_MS,
  DEFAULT_MAX_PART_SIZE,
  DEFAULT_ROLLOVER_INTERVAL_MS,
  DefaultRollingPolicy,
  DefaultRollingPolicyBuilder,
  OnCheckpointRollingPolicy,
} from './rolling-policy.js';
