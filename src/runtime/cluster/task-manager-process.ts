// The TaskManager process of a standalone cluster (Flink's TaskManagerRunner): a TaskExecutor with
// taskmanager.numberOfTaskSlots slots, served on its own NetworkRpcService, linked to the ResourceManager at
// jobmanager.rpc.address:port by a ResourceManagerLink (registration and heartbeats). Main thread only; print output
// of tasks reaches this process's stdout (the .out file when started by `weir cluster start`).

import { randomBytes } from 'node:crypto';
import type { Configuration } from '../../core/config/configuration.js';
import { postableTls } from '../network/remote/data-transport.js';
import { networkOptionsOf } from '../network/remote/network-options.js';
import { NetworkRpcService, rpcAddress } from '../rpc/network-rpc-service.js';
import { tlsOptions } from '../rpc/tls-options.js';
import { TaskExecutor } from '../taskmanager/task-executor.js';
import { taskManagerSettings } from './cluster-options.js';
import { RESOURCE_MANAGER_ENDPOINT } from './job-manager-process.js';
import { ResourceManagerLink } from './resource-manager-link.js';

export const TASK_EXECUTOR_ENDPOINT = 'taskmanager';

export interface RunningTaskManager {
  readonly taskManagerId: string;
  readonly rpc: NetworkRpcService;
  readonly taskExecutor: TaskExecutor;
  /** Resolves once the first registration succeeded. */
  readonly registered: Promise<void>;
  close(): Promise<void>;
}

export async function startTaskManager(config: Configuration): Promise<RunningTaskManager> {
  const settings = taskManagerSettings(config);
  // security.ssl.internal.*: the same identity for RPC and for the slot workers' data connections.
  const internalTls = tlsOptions(config, 'internal');
  const rpc = new NetworkRpcService({
    advertisedHost: settings.host,
    bindHost: settings.bindHost,
    port: settings.rpcPort,
    heartbeat: settings.heartbeat,
    tls: internalTls,
  });
  const port = await rpc.start();
  const taskManagerId = `${settings.host}:${port}-${randomBytes(3).toString('hex')}`;
  const rmAddress = rpcAddress(settings.jobManagerHost, settings.jobManagerPort, RESOURCE_MANAGER_ENDPOINT);
  const taskExecutor = new TaskExecutor(rpc, {
    taskManagerId,
    address: rpc.localAddress(TASK_EXECUTOR_ENDPOINT),
    numberOfSlots: settings.slots,
    resourceManagerAddress: rmAddress,
    host: settings.host,
    network: { bindHost: settings.bindHost, ...networkOptionsOf(config), tls: postableTls(internalTls) },
  });
  rpc.register(TASK_EXECUTOR_ENDPOINT, taskExecutor);
  const link = new ResourceManagerLink(rpc, taskManagerId, rmAddress, taskExecutor, settings.heartbeat);
  link.start();
  return {
    taskManagerId,
    rpc,
    taskExecutor,
    registered: link.registered,
    async close() {
      link.stop();
      await taskExecutor.stop();
      await rpc.close();
    },
  };
}
