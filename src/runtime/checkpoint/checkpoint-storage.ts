// The seam between checkpointing and where its bytes live. FileSystemCheckpointStorage implements it for local or
// shared directories (file:// URIs and plain paths); object storage can implement it later without touching callers.
// Contract: every method is called from the JobMaster thread (locations, metadata, discarding) or from a task's
// thread (writeState / readState); none blocks the event loop, and a checkpoint is visible to `listCheckpoints` and
// restorable only after `finalizeCheckpoint` resolved.

import type { CheckpointKind, CheckpointMetadata, SharedStateFile, SubtaskStateHandle } from './checkpoint-metadata.js';

/** Where one checkpoint's or savepoint's files go: `chk-<n>/` below the job directory, or `savepoint-<…>/`. */
export interface CheckpointStorageLocation {
  readonly kind: CheckpointKind;
  readonly checkpointId: number;
  /** The checkpoint's directory as an absolute path; also what a user passes to restore from it. */
  readonly pointer: string;
}

export interface CheckpointStorage {
  /** Creates `chk-<checkpointId>/` for a checkpoint about to be triggered. */
  initializeLocation(checkpointId: number): Promise<CheckpointStorageLocation>;
  /** Creates a new, uniquely named savepoint directory below `targetDirectory` (or the configured default). */
  initializeSavepointLocation(checkpointId: number, targetDirectory?: string): Promise<CheckpointStorageLocation>;
  /** Writes one subtask's state bytes for `operatorId` into the location; the handle goes into the metadata. */
  writeState(
    location: CheckpointStorageLocation,
    operatorId: string,
    subtaskIndex: number,
    bytes: Uint8Array,
  ): Promise<SubtaskStateHandle>;
  /** Writes a file of an incremental checkpoint where later checkpoints can reference it (`shared/`). */
  writeSharedState(
    location: CheckpointStorageLocation,
    operatorId: string,
    subtaskIndex: number,
    bytes: Uint8Array,
  ): Promise<SharedStateFile>;
  /** Reads the bytes a handle (or a shared file of its chain) of the checkpoint at `pointer` names. */
  readState(pointer: string, handle: { readonly path: string }): Promise<Uint8Array>;
  /** Whether `pointer` names a checkpoint of this job's directory (whose shared files new checkpoints may reference). */
  isOwnCheckpoint(pointer: string): Promise<boolean>;
  /** Deletes a shared file that no retained checkpoint references any more (a path from the checkpoint at `pointer`). */
  discardSharedState(pointer: string, path: string): Promise<void>;
  /** Writes `_metadata` atomically; only then is the checkpoint complete. */
  finalizeCheckpoint(location: CheckpointStorageLocation, metadata: CheckpointMetadata): Promise<void>;
  /** Reads and verifies the metadata of the checkpoint or savepoint at `pointer` (its directory or `_metadata`). */
  readMetadata(pointer: string): Promise<CheckpointMetadata>;
  /** This job's checkpoint directories, by id ascending, whether or not their `_metadata` exists or is valid. */
  listCheckpoints(): Promise<readonly CheckpointStorageLocation[]>;
  /** Deletes a checkpoint's directory and everything in it; a missing directory is not an error. */
  discard(pointer: string): Promise<void>;
}
