// Reads `restart-strategy.*` (Flink's keys and defaults) into plain data, and builds the strategy from it.
// Unset `restart-strategy.type` (or its 1.x name `restart-strategy`) means exponential-delay when checkpointing is
// on and no restart otherwise, as in Flink 2.x. Called on the JobMaster thread when a job starts.
import { ConfigReader } from '../../checkpoint/config-reader.js';
import {
  EXPONENTIAL_DELAY_DEFAULTS,
  type ExponentialDelayOptions,
  ExponentialDelayRestartBackoffTimeStrategy,
} from './exponential-delay-restart-backoff-time-strategy.js';
import {
  type Clock,
  FailureRateRestartBackoffTimeStrategy,
  FixedDelayRestartBackoffTimeStrategy,
  NoRestartBackoffTimeStrategy,
  type RandomSource,
  type RestartBackoffTimeStrategy,
  systemClock,
} from './restart-backoff-time-strategy.js';

export type RestartStrategyConfig =
  | { readonly type: 'none' }
  | { readonly type: 'fixed-delay'; readonly attempts: number; readonly delayMs: number }
  | {
      readonly type: 'failure-rate';
      readonly maxFailuresPerInterval: number;
      readonly intervalMs: number;
      readonly delayMs: number;
    }
  | ({ readonly type: 'exponential-delay' } & ExponentialDelayOptions);

export const RESTART_STRATEGY_TYPE_KEY = 'restart-strategy.type';
/** The 1.x key read when `restart-strategy.type` is unset. */
export const RESTART_STRATEGY_TYPE_FALLBACK_KEY = 'restart-strategy';

/** Every spelling Flink accepts for each type (RestartStrategyType), compared case-insensitively. */
const TYPE_NAMES: ReadonlyMap<string, RestartStrategyConfig['type']> = new Map([
  ['disable', 'none'],
  ['none', 'none'],
  ['off', 'none'],
  ['fixed-delay', 'fixed-delay'],
  ['fixeddelay', 'fixed-delay'],
  ['failure-rate', 'failure-rate'],
  ['failurerate', 'failure-rate'],
  ['exponential-delay', 'exponential-delay'],
  ['exponentialdelay', 'exponential-delay'],
]);

export interface RestartStrategyContext {
  /** Whether `execution.checkpointing.interval` is set; decides the default type. */
  readonly checkpointingEnabled: boolean;
}

/** Parses `restart-strategy.*`; a bad value is a RangeError naming the key and the expected form. */
export function parseRestartStrategyConfig(
  config: Readonly<Record<string, string | undefined>>,
  context: RestartStrategyContext,
): RestartStrategyConfig {
  const r = new ConfigReader(config);
  const found = r.find(RESTART_STRATEGY_TYPE_KEY, [RESTART_STRATEGY_TYPE_FALLBACK_KEY]);
  const type =
    found === undefined
      ? context.checkpointingEnabled
        ? 'exponential-delay'
        : 'none'
      : TYPE_NAMES.get(found.value.toLowerCase());
  if (type === undefined) {
    throw new RangeError(
      `Configuration '${found?.key}' must be one of 'disable' (or 'none', 'off'), 'fixed-delay', 'failure-rate' or ` +
        `'exponential-delay', got '${found?.value}'`,
    );
  }
  const p = 'restart-strategy.';
  switch (type) {
    case 'none':
      return { type };
    case 'fixed-delay':
      return {
        type,
        attempts: r.integer(`${p}fixed-delay.attempts`, 1),
        delayMs: r.durationMillis(`${p}fixed-delay.delay`, 1000),
      };
    case 'failure-rate':
      return {
        type,
        maxFailuresPerInterval: r.integer(`${p}failure-rate.max-failures-per-interval`, 1),
        intervalMs: r.durationMillis(`${p}failure-rate.failure-rate-interval`, 60_000),
        delayMs: r.durationMillis(`${p}failure-rate.delay`, 1000),
      };
    case 'exponential-delay':
      return { type, ...parseExponentialDelay(r) };
    default: {
      const unknown: never = type;
      throw new RangeError(`Unknown restart strategy type '${String(unknown)}'`);
    }
  }
}

function parseExponentialDelay(r: ConfigReader): ExponentialDelayOptions {
  const p = 'restart-strategy.exponential-delay.';
  const d = EXPONENTIAL_DELAY_DEFAULTS;
  return {
    initialBackoffMs: r.durationMillis(`${p}initial-backoff`, d.initialBackoffMs),
    maxBackoffMs: r.durationMillis(`${p}max-backoff`, d.maxBackoffMs),
    backoffMultiplier: r.number(`${p}backoff-multiplier`, d.backoffMultiplier),
    resetBackoffThresholdMs: r.durationMillis(`${p}reset-backoff-threshold`, d.resetBackoffThresholdMs),
    jitterFactor: r.number(`${p}jitter-factor`, d.jitterFactor),
    attemptsBeforeResetBackoff: r.integer(`${p}attempts-before-reset-backoff`, d.attemptsBeforeResetBackoff),
  };
}

export interface RestartStrategyDependencies {
  /** Defaults to Date.now. */
  readonly clock?: Clock;
  /** Jitter of exponential delay; defaults to Math.random. */
  readonly random?: RandomSource;
}

/** A fresh strategy (it keeps per-job failure history) for a parsed config. Validates the parameters. */
export function restartStrategyFromConfig(
  parsed: RestartStrategyConfig,
  deps: RestartStrategyDependencies = {},
): RestartBackoffTimeStrategy {
  const clock = deps.clock ?? systemClock;
  switch (parsed.type) {
    case 'none':
      return new NoRestartBackoffTimeStrategy();
    case 'fixed-delay':
      return new FixedDelayRestartBackoffTimeStrategy(parsed.attempts, parsed.delayMs);
    case 'failure-rate':
      return new FailureRateRestartBackoffTimeStrategy(
        parsed.maxFailuresPerInterval,
        parsed.intervalMs,
        parsed.delayMs,
        clock,
      );
    case 'exponential-delay': {
      const { type: _type, ...options } = parsed;
      return new ExponentialDelayRestartBackoffTimeStrategy(options, clock, deps.random ?? Math.random);
    }
    default: {
      const unknown: never = parsed;
      throw new RangeError(`Unknown restart strategy config ${JSON.stringify(unknown)}`);
    }
  }
}

/** Parses `restart-strategy.*` from a job's configuration and builds the strategy, applying Flink's defaults. */
export function createRestartStrategy(
  config: Readonly<Record<string, string | undefined>>,
  options: RestartStrategyContext & RestartStrategyDependencies,
): RestartBackoffTimeStrategy {
  return restartStrategyFromConfig(parseRestartStrategyConfig(config, options), options);
}
