import { Configuration } from '../core/config/configuration.js';
import type { MiniCluster } from '../runtime/minicluster/mini-cluster.js';
import { tlsOptions } from '../runtime/rpc/tls-options.js';
import { dispatcherRestGateway } from './dispatcher-rest-gateway.js';
import { type RestServer, startRestServer } from './rest-server.js';

// The MiniCluster's REST endpoint (Flink's MiniCluster starts the Dispatcher's REST endpoint too): `rest.port`
// (default 8081, 0 for any free port), `rest.address` (default 127.0.0.1) and `security.ssl.rest.*` (https) from the
// job's configuration.

export interface MiniClusterRestHooks {
  onClusterStarted(cluster: MiniCluster, jobId: string): Promise<void>;
  onClusterStopping(cluster: MiniCluster): Promise<void>;
}

const DEFAULT_PORT = 8081;

export function miniClusterRest(onStarted?: (url: string) => void): MiniClusterRestHooks {
  const servers = new Map<MiniCluster, RestServer>();
  return {
    async onClusterStarted(cluster, jobId) {
      const config = cluster.dispatcher.job(jobId).jobGraph.config;
      const configured = config['rest.port'];
      const port = configured === undefined ? DEFAULT_PORT : Number(configured);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new Error(`rest.port must be a port number from 0 to 65535 (0: any free port), got '${configured}'`);
      }
      const address = config['rest.address'] ?? '127.0.0.1';
      const gateway = dispatcherRestGateway(cluster.dispatcher);
      const tls = tlsOptions(Configuration.fromMap(config), 'rest')?.server;
      let server: RestServer;
      try {
        server = await startRestServer({ port, address, gateway, tls });
      } catch (error) {
        // The default port is taken (another cluster runs): like a second local Flink, pick any free port.
        // startRestServer wraps the listen error (with a message naming the address): its code is on the cause.
        const cause = (error as Error).cause as NodeJS.ErrnoException | undefined;
        const code = (error as NodeJS.ErrnoException).code ?? cause?.code;
        if (code !== 'EADDRINUSE' || configured !== undefined) throw error;
        server = await startRestServer({ port: 0, address, gateway, tls });
      }
      servers.set(cluster, server);
      onStarted?.(server.url);
    },
    async onClusterStopping(cluster) {
      await servers.get(cluster)?.close();
      servers.delete(cluster);
    },
  };
}
