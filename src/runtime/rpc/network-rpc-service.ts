// RpcService over the network (Flink's RpcService with its remote actor system): the same register / unregister /
// connect<G>(address) contract, so components cannot tell whether a peer lives in this process or another one.
//
// - Local endpoints are registered under a bare name ('resourcemanager') or under this process's full address
//   ('weir.tcp://host:port/resourcemanager'); both are served in-process (structuredClone, as RpcService) and on
//   the one TcpRpcServer of this process.
// - A full address naming another host:port is called through a cached TcpRpcClient per server. A call made while
//   the client is (re)connecting waits for the connection, up to the call's timeout.
// - Every server also serves the endpoint '$rpc' with ping(), the liveness probe of heartbeat loops.
// Contract: main thread only; arguments and results must be structured-clone data.

import { DEFAULT_HEARTBEAT, type HeartbeatOptions } from './heartbeat-monitor.js';
import { RpcService } from './rpc-service.js';
import { TcpRpcClient } from './tcp-rpc-client.js';
import { TcpRpcServer } from './tcp-rpc-server.js';
import type { ClusterTlsOptions } from './tls-options.js';

export const RPC_SCHEME = 'weir.tcp://';
/** Served by every NetworkRpcService: `ping()` answers at once. */
export const PING_ENDPOINT = '$rpc';

export interface NetworkRpcServiceOptions {
  /** Interface to listen on; default the advertised host. */
  readonly bindHost?: string;
  /** Host other processes use to reach this one (jobmanager.rpc.address / taskmanager.host); default 127.0.0.1. */
  readonly advertisedHost?: string;
  /** jobmanager.rpc.port / taskmanager.rpc.port; 0 picks a free port. */
  readonly port?: number;
  readonly heartbeat?: HeartbeatOptions;
  /** Default timeout of calls (akka.ask.timeout's role); default 10000 ms. */
  readonly timeoutMs?: number;
  /** TLS for the server and for the connections this process makes: tlsOptions(config, 'internal'). */
  readonly tls?: ClusterTlsOptions;
}

export interface ParsedRpcAddress {
  readonly host: string;
  readonly port: number;
  readonly endpoint: string;
}

/** Parses 'weir.tcp://host:port/endpoint' ('[::1]' for IPv6 hosts); throws naming the expected shape. */
export function parseRpcAddress(address: string): ParsedRpcAddress {
  const match = /^weir\.tcp:\/\/(\[[^\]]+\]|[^:/[\]]+):(\d{1,5})\/(.+)$/.exec(address);
  const port = match === null ? Number.NaN : Number(match[2]);
  if (match === null || port < 1 || port > 65535) {
    throw new Error(
      `Bad RPC address '${address}': expected 'weir.tcp://host:port/endpoint' with port 1-65535, ` +
        'e.g. weir.tcp://127.0.0.1:6123/resourcemanager',
    );
  }
  return { host: (match[1] as string).replace(/^\[|\]$/g, ''), port, endpoint: match[3] as string };
}

export function rpcAddress(host: string, port: number, endpoint: string): string {
  return `${RPC_SCHEME}${host.includes(':') ? `[${host}]` : host}:${port}/${endpoint}`;
}

export class NetworkRpcService extends RpcService {
  private readonly server: TcpRpcServer;
  private readonly clients = new Map<string, TcpRpcClient>();
  private readonly heartbeat: HeartbeatOptions;
  private readonly timeoutMs: number;
  private readonly advertisedHost: string;
  private boundPort: number | undefined;

  constructor(private readonly options: NetworkRpcServiceOptions = {}) {
    super(options.timeoutMs ?? 10_000);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.heartbeat = options.heartbeat ?? DEFAULT_HEARTBEAT;
    this.advertisedHost = options.advertisedHost ?? '127.0.0.1';
    this.server = new TcpRpcServer({
      host: options.bindHost ?? this.advertisedHost,
      port: options.port ?? 0,
      heartbeat: this.heartbeat,
      tls: options.tls?.server,
    });
    this.server.register(PING_ENDPOINT, { ping: async () => true });
  }

  /** Starts the server; resolves with the bound port. Call before register(). */
  async start(): Promise<number> {
    const { port } = await this.server.start();
    this.boundPort = port;
    return port;
  }

  get port(): number {
    if (this.boundPort === undefined) throw new Error('NetworkRpcService: start() has not completed');
    return this.boundPort;
  }

  /** The address other processes use to reach the local endpoint `name`. */
  override localAddress(name: string): string {
    return rpcAddress(this.advertisedHost, this.port, name);
  }

  override register(address: string, endpoint: object): void {
    const name = this.requireLocal(address, 'register');
    super.register(name, endpoint);
    this.server.register(name, endpoint);
  }

  override unregister(address: string): void {
    const name = this.localName(address);
    if (name === undefined) return;
    super.unregister(name);
    this.server.unregister(name);
  }

  override connect<G extends object>(address: string, timeoutMs = this.timeoutMs): G {
    const local = this.localName(address);
    if (local !== undefined) return super.connect<G>(local, timeoutMs);
    const target = parseRpcAddress(address);
    return new Proxy({} as G, {
      get: (_target, method) => {
        if (typeof method !== 'string' || method === 'then') return undefined;
        return (...args: unknown[]) => this.callRemote(target, method, args, timeoutMs);
      },
    });
  }

  /** Resolves if the process serving `address` answers within timeoutMs (its endpoint need not exist). */
  async ping(address: string, timeoutMs = this.timeoutMs): Promise<void> {
    const { host, port } = parseRpcAddress(address);
    await this.callRemote({ host, port, endpoint: PING_ENDPOINT }, 'ping', [], timeoutMs);
  }

  /** Drops the cached connection to the process serving `address` (it is gone); a later call reconnects. */
  forget(address: string): void {
    const { host, port } = parseRpcAddress(address);
    const key = `${host}:${port}`;
    this.clients.get(key)?.close();
    this.clients.delete(key);
  }

  async close(): Promise<void> {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
    await this.server.close();
  }

  private async callRemote(target: ParsedRpcAddress, method: string, args: unknown[], timeoutMs: number) {
    const client = this.client(target.host, target.port);
    if (!client.isConnected) await client.whenConnected(timeoutMs);
    return client.call(target.endpoint, method, args, timeoutMs);
  }

  private client(host: string, port: number): TcpRpcClient {
    const key = `${host}:${port}`;
    let client = this.clients.get(key);
    if (client === undefined) {
      client = new TcpRpcClient(host, port, {
        timeoutMs: this.timeoutMs,
        heartbeat: this.heartbeat,
        tls: this.options.tls?.client,
      });
      // Callers wait with whenConnected(); start()'s own deadline is not theirs. It keeps reconnecting until close.
      client.start().catch(() => {});
      this.clients.set(key, client);
    }
    return client;
  }

  /** The endpoint name when `address` is served by this process, else undefined. */
  private localName(address: string): string | undefined {
    if (!address.startsWith(RPC_SCHEME)) return address;
    const { host, port, endpoint } = parseRpcAddress(address);
    return port === this.boundPort && host === this.advertisedHost ? endpoint : undefined;
  }

  private requireLocal(address: string, what: string): string {
    const name = this.localName(address);
    if (name === undefined) {
      throw new Error(`Cannot ${what} ${address}: it names another process (this one is ${this.localAddress('')})`);
    }
    return name;
  }
}
