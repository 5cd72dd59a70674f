import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCheckpointConfig } from './checkpoint-config.js';
import type { CheckpointStorage } from './checkpoint-storage.js';
import { FileSystemCheckpointStorage } from './file-system-checkpoint-storage.js';
import type { IncrementalLimits } from './incremental-chain.js';

// How a job checkpoints, as the JobMaster and every slot worker read it from the job's configuration.

/** Checkpointing as the job configures it, for the tasks of one worker. */
export interface TaskCheckpointSettings {
  /** UNALIGNED: exactly-once with unaligned barriers (`execution.checkpointing.unaligned.enabled`). */
  readonly mode: 'EXACTLY_ONCE' | 'AT_LEAST_ONCE' | 'UNALIGNED';
  readonly storage: CheckpointStorage;
  /**
   * Periodic checkpoints are on (`execution.checkpointing.interval`): sources wait for a final checkpoint before
   * they end and sinks commit on checkpoints. Without it, tasks still take savepoints.
   */
  readonly periodic: boolean;
  /** Incremental checkpoints (`execution.checkpointing.incremental`) and when to write a full one; undefined: off. */
  readonly incremental: IncrementalLimits | undefined;
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

export function readCheckpointSettings(
  config: Readonly<Record<string, string>>,
  jobId: string,
): TaskCheckpointSettings {
  const parsed = parseCheckpointConfig(config);
  const mode = parsed.unalignedEnabled ? 'UNALIGNED' : parsed.mode;
  const incremental = parsed.incremental ? parsed.incrementalLimits : undefined;
  return { mode, storage: checkpointStorageFor(config, jobId), periodic: parsed.enabled, incremental };
}
