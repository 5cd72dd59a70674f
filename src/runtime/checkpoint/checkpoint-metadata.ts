// What a completed checkpoint or savepoint records in its `_metadata` file, and the envelope that file is written
// in: a magic, a format version, a SHA-256 of the body, then the body (UTF-8 JSON). Metadata is written once per
// checkpoint on the JobMaster thread, never per record, so JSON is fine here; the checksum catches torn or edited
// files, which the store then skips with a warning (completed-checkpoint-store.ts).

import { createHash } from 'node:crypto';

/** One state file a subtask wrote: opaque bytes the state backend understands, found by a path relative to the job dir. */
export interface SubtaskStateHandle {
  readonly subtaskIndex: number;
  /**
   * Path relative to the checkpoint's (or savepoint's) directory, '/'-separated. Incremental checkpoints keep their
   * files in the job's shared/ directory: `../shared/<name>`.
   */
  readonly path: string;
  /** This file's size: what this checkpoint wrote for the subtask (Flink's checkpointed size). */
  readonly sizeBytes: number;
  /**
   * Incremental checkpoints: the files this one builds on, the full base first, then each increment in order;
   * restore applies them all, then this file. Absent: the file is complete by itself.
   */
  readonly chain?: readonly SharedStateFile[];
}

/** A file of the job's shared/ directory that several checkpoints may reference. */
export interface SharedStateFile {
  /** Relative to the referencing checkpoint's directory: `../shared/<name>`. */
  readonly path: string;
  readonly sizeBytes: number;
}

/** The shared/ prefix of handle paths (relative to a checkpoint's directory). */
export const SHARED_PATH_PREFIX = '../shared/';

/** Every shared file a checkpoint references (each once): the incremental files of all its subtasks. */
export function sharedFilesOf(metadata: CheckpointMetadata): Set<string> {
  const files = new Set<string>();
  for (const op of metadata.operators) {
    for (const handle of op.subtasks) {
      if (handle.path.startsWith(SHARED_PATH_PREFIX)) files.add(handle.path);
      for (const file of handle.chain ?? []) files.add(file.path);
    }
  }
  return files;
}

/** A state an operator registered, with its codec's `describe()` schema; savepoints check these on restore. */
export interface StateSchema {
  readonly name: string;
  /** `describe()` of the key codec, undefined for operator (non-keyed) state. */
  readonly keySchema?: string;
  readonly valueSchema: string;
}

export interface OperatorStateMetadata {
  /** Flink's operator id (32 hex characters from the JobGraph). */
  readonly operatorId: string;
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly states: readonly StateSchema[];
  readonly subtasks: readonly SubtaskStateHandle[];
  /** A source's split enumerator state (Flink's OperatorCoordinator state), when the operator has one. */
  readonly coordinatorState?: SubtaskStateHandle;
}

export type CheckpointKind = 'checkpoint' | 'savepoint';

export interface CheckpointMetadata {
  readonly kind: CheckpointKind;
  readonly jobId: string;
  readonly checkpointId: number;
  /** Epoch milliseconds when the checkpoint was triggered. */
  readonly timestamp: number;
  readonly operators: readonly OperatorStateMetadata[];
}

/** "WEIRMETA" in ASCII: identifies the file before anything else is trusted. */
const MAGIC = Buffer.from('WEIRMETA', 'ascii');
export const METADATA_FORMAT_VERSION = 1;
const DIGEST_BYTES = 32;
const HEADER_BYTES = MAGIC.length + 4 + DIGEST_BYTES;

/** Thrown when a `_metadata` file cannot be trusted; `path` names the file. */
export class CorruptMetadataError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`Checkpoint metadata '${path}' is unreadable: ${reason}`);
    this.name = 'CorruptMetadataError';
  }
}

export function encodeMetadata(metadata: CheckpointMetadata): Buffer {
  const body = Buffer.from(JSON.stringify(metadata), 'utf8');
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt32BE(METADATA_FORMAT_VERSION, MAGIC.length);
  createHash('sha256')
    .update(body)
    .digest()
    .copy(header, MAGIC.length + 4);
  return Buffer.concat([header, body]);
}

/** Decodes and verifies a `_metadata` file's bytes; `path` is only used in error messages. */
export function decodeMetadata(bytes: Uint8Array, path: string): CheckpointMetadata {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < HEADER_BYTES || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new CorruptMetadataError(path, 'it is not a Weir metadata file (bad magic or truncated header)');
  }
  const version = buf.readUInt32BE(MAGIC.length);
  if (version !== METADATA_FORMAT_VERSION) {
    throw new CorruptMetadataError(
      path,
      `format version ${version} is not supported (this Weir reads version ${METADATA_FORMAT_VERSION})`,
    );
  }
  const body = buf.subarray(HEADER_BYTES);
  const expected = buf.subarray(MAGIC.length + 4, HEADER_BYTES);
  if (!createHash('sha256').update(body).digest().equals(expected)) {
    throw new CorruptMetadataError(path, 'checksum mismatch (the file was truncated or modified)');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw new CorruptMetadataError(path, `body is not valid JSON (${(e as Error).message})`);
  }
  return validateMetadata(parsed, path);
}

function validateMetadata(value: unknown, path: string): CheckpointMetadata {
  const m = value as Partial<CheckpointMetadata> | null;
  const ok =
    m !== null &&
    typeof m === 'object' &&
    (m.kind === 'checkpoint' || m.kind === 'savepoint') &&
    typeof m.jobId === 'string' &&
    Number.isSafeInteger(m.checkpointId) &&
    typeof m.timestamp === 'number' &&
    Array.isArray(m.operators);
  if (!ok) throw new CorruptMetadataError(path, 'body lacks kind, jobId, checkpointId, timestamp or operators');
  return m as CheckpointMetadata;
}

/** A savepoint's metadata: per operator id its max parallelism and its states' codec schemas. */
export type SavepointMetadata = CheckpointMetadata & { readonly kind: 'savepoint' };
