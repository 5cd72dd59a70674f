// Checkpointing configuration under Flink 2.x's `execution.checkpointing.*` keys, with the 1.x keys accepted as
// fallbacks. Parsed once on the JobMaster thread when a job is planned; the result is immutable plain data (it
// can cross an RPC boundary).
import type { ExternalizedCheckpointRetention } from './checkpoint-storage-options.js';
import { ConfigReader, requireValid } from './config-reader.js';
import type { IncrementalLimits } from './incremental-chain.js';

export type CheckpointingConsistencyMode = 'EXACTLY_ONCE' | 'AT_LEAST_ONCE';

/** Flink's MINIMAL_CHECKPOINT_TIME: neither the interval nor the timeout may be shorter. */
export const MINIMAL_CHECKPOINT_TIME_MS = 10;

export const CHECKPOINT_KEYS = {
  interval: 'execution.checkpointing.interval',
  timeout: 'execution.checkpointing.timeout',
  minPause: 'execution.checkpointing.min-pause',
  maxConcurrent: 'execution.checkpointing.max-concurrent-checkpoints',
  tolerableFailed: 'execution.checkpointing.tolerable-failed-checkpoints',
  mode: 'execution.checkpointing.mode',
  unaligned: 'execution.checkpointing.unaligned.enabled',
  dir: 'execution.checkpointing.dir',
  savepointDir: 'execution.checkpointing.savepoint-dir',
  numRetained: 'execution.checkpointing.num-retained',
  incremental: 'execution.checkpointing.incremental',
  materializeInterval: 'state.backend.changelog.periodic-materialize.interval',
  maxChainLength: 'execution.checkpointing.incremental.max-chain-length',
  maxSizeRatio: 'execution.checkpointing.incremental.max-size-ratio',
  retention: 'execution.checkpointing.externalized-checkpoint-retention',
} as const;

/** The 1.x keys read when the 2.x key is unset, newest first. */
export const CHECKPOINT_FALLBACK_KEYS: Readonly<Record<keyof typeof CHECKPOINT_KEYS, readonly string[]>> = {
  interval: [],
  timeout: [],
  minPause: [],
  maxConcurrent: [],
  tolerableFailed: [],
  mode: [],
  unaligned: ['execution.checkpointing.unaligned'],
  dir: ['state.checkpoints.dir', 'state.backend.fs.checkpointdir'],
  savepointDir: ['state.savepoints.dir', 'savepoints.state.backend.fs.dir'],
  numRetained: ['state.checkpoints.num-retained'],
  incremental: ['state.backend.incremental'],
  materializeInterval: [],
  maxChainLength: [],
  maxSizeRatio: [],
  retention: [],
};

export interface CheckpointConfig {
  /** Whether periodic checkpoints run: `execution.checkpointing.interval` is set. */
  readonly enabled: boolean;
  /** The configured interval (ms); undefined when checkpointing is off. */
  readonly intervalMs: number | undefined;
  /** How long a checkpoint may take before it expires (ms); 10 min by default. */
  readonly timeoutMs: number;
  /** The least time between the end of one checkpoint and the start of the next (ms); 0 by default. */
  readonly minPauseMs: number;
  /** How many checkpoints may be in flight at once; 1 by default. */
  readonly maxConcurrentCheckpoints: number;
  /** Consecutive checkpoint failures tolerated before the job fails; 0 by default. */
  readonly tolerableFailedCheckpoints: number;
  readonly mode: CheckpointingConsistencyMode;
  readonly unalignedEnabled: boolean;
  readonly checkpointsDir: string | undefined;
  readonly savepointDir: string | undefined;
  /** Completed checkpoints kept; 1 by default. */
  readonly numRetained: number;
  readonly incremental: boolean;
  /** With incremental checkpoints: when a subtask writes a full snapshot again (decision 25). */
  readonly incrementalLimits: IncrementalLimits;
  readonly externalizedRetention: ExternalizedCheckpointRetention;
}

/**
 * Parses and validates the checkpointing options of `config` (Flink keys, string values). Throws a RangeError that
 * names the key and the expected form for a value it cannot read or that Flink would reject.
 */
