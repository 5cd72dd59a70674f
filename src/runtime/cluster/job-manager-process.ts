// The JobManager process of a standalone cluster (Flink's StandaloneSessionClusterEntrypoint): a ResourceManager and
// a Dispatcher with a JobMaster per job, served on one NetworkRpcService (jobmanager.rpc.address:port), plus the REST
// endpoint on rest.port, where jobs are submitted (POST /jobs, /jars). TaskManagers register and send heartbeats; one
// silent for heartbeat.timeout is removed and the tasks it ran fail. Everything runs on the process's main thread.

import type { Configuration } from '../../core/config/configuration.js';
import { log } from '../../core/log.js';
import { Dispatcher } from '../jobmanager/dispatcher/dispatcher.js';
import { ResourceManager } from '../jobmanager/resourcemanager/resource-manager.js';
import { NetworkRpcService } from '../rpc/network-rpc-service.js';
import { tlsOptions } from '../rpc/tls-options.js';
import { type JobManagerSettings, jobManagerSettings } from './cluster-options.js';

export const RESOURCE_MANAGER_ENDPOINT = 'resourcemanager';
export const DISPATCHER_ENDPOINT = 'dispatcher';

/** The REST endpoint, started by the caller (REST is a layer above the runtime). */
export interface RestEndpoint {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export type RestStarter = (dispatcher: Dispatcher, settings: JobManagerSettings) => Promise<RestEndpoint>;

export interface RunningJobManager {
  readonly rpc: NetworkRpcService;
  readonly dispatcher: Dispatcher;
  readonly resourceManager: ResourceManager;
  readonly rest: RestEndpoint;
  readonly rpcPort: number;
  close(): Promise<void>;
}

export async function startJobManager(config: Configuration, startRest: RestStarter): Promise<RunningJobManager> {
  const settings = jobManagerSettings(config);
  const rpc = new NetworkRpcService({
    advertisedHost: settings.rpcHost,
    bindHost: settings.bindHost,
    port: settings.rpcPort,
    heartbeat: settings.heartbeat,
    tls: tlsOptions(config, 'internal'),
  });
  const rpcPort = await rpc.start();
  const resourceManager = new ResourceManager(rpc);
  rpc.register(RESOURCE_MANAGER_ENDPOINT, resourceManager);
  // REST's /jobmanager/config shows the ports actually bound, so clients can find the RPC endpoint (port 0).
  const shown: Record<string, string> = {
    ...config.toMap(),
    'jobmanager.rpc.address': settings.rpcHost,
    'jobmanager.rpc.port': `${rpcPort}`,
  };
  const dispatcher = new Dispatcher(DISPATCHER_ENDPOINT, rpc, RESOURCE_MANAGER_ENDPOINT, shown);
  dispatcher.start();
  resourceManager.startHeartbeatChecks(settings.heartbeat.intervalMs, settings.heartbeat.timeoutMs, (loss) => {
    log('warn', 'ResourceManager', `${loss.reason}; it is removed and its tasks fail`);
    rpc.forget(loss.registration.address);
    dispatcher.failTasksOnTaskManager(loss.registration.taskManagerId, loss.reason);
  });
  let rest: RestEndpoint;
  try {
    rest = await startRest(dispatcher, settings);
  } catch (error) {
    resourceManager.stopHeartbeatChecks();
    await dispatcher.stop();
    await rpc.close();
    throw error;
  }
  shown['rest.port'] = `${rest.port}`;
  return {
    rpc,
    dispatcher,
    resourceManager,
    rest,
    rpcPort,
    async close() {
      resourceManager.stopHeartbeatChecks();
      await rest.close();
      await dispatcher.stop();
      await rpc.close();
    },
  };
}
