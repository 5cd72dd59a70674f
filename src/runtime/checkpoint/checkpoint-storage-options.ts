// Checkpoint storage options under their Flink 2.x keys, with the Flink 1.x keys read when the new one is unset.
// Pure; called on the JobMaster thread when the job's checkpoint storage is created.

export type ExternalizedCheckpointRetention =
  | 'NO_EXTERNALIZED_CHECKPOINTS'
  | 'DELETE_ON_CANCELLATION'
  | 'RETAIN_ON_CANCELLATION';

export interface CheckpointStorageOptions {
  readonly checkpointDirectory: string | undefined;
  readonly savepointDirectory: string | undefined;
  /** How many completed checkpoints are kept; Flink's default is 1. */
  readonly numRetained: number;
  readonly retention: ExternalizedCheckpointRetention;
}

/** Each option's Flink 2.x key, then its older keys. */
export const CHECKPOINT_STORAGE_KEYS = {
  checkpointDirectory: ['execution.checkpointing.dir', 'state.checkpoints.dir', 'state.backend.fs.checkpointdir'],
  savepointDirectory: [
    'execution.checkpointing.savepoint-dir',
    'state.savepoints.dir',
    'savepoints.state.backend.fs.dir',
  ],
  numRetained: ['execution.checkpointing.num-retained', 'state.checkpoints.num-retained'],
  retention: ['execution.checkpointing.externalized-checkpoint-retention'],
} as const;

const RETENTIONS: readonly ExternalizedCheckpointRetention[] = [
  'NO_EXTERNALIZED_CHECKPOINTS',
  'DELETE_ON_CANCELLATION',
  'RETAIN_ON_CANCELLATION',
];

type Config = Readonly<Record<string, string | undefined>>;

function find(config: Config, keys: readonly string[]): { key: string; value: string } | undefined {
  for (const key of keys) {
    const value = config[key]?.trim();
    if (value !== undefined && value !== '') return { key, value };
  }
  return undefined;
}

/**
 * Reads the options; `warn` receives Flink's warning for a non-positive num-retained, which (as in Flink) falls
 * back to 1 instead of failing the job.
 */
export function readCheckpointStorageOptions(
  config: Config,
  warn: (message: string) => void = (m) => process.emitWarning(m),
): CheckpointStorageOptions {
  return {
    checkpointDirectory: find(config, CHECKPOINT_STORAGE_KEYS.checkpointDirectory)?.value,
    savepointDirectory: find(config, CHECKPOINT_STORAGE_KEYS.savepointDirectory)?.value,
    numRetained: readNumRetained(config, warn),
    retention: readRetention(config),
  };
}

function readNumRetained(config: Config, warn: (message: string) => void): number {
  const found = find(config, CHECKPOINT_STORAGE_KEYS.numRetained);
  if (found === undefined) return 1;
  const n = /^[+-]?\d+$/.test(found.value) ? Number(found.value) : Number.NaN;
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`Configuration '${found.key}' must be an integer such as '3', got '${found.value}'`);
  }
  if (n <= 0) {
    warn(`Configuration '${found.key}' is ${n}, but at least one checkpoint must be retained; using 1 instead`);
    return 1;
  }
  return n;
}

function readRetention(config: Config): ExternalizedCheckpointRetention {
  const found = find(config, CHECKPOINT_STORAGE_KEYS.retention);
  if (found === undefined) return 'NO_EXTERNALIZED_CHECKPOINTS';
  const normalized = found.value.toUpperCase().replace(/-/g, '_');
  const match = RETENTIONS.find((r) => r === normalized);
  if (match === undefined) {
    throw new RangeError(`Configuration '${found.key}' must be one of ${RETENTIONS.join(', ')}, got '${found.value}'`);
  }
  return match;
}
