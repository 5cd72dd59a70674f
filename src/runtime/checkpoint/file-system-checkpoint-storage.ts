// Checkpoint storage in a directory, laid out as Flink's FsCheckpointStorageAccess lays it out:
//   <checkpoint dir>/<job id>/chk-<n>/_metadata + state files   (exclusive to checkpoint n)
//   <checkpoint dir>/<job id>/shared/                            (incremental state, shared between checkpoints)
//   <checkpoint dir>/<job id>/taskowned/                         (state owned by the tasks)
//   <savepoint dir>/savepoint-<first 6 of job id>-<12 hex>/_metadata + state files  (self-contained, relocatable)
// The directory may be shared between processes (an NFS mount): `_metadata` is written to a temporary file, fsync'd,
// renamed over the final name and the directory fsync'd, so a reader sees either no `_metadata` or a whole one.

import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckpointMetadata, SharedStateFile, SubtaskStateHandle } from './checkpoint-metadata.js';
import { decodeMetadata, encodeMetadata, SHARED_PATH_PREFIX } from './checkpoint-metadata.js';
import type { CheckpointStorage, CheckpointStorageLocation } from './checkpoint-storage.js';

export const METADATA_FILE_NAME = '_metadata';
export const CHECKPOINT_DIR_PREFIX = 'chk-';
export const SHARED_STATE_DIR = 'shared';
export const TASK_OWNED_STATE_DIR = 'taskowned';

export interface FileSystemCheckpointStorageOptions {
  /** `execution.checkpointing.dir`: a file:// URI or a path. */
  readonly checkpointDirectory: string;
  /** `execution.checkpointing.savepoint-dir`: the default target of savepoints. */
  readonly savepointDirectory?: string;
  readonly jobId: string;
  /** For tests: called after the temporary metadata file is durable and before it is renamed (a crash point). */
  readonly beforeMetadataRename?: (temporaryPath: string) => void | Promise<void>;
}

/** Resolves a file:// URI or a plain path to an absolute path; other schemes get an error naming the option. */
export function resolveStoragePath(uriOrPath: string, option: string): string {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]+):/.exec(uriOrPath)?.[1];
  if (scheme === undefined || (scheme.length === 1 && process.platform === 'win32')) return resolve(uriOrPath);
  if (scheme.toLowerCase() !== 'file') {
    throw new RangeError(
      `'${option}' is '${uriOrPath}', but scheme '${scheme}' is not supported yet: use a file:// URI or a path ` +
        '(a shared mount when several processes run the job)',
    );
  }
  try {
    return fileURLToPath(uriOrPath);
  } catch (e) {
    throw new RangeError(`'${option}' is '${uriOrPath}', which is not a valid file URI: ${(e as Error).message}`);
  }
}

export class FileSystemCheckpointStorage implements CheckpointStorage {
  /** `<checkpoint dir>/<job id>`. */
  readonly jobDirectory: string;
  private readonly jobId: string;
  private readonly savepointDirectory: string | undefined;
  private readonly beforeMetadataRename: FileSystemCheckpointStorageOptions['beforeMetadataRename'];

  constructor(options: FileSystemCheckpointStorageOptions) {
    if (!/^[A-Za-z0-9_-]+$/.test(options.jobId)) {
      throw new RangeError(`Job id '${options.jobId}' cannot name a checkpoint directory: use letters, digits, - or _`);
    }
    const base = resolveStoragePath(options.checkpointDirectory, 'execution.checkpointing.dir');
    this.jobDirectory = join(base, options.jobId);
    this.savepointDirectory =
      options.savepointDirectory === undefined
        ? undefined
        : resolveStoragePath(options.savepointDirectory, 'execution.checkpointing.savepoint-dir');
    this.beforeMetadataRename = options.beforeMetadataRename;
    this.jobId = options.jobId;
  }

  /** Creates the job directory with its `shared/` and `taskowned/` folders; call once before the first checkpoint. */
  async initializeBaseLocations(): Promise<void> {
    await mkdir(join(this.jobDirectory, SHARED_STATE_DIR), { recursive: true });
    await mkdir(join(this.jobDirectory, TASK_OWNED_STATE_DIR), { recursive: true });
  }

  async initializeLocation(checkpointId: number): Promise<CheckpointStorageLocation> {
    requireCheckpointId(checkpointId);
    const pointer = join(this.jobDirectory, `${CHECKPOINT_DIR_PREFIX}${checkpointId}`);
    await mkdir(pointer, { recursive: true });
    return { kind: 'checkpoint', checkpointId, pointer };
  }

