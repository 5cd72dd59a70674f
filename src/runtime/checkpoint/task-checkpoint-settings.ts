import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCheckpointConfig } from './checkpoint-config.js';
import type { CheckpointStorage } from './checkpoint-storage.js';
import { FileSystemCheckpointStorage } from './file-system-checkpoint-storage.js';

// How a job checkpoints, as the JobMaster and every slot worker read it from the job's configuration.

/** Checkpointing as the job configures it, for the tasks of one worker. */
export interface TaskCheckpointSettings {
  readonly mode: 'EXACTLY_ONCE' | 'AT_LEAST_ONCE';
  readonly storage: CheckpointStorage;
}

/**
 * Where checkpoints go without `execution.checkpointing.dir`: a directory below the OS temp directory. (Flink keeps
 * them on the JobManager's heap then; a directory lets restarted workers read them and outlives the process.)
 */
export function defaultCheckpointDirectory(): string {
  return join(tmpdir(), 'weir-checkpoints');
}

export function checkpointStorageFor(config: Readonly<Record<string, string>>, jobId: string): CheckpointStorage {
  const parsed = parseCheckpointConfig(config);
  return new FileSystemCheckpointStorage({
    checkpointDirectory: parsed.checkpointsDir ?? defaultCheckpointDirectory(),
    savepointDirectory: parsed.savepointDir,
    jobId,
  });
}

/** Undefined when checkpointing is off (`execution.checkpointing.interval` unset). */
export function readCheckpointSettings(
  config: Readonly<Record<string, string>>,
  jobId: string,
): TaskCheckpointSettings | undefined {
  const parsed = parseCheckpointConfig(config);
  if (!parsed.enabled) return undefined;
  return { mode: parsed.mode, storage: checkpointStorageFor(config, jobId) };
}
