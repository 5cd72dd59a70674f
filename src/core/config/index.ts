export type { FallbackKey, ValueParser } from './config-option.js';
export {
  ConfigOption,
  ConfigOptionBuilder,
  ConfigOptions,
  parseDurationMs,
  TypedConfigOptionBuilder,
} from './config-option.js';
export type { ConfigEntry, DeprecationListener } from './configuration.js';
export { Configuration, ConfigurationError, formatValue } from './configuration.js';
export { durationOption } from './duration-option.js';
export type { CheckpointingMode } from './engine-options.js';
export {
  CHECKPOINTING_MODES,
  CheckpointingOptions,
  CoreOptions,
  ENGINE_OPTIONS,
  ExecutionOptions,
  HeartbeatManagerOptions,
  NettyShuffleEnvironmentOptions,
  PipelineOptions,
  RestartStrategyOptions,
  RestOptions,
  TaskManagerOptions,
} from './engine-options.js';
export type { LoadConfigurationOptions } from './load-configuration.js';
export {
  CONFIG_FILE_NAME,
  loadConfigFile,
  loadConfiguration,
  parseConfigYaml,
  parseDynamicProperties,
  parsePropertiesVariable,
} from './load-configuration.js';
