// Checkpointing: configuration, trigger decisions and failure tolerance (the coordinator's pure logic), checkpoint
// storage (directories, atomic _metadata, retention, savepoint compatibility); the coordinator itself and the state
// file codec are imported from their modules by the JobMaster and the tasks.
export {
  CHECKPOINT_FALLBACK_KEYS,
  CHECKPOINT_KEYS,
  type CheckpointConfig,
  type CheckpointingConsistencyMode,
  MINIMAL_CHECKPOINT_TIME_MS,
  parseCheckpointConfig,
} from './checkpoint-config.js';
export {
  CheckpointFailureCounter,
  type CheckpointFailureReason,
  type CheckpointFailureVerdict,
  isCountedFailure,
  UNKNOWN_CHECKPOINT_ID,
} from './checkpoint-failure-counter.js';
export {
  type CheckpointKind,
  type CheckpointMetadata,
  CorruptMetadataError,
  decodeMetadata,
  encodeMetadata,
  METADATA_FORMAT_VERSION,
  type OperatorStateMetadata,
  type SavepointMetadata,
  type StateSchema,
  type SubtaskStateHandle,
} from './checkpoint-metadata.js';
export {
  baseIntervalMs,
  type CheckpointHistory,
  type CheckpointTiming,
  checkpointDeadlineMs,
  decidePeriodicTrigger,
  decideTrigger,
  expiredCheckpoints,
  initialTriggerDelayMs,
  type TriggerDecision,
  type TriggerRequestKind,
} from './checkpoint-scheduler.js';
export type { CheckpointStorage, CheckpointStorageLocation } from './checkpoint-storage.js';
export {
  CHECKPOINT_STORAGE_KEYS,
  type CheckpointStorageOptions,
  type ExternalizedCheckpointRetention,
  readCheckpointStorageOptions,
} from './checkpoint-storage-options.js';
export {
  type CompletedCheckpoint,
  CompletedCheckpointStore,
  discardsOnShutdown,
  subsume,
  type TerminalJobStatus,
} from './completed-checkpoint-store.js';
export { ConfigReader, parseDurationMillis } from './config-reader.js';
export {
  CHECKPOINT_DIR_PREFIX,
  FileSystemCheckpointStorage,
  type FileSystemCheckpointStorageOptions,
  METADATA_FILE_NAME,
  resolveStoragePath,
  SHARED_STATE_DIR,
  TASK_OWNED_STATE_DIR,
} from './file-system-checkpoint-storage.js';
export {
  type CompatibilityOptions,
  type CompatibilityResult,
  checkCompatibility,
  type JobOperatorState,
} from './savepoint-compatibility.js';
