// Typed RPC between the cluster's components (Flink's RpcService and RpcEndpoint gateways). A gateway is a TS
// interface whose methods return promises; connect() gives a proxy that delivers each call asynchronously with
// copied arguments, so components share no objects even inside one process (the MiniCluster). The network
// transport of the cluster work implements the same connect() over sockets.

export class RpcTimeoutError extends Error {
  constructor(address: string, method: string, timeoutMs: number) {
    super(`RPC ${method} to ${address} did not answer within ${timeoutMs} ms`);
    this.name = 'RpcTimeoutError';
  }
}

export class RpcEndpointNotFoundError extends Error {
  constructor(address: string) {
    super(`No RPC endpoint at ${address} (it stopped, or never started)`);
    this.name = 'RpcEndpointNotFoundError';
  }
}

/** Methods of a gateway: every method returns a promise. */
export type Gateway<G> = {
  [K in keyof G]: G[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => Promise<R> : never;
};

export class RpcService {
  private readonly endpoints = new Map<string, object>();

  constructor(private readonly defaultTimeoutMs = 10_000) {}

  /**
   * The address under which peers reach the local endpoint `name`: the name itself in process; a network service
   * returns its full 'weir.tcp://host:port/name' address.
   */
  localAddress(name: string): string {
    return name;
  }

  register(address: string, endpoint: object): void {
    if (this.endpoints.has(address)) throw new Error(`An RPC endpoint is already registered at ${address}`);
    this.endpoints.set(address, endpoint);
  }

  unregister(address: string): void {
    this.endpoints.delete(address);
  }

  connect<G extends object>(address: string, timeoutMs = this.defaultTimeoutMs): G {
    return new Proxy({} as G, {
      get: (_target, method) => {
        if (typeof method !== 'string' || method === 'then') return undefined;
        return (...args: unknown[]) => this.invoke(address, method, args, timeoutMs);
      },
    });
  }

  private invoke(address: string, method: string, args: unknown[], timeoutMs: number): Promise<unknown> {
    const copied = structuredClone(args);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new RpcTimeoutError(address, method, timeoutMs)), timeoutMs);
      setImmediate(() => {
        const endpoint = this.endpoints.get(address) as Record<string, unknown> | undefined;
        if (endpoint === undefined) {
          clearTimeout(timer);
          reject(new RpcEndpointNotFoundError(address));
          return;
        }
        const fn = endpoint[method];
        if (typeof fn !== 'function') {
          clearTimeout(timer);
          reject(new Error(`RPC endpoint ${address} has no method ${method}`));
          return;
        }
        Promise.resolve()
          .then(() => fn.apply(endpoint, copied))
          .then(
            (result) => {
              clearTimeout(timer);
              resolve(result === undefined ? undefined : structuredClone(result));
            },
            (error) => {
              clearTimeout(timer);
              reject(error);
            },
          );
      });
    });
  }
}