  async initializeSavepointLocation(
    checkpointId: number,
    targetDirectory?: string,
  ): Promise<CheckpointStorageLocation> {
    requireCheckpointId(checkpointId);
    const target =
      targetDirectory === undefined ? this.savepointDirectory : resolveStoragePath(targetDirectory, 'savepoint target');
    if (target === undefined) {
      throw new RangeError(
        'No savepoint directory: pass a target directory or set execution.checkpointing.savepoint-dir ' +
          '(formerly state.savepoints.dir)',
      );
    }
    // Flink's name: the job id's first six characters and a random suffix, created exclusively so two savepoints
    // never share a directory.
    for (let attempt = 0; attempt < 10; attempt++) {
      const pointer = join(target, `savepoint-${this.jobId.slice(0, 6)}-${randomBytes(6).toString('hex')}`);
      await mkdir(target, { recursive: true });
      try {
        await mkdir(pointer);
        return { kind: 'savepoint', checkpointId, pointer };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
    throw new Error(`Could not create a unique savepoint directory below '${target}' after 10 attempts`);
  }

  async writeState(
    location: CheckpointStorageLocation,
    operatorId: string,
    subtaskIndex: number,
    bytes: Uint8Array,
  ): Promise<SubtaskStateHandle> {
    if (!/^[A-Za-z0-9_-]+$/.test(operatorId)) {
      throw new RangeError(`Operator id '${operatorId}' cannot name a state file: use letters, digits, - or _`);
    }
    const name = `op-${operatorId}-${subtaskIndex}-${randomBytes(8).toString('hex')}`;
    await writeFile(join(location.pointer, name), bytes, { flag: 'wx' });
    return { subtaskIndex, path: name, sizeBytes: bytes.byteLength };
  }

  /**
   * Writes a file of an incremental checkpoint into the job's shared/ directory, where later checkpoints may
   * reference it; the completed-checkpoint store deletes it once no retained checkpoint does.
   */
  async writeSharedState(
    location: CheckpointStorageLocation,
    operatorId: string,
    subtaskIndex: number,
    bytes: Uint8Array,
  ): Promise<SharedStateFile> {
    if (!/^[A-Za-z0-9_-]+$/.test(operatorId)) {
      throw new RangeError(`Operator id '${operatorId}' cannot name a state file: use letters, digits, - or _`);
    }
    const name = `op-${operatorId}-${subtaskIndex}-chk${location.checkpointId}-${randomBytes(8).toString('hex')}`;
    const directory = join(dirname(location.pointer), SHARED_STATE_DIR);
    await mkdir(directory, { recursive: true });
    await writeFile(join(directory, name), bytes, { flag: 'wx' });
    return { path: `${SHARED_PATH_PREFIX}${name}`, sizeBytes: bytes.byteLength };
  }

  async readState(pointer: string, handle: { readonly path: string }): Promise<Uint8Array> {
    return readFile(await this.stateFile(pointer, handle.path));
  }

  async isOwnCheckpoint(pointer: string): Promise<boolean> {
    return dirname(await checkpointDirectoryOf(pointer)) === this.jobDirectory;
  }

  /** Deletes a shared/ file by the path a handle of the checkpoint at `pointer` names; a missing file is fine. */
  async discardSharedState(pointer: string, path: string): Promise<void> {
    if (!path.startsWith(SHARED_PATH_PREFIX)) throw new RangeError(`'${path}' is not a file of the shared directory`);
    await rm(await this.stateFile(pointer, path), { force: true });
  }

  /** The absolute path of a handle's file: inside the checkpoint's directory, or in the job's shared/ directory. */
  private async stateFile(pointer: string, path: string): Promise<string> {
    const directory = await checkpointDirectoryOf(pointer);
    const file = resolve(directory, path);
    const shared = join(dirname(directory), SHARED_STATE_DIR) + sep;
    const inShared = path.startsWith(SHARED_PATH_PREFIX) && file.startsWith(shared);
    if (isAbsolute(path) || !(file.startsWith(directory + sep) || inShared)) {
      throw new RangeError(`State handle path '${path}' leaves the checkpoint directory '${directory}'`);
    }
    return file;
  }

  async finalizeCheckpoint(location: CheckpointStorageLocation, metadata: CheckpointMetadata): Promise<void> {
    const finalPath = join(location.pointer, METADATA_FILE_NAME);
    const temporaryPath = `${finalPath}.inprogress-${randomBytes(8).toString('hex')}`;
    const file = await open(temporaryPath, 'wx');
    try {
      await file.writeFile(encodeMetadata(metadata));
      await file.sync();
    } finally {
      await file.close();
    }
    await this.beforeMetadataRename?.(temporaryPath);
    await rename(temporaryPath, finalPath);
    await syncDirectory(location.pointer);
  }

  async readMetadata(pointer: string): Promise<CheckpointMetadata> {
    const file = join(await checkpointDirectoryOf(pointer), METADATA_FILE_NAME);
    return decodeMetadata(await readFile(file), file);
  }

  async listCheckpoints(): Promise<readonly CheckpointStorageLocation[]> {
    let names: string[];
    try {
      names = await readdir(this.jobDirectory);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const locations: CheckpointStorageLocation[] = [];
    for (const name of names) {
      const match = /^chk-(\d+)$/.exec(name);
      if (match !== null) {
        locations.push({ kind: 'checkpoint', checkpointId: Number(match[1]), pointer: join(this.jobDirectory, name) });
      }
    }
    return locations.sort((a, b) => a.checkpointId - b.checkpointId);
  }

  async discard(pointer: string): Promise<void> {
    await rm(pointer, { recursive: true, force: true });
  }

  /** Deletes the whole job directory (shared and task-owned state too); for a job whose checkpoints are all discarded. */
  async discardJobDirectory(): Promise<void> {
    await rm(this.jobDirectory, { recursive: true, force: true });
  }
}

function requireCheckpointId(checkpointId: number): void {
  if (!Number.isSafeInteger(checkpointId) || checkpointId < 0) {
    throw new RangeError(`Checkpoint id must be a non-negative integer, got ${checkpointId}`);
  }
}

/** A pointer names the checkpoint directory or its `_metadata` file, as in Flink; returns the directory. */
async function checkpointDirectoryOf(pointer: string): Promise<string> {
  const path = resolveStoragePath(pointer, 'checkpoint pointer');
  if (basename(path) === METADATA_FILE_NAME) return dirname(path);
  try {
    if ((await stat(path)).isFile()) return dirname(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  return path;
}

/** Makes a rename durable; some platforms cannot open a directory for fsync, which is then skipped. */
async function syncDirectory(directory: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL') throw e;
  } finally {
    await handle?.close();
  }
}
