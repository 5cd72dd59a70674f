// The options Weir's engine reads today, under Flink's keys and with Flink's defaults, grouped as Flink groups them
// (RestOptions, CoreOptions, ...). Durations are in milliseconds. Read them with Configuration.get(option).

import type { ConfigOption } from './config-option.js';
import { ConfigOptions } from './config-option.js';

export const RestOptions = {
  /** Address clients use to reach the REST endpoint; unset means the bind address / localhost. */
  ADDRESS: ConfigOptions.key('rest.address').stringType().noDefaultValue(),
  PORT: ConfigOptions.key('rest.port').intType().defaultValue(8081).withDeprecatedKeys('web.port'),
} as const;

export const CoreOptions = {
  DEFAULT_PARALLELISM: ConfigOptions.key('parallelism.default').intType().defaultValue(1),
} as const;

export const PipelineOptions = {
  /** -1: derived from the parallelism (Flink's rule: 128..32768). */
  MAX_PARALLELISM: ConfigOptions.key('pipeline.max-parallelism').intType().defaultValue(-1),
  AUTO_WATERMARK_INTERVAL: ConfigOptions.key('pipeline.auto-watermark-interval').durationType().defaultValue(200),
} as const;

export const ExecutionOptions = {
  BUFFER_TIMEOUT_ENABLED: ConfigOptions.key('execution.buffer-timeout.enabled').booleanType().defaultValue(true),
  BUFFER_TIMEOUT: ConfigOptions.key('execution.buffer-timeout.interval')
    .durationType()
    .defaultValue(100)
    .withFallbackKeys('execution.buffer-timeout'),
} as const;

export const TaskManagerOptions = {
  NUM_TASK_SLOTS: ConfigOptions.key('taskmanager.numberOfTaskSlots').intType().defaultValue(1),
} as const;

export const MiniClusterOptions = {
  /** TaskManagers of the embedded cluster; channels between them go over loopback TCP, as between processes. */
  NUM_TASK_MANAGERS: ConfigOptions.key('minicluster.number-of-taskmanagers')
    .intType()
    .defaultValue(1)
    .withDeprecatedKeys('local.number-taskmanager'),
} as const;

export const NettyShuffleEnvironmentOptions = {
  // Weir's default is 64, not Flink's 5: a JS task cannot block mid-record (docs/decisions.md, 6).
  NETWORK_MAX_OVERDRAFT_BUFFERS_PER_GATE: ConfigOptions.key('taskmanager.network.memory.max-overdraft-buffers-per-gate')
    .intType()
    .defaultValue(64),
  /**
   * Credit each input channel from another TaskManager announces (Flink: 2 exclusive + 8 floating per gate). Weir's
   * 8 measured best: the keyed exchange across two TaskManagers ran 7.6-7.8 / 8.5 / 8.6-8.7 M rec/s with 4 / 8 / 16
   * (docs/benchmarks.md); each costs one 32 KiB receive buffer per channel at most.
   */
  NETWORK_BUFFERS_PER_CHANNEL: ConfigOptions.key('taskmanager.network.memory.buffers-per-channel')
    .intType()
    .defaultValue(8),
  /** How long a consumer retries a channel whose producer is not (yet) there, doubling from the initial backoff. */
  NETWORK_REQUEST_BACKOFF_INITIAL: ConfigOptions.key('taskmanager.network.request-backoff.initial')
    .durationType()
    .defaultValue(100),
  NETWORK_REQUEST_BACKOFF_MAX: ConfigOptions.key('taskmanager.network.request-backoff.max')
    .durationType()
    .defaultValue(10_000),
} as const;

export const HeartbeatManagerOptions = {
  HEARTBEAT_INTERVAL: ConfigOptions.key('heartbeat.interval').durationType().defaultValue(10_000),
  HEARTBEAT_TIMEOUT: ConfigOptions.key('heartbeat.timeout').durationType().defaultValue(50_000),
} as const;

export const CHECKPOINTING_MODES = ['EXACTLY_ONCE', 'AT_LEAST_ONCE'] as const;
export type CheckpointingMode = (typeof CHECKPOINTING_MODES)[number];

export const CheckpointingOptions = {
  /** Unset: checkpointing is off. */
  CHECKPOINTING_INTERVAL: ConfigOptions.key('execution.checkpointing.interval').durationType().noDefaultValue(),
  CHECKPOINTING_CONSISTENCY_MODE: ConfigOptions.key('execution.checkpointing.mode')
    .enumType(CHECKPOINTING_MODES)
    .defaultValue('EXACTLY_ONCE'),
  CHECKPOINTING_TIMEOUT: ConfigOptions.key('execution.checkpointing.timeout').durationType().defaultValue(600_000),
  MIN_PAUSE_BETWEEN_CHECKPOINTS: ConfigOptions.key('execution.checkpointing.min-pause').durationType().defaultValue(0),
  MAX_CONCURRENT_CHECKPOINTS: ConfigOptions.key('execution.checkpointing.max-concurrent-checkpoints')
    .intType()
    .defaultValue(1),
  TOLERABLE_FAILURE_NUMBER: ConfigOptions.key('execution.checkpointing.tolerable-failed-checkpoints')
    .intType()
    .defaultValue(0),
  ENABLE_UNALIGNED: ConfigOptions.key('execution.checkpointing.unaligned.enabled')
    .booleanType()
    .defaultValue(false)
    .withFallbackKeys('execution.checkpointing.unaligned'),
  ALIGNED_CHECKPOINT_TIMEOUT: ConfigOptions.key('execution.checkpointing.aligned-checkpoint-timeout')
    .durationType()
    .defaultValue(0)
    .withFallbackKeys('execution.checkpointing.alignment-timeout'),
  CHECKPOINTS_DIRECTORY: ConfigOptions.key('execution.checkpointing.dir')
    .stringType()
    .noDefaultValue()
    .withDeprecatedKeys('state.checkpoints.dir'),
  MAX_RETAINED_CHECKPOINTS: ConfigOptions.key('execution.checkpointing.num-retained')
    .intType()
    .defaultValue(1)
    .withDeprecatedKeys('state.checkpoints.num-retained'),
} as const;

export const RestartStrategyOptions = {
  /** Unset: Flink's rule (exponential-delay when checkpointing is on, else none). */
  RESTART_STRATEGY: ConfigOptions.key('restart-strategy.type')
    .stringType()
    .noDefaultValue()
    .withFallbackKeys('restart-strategy'),
} as const;

/** Every option above, e.g. to list known keys or warn about unknown ones. */
export const ENGINE_OPTIONS: readonly ConfigOption<unknown>[] = [
  RestOptions,
  CoreOptions,
  PipelineOptions,
  ExecutionOptions,
  TaskManagerOptions,
  MiniClusterOptions,
  NettyShuffleEnvironmentOptions,
  HeartbeatManagerOptions,
  CheckpointingOptions,
  RestartStrategyOptions,
].flatMap((group): ConfigOption<unknown>[] => Object.values(group));
