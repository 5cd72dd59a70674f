export {
  EXPONENTIAL_DELAY_DEFAULTS,
  type ExponentialDelayOptions,
  ExponentialDelayRestartBackoffTimeStrategy,
} from './exponential-delay-restart-backoff-time-strategy.js';
export { FAILOVER_STRATEGY_KEY, type FailoverStrategy, parseFailoverStrategy } from './failover-strategy.js';
export { computePipelinedRegions, type PipelinedRegion, type PipelinedRegions } from './pipelined-regions.js';
export {
  type Clock,
  FailureRateRestartBackoffTimeStrategy,
  FixedDelayRestartBackoffTimeStrategy,
  NoRestartBackoffTimeStrategy,
  type RandomSource,
  type RestartBackoffTimeStrategy,
  systemClock,
} from './restart-backoff-time-strategy.js';
export {
  createRestartStrategy,
  parseRestartStrategyConfig,
  RESTART_STRATEGY_TYPE_FALLBACK_KEY,
  RESTART_STRATEGY_TYPE_KEY,
  type RestartStrategyConfig,
  type RestartStrategyContext,
  type RestartStrategyDependencies,
  restartStrategyFromConfig,
} from './restart-strategy-config.js';