export function parseCheckpointConfig(config: Readonly<Record<string, string | undefined>>): CheckpointConfig {
  const r = new ConfigReader(config);
  const k = CHECKPOINT_KEYS;
  const f = CHECKPOINT_FALLBACK_KEYS;
  const intervalMs = r.optionalDurationMillis(k.interval, f.interval);
  const timeoutMs = r.durationMillis(k.timeout, 600_000, f.timeout);
  const minPauseMs = r.durationMillis(k.minPause, 0, f.minPause);
  const maxConcurrentCheckpoints = r.integer(k.maxConcurrent, 1, f.maxConcurrent);
  const tolerableFailedCheckpoints = r.integer(k.tolerableFailed, 0, f.tolerableFailed);
  const numRetained = r.integer(k.numRetained, 1, f.numRetained);
  const atLeast10 = `at least ${MINIMAL_CHECKPOINT_TIME_MS} ms, such as '10 s'`;
  if (intervalMs !== undefined)
    requireValid(intervalMs >= MINIMAL_CHECKPOINT_TIME_MS, k.interval, atLeast10, intervalMs);
  requireValid(timeoutMs >= MINIMAL_CHECKPOINT_TIME_MS, k.timeout, atLeast10, timeoutMs);
  requireValid(maxConcurrentCheckpoints >= 1, k.maxConcurrent, 'an integer of at least 1', maxConcurrentCheckpoints);
  requireValid(
    tolerableFailedCheckpoints >= 0,
    k.tolerableFailed,
    'an integer of at least 0',
    tolerableFailedCheckpoints,
  );
  requireValid(numRetained >= 1, k.numRetained, 'an integer of at least 1', numRetained);
  const mode = r.oneOf<CheckpointingConsistencyMode>(k.mode, ['EXACTLY_ONCE', 'AT_LEAST_ONCE'], 'EXACTLY_ONCE', f.mode);
  const unalignedEnabled = r.boolean(k.unaligned, false, f.unaligned);
  if (unalignedEnabled && mode !== 'EXACTLY_ONCE') {
    throw new RangeError(
      `Configuration '${k.unaligned}' is true but '${k.mode}' is AT_LEAST_ONCE: unaligned checkpoints are only ` +
        'supported for EXACTLY_ONCE; set one of them differently',
    );
  }
  const incrementalLimits: IncrementalLimits = {
    materializeIntervalMs: r.durationMillis(k.materializeInterval, 600_000, f.materializeInterval),
    maxChainLength: r.integer(k.maxChainLength, 32, f.maxChainLength),
    maxSizeRatio: r.number(k.maxSizeRatio, 1, f.maxSizeRatio),
  };
  requireValid(
    incrementalLimits.maxChainLength >= 1,
    k.maxChainLength,
    'an integer of at least 1',
    incrementalLimits.maxChainLength,
  );
  requireValid(
    incrementalLimits.maxSizeRatio >= 0,
    k.maxSizeRatio,
    'a number of at least 0, such as 1.5',
    incrementalLimits.maxSizeRatio,
  );
  requireValid(
    incrementalLimits.materializeIntervalMs >= 0,
    k.materializeInterval,
    "a duration such as '10 min'",
    incrementalLimits.materializeIntervalMs,
  );
  return {
    enabled: intervalMs !== undefined,
    intervalMs,
    timeoutMs,
    minPauseMs,
    maxConcurrentCheckpoints,
    tolerableFailedCheckpoints,
    mode,
    unalignedEnabled,
    checkpointsDir: r.string(k.dir, f.dir),
    savepointDir: r.string(k.savepointDir, f.savepointDir),
    numRetained,
    incremental: r.boolean(k.incremental, false, f.incremental),
    incrementalLimits,
    externalizedRetention: r.oneOf<ExternalizedCheckpointRetention>(
      k.retention,
      ['NO_EXTERNALIZED_CHECKPOINTS', 'DELETE_ON_CANCELLATION', 'RETAIN_ON_CANCELLATION'],
      'NO_EXTERNALIZED_CHECKPOINTS',
      f.retention,
    ),
  };
}
