// Options of the standalone cluster's processes, under Flink's keys and with Flink's defaults (JobManagerOptions,
// TaskManagerOptions, RestOptions, HeartbeatManagerOptions). Read once at process start on the main thread.

import { ConfigOptions } from '../../core/config/config-option.js';
import type { Configuration } from '../../core/config/configuration.js';
import { ConfigurationError } from '../../core/config/configuration.js';
import { HeartbeatManagerOptions, RestOptions, TaskManagerOptions } from '../../core/config/engine-options.js';
import type { HeartbeatOptions } from '../rpc/heartbeat-monitor.js';

export const ClusterOptions = {
  JOB_MANAGER_RPC_ADDRESS: ConfigOptions.key('jobmanager.rpc.address').stringType().defaultValue('localhost'),
  JOB_MANAGER_RPC_PORT: ConfigOptions.key('jobmanager.rpc.port').intType().defaultValue(6123),
  JOB_MANAGER_BIND_HOST: ConfigOptions.key('jobmanager.bind-host').stringType().noDefaultValue(),
  TASK_MANAGER_HOST: ConfigOptions.key('taskmanager.host').stringType().defaultValue('localhost'),
  TASK_MANAGER_BIND_HOST: ConfigOptions.key('taskmanager.bind-host').stringType().noDefaultValue(),
  /** Flink's default "0": any free port. */
  TASK_MANAGER_RPC_PORT: ConfigOptions.key('taskmanager.rpc.port').intType().defaultValue(0),
  REST_BIND_ADDRESS: ConfigOptions.key('rest.bind-address').stringType().noDefaultValue(),
  LOG_DIR: ConfigOptions.key('log.dir').stringType().noDefaultValue(),
  /** Where the JobManager stores uploads (jars, job bundles); default a folder under the OS temp dir. */
  UPLOAD_DIR: ConfigOptions.key('web.upload.dir').stringType().noDefaultValue(),
  /** The largest request body REST accepts, uploads included (Flink's default: 100 MiB). */
  REST_MAX_CONTENT_LENGTH: ConfigOptions.key('rest.server.max-content-length').intType().defaultValue(104_857_600),
  /** Whether REST takes job submissions (POST /jobs, the /jars endpoints), as Flink's web.submit.enable. */
  WEB_SUBMIT_ENABLE: ConfigOptions.key('web.submit.enable').booleanType().defaultValue(true),
} as const;

export interface JobManagerSettings {
  readonly rpcHost: string;
  readonly rpcPort: number;
  readonly bindHost: string;
  readonly restPort: number;
  readonly restAddress: string;
  readonly heartbeat: HeartbeatOptions;
  readonly uploadDir: string | undefined;
  readonly maxContentLength: number;
  readonly submitEnabled: boolean;
}

export interface TaskManagerSettings {
  readonly host: string;
  readonly bindHost: string;
  readonly rpcPort: number;
  readonly slots: number;
  readonly jobManagerHost: string;
  readonly jobManagerPort: number;
  readonly heartbeat: HeartbeatOptions;
}

export function heartbeatSettings(config: Configuration): HeartbeatOptions {
  const intervalMs = config.get(HeartbeatManagerOptions.HEARTBEAT_INTERVAL);
  const timeoutMs = config.get(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT);
  if (!(intervalMs > 0) || !(timeoutMs > intervalMs)) {
    throw new ConfigurationError(
      `heartbeat.interval (${intervalMs} ms) must be positive and smaller than heartbeat.timeout (${timeoutMs} ms); fix them in config.yaml or -D`,
    );
  }
  return { intervalMs, timeoutMs };
}

function port(config: Configuration, value: number, key: string, allowZero: boolean): number {
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1) || value > 65535) {
    const origin = config.getEntry(key)?.origin ?? 'the default';
    throw new ConfigurationError(
      `${key} must be a port number from ${allowZero ? 0 : 1} to 65535${allowZero ? ' (0: any free port)' : ''}, got ${value} (set in ${origin})`,
    );
  }
  return value;
}

export function jobManagerSettings(config: Configuration): JobManagerSettings {
  const rpcHost = config.get(ClusterOptions.JOB_MANAGER_RPC_ADDRESS);
  const restAddress = config.get(ClusterOptions.REST_BIND_ADDRESS) ?? config.get(RestOptions.ADDRESS) ?? rpcHost;
  return {
    rpcHost,
    rpcPort: port(config, config.get(ClusterOptions.JOB_MANAGER_RPC_PORT), 'jobmanager.rpc.port', true),
    bindHost: config.get(ClusterOptions.JOB_MANAGER_BIND_HOST) ?? rpcHost,
    restPort: port(config, config.get(RestOptions.PORT), 'rest.port', true),
    restAddress,
    heartbeat: heartbeatSettings(config),
    uploadDir: config.get(ClusterOptions.UPLOAD_DIR),
    maxContentLength: maxContentLength(config),
    submitEnabled: config.get(ClusterOptions.WEB_SUBMIT_ENABLE),
  };
}

function maxContentLength(config: Configuration): number {
  const value = config.get(ClusterOptions.REST_MAX_CONTENT_LENGTH);
  if (!Number.isInteger(value) || value < 1) {
    const origin = config.getEntry('rest.server.max-content-length')?.origin ?? 'the default';
    throw new ConfigurationError(
      `rest.server.max-content-length must be a positive number of bytes, got ${value} (set in ${origin})`,
    );
  }
  return value;
}

export function taskManagerSettings(config: Configuration): TaskManagerSettings {
  const host = config.get(ClusterOptions.TASK_MANAGER_HOST);
  const slots = config.get(TaskManagerOptions.NUM_TASK_SLOTS);
  if (!Number.isInteger(slots) || slots < 1) {
    throw new ConfigurationError(`taskmanager.numberOfTaskSlots must be a positive whole number, got ${slots}`);
  }
  return {
    host,
    bindHost: config.get(ClusterOptions.TASK_MANAGER_BIND_HOST) ?? host,
    rpcPort: port(config, config.get(ClusterOptions.TASK_MANAGER_RPC_PORT), 'taskmanager.rpc.port', true),
    slots,
    jobManagerHost: config.get(ClusterOptions.JOB_MANAGER_RPC_ADDRESS),
    jobManagerPort: port(config, config.get(ClusterOptions.JOB_MANAGER_RPC_PORT), 'jobmanager.rpc.port', false),
    heartbeat: heartbeatSettings(config),
  };
}
