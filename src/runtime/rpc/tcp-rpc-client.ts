// Client side of the TCP RPC transport: the network version of RpcService.connect(). One socket per server,
// multiplexing calls by request id. Contract (main thread only):
// - calls while disconnected FAIL FAST with RpcDisconnectedError, and calls in flight when the connection drops
//   fail the same way. Waiting would hide a dead peer for a whole timeout; the caller (heartbeat/retry logic of
//   the cluster layer, as in Flink) decides whether to retry.
// - after a drop, the client reconnects in the background with exponential backoff until close().
// - each call has a timeout (RpcTimeoutError); remote errors come back with their name, message and stack.

import net from 'node:net';
import tls from 'node:tls';
import v8 from 'node:v8';
import { DEFAULT_HEARTBEAT, type HeartbeatOptions, validateHeartbeat } from './heartbeat-monitor.js';
import { RpcConnection } from './rpc-connection.js';
import type { Frame } from './rpc-frame.js';
import { RpcEndpointNotFoundError, RpcTimeoutError } from './rpc-service.js';
import type { SerializedError } from './tcp-rpc-server.js';

export class RpcDisconnectedError extends Error {
  constructor(address: string, method: string, reason: string) {
    super(`RPC ${method} to ${address} failed: not connected (${reason}); the client is reconnecting, retry later`);
    this.name = 'RpcDisconnectedError';
  }
}

export interface TcpRpcClientOptions {
  /** Per-call timeout unless the gateway overrides it. Default 10000. */
  readonly timeoutMs?: number;
  /** How long start() keeps trying to make the first connection. Default 10000. */
  readonly connectTimeoutMs?: number;
  readonly heartbeat?: HeartbeatOptions;
  /** Reconnect backoff: first delay, doubled per failed attempt up to maxDelayMs. Default 50 / 2000. */
  readonly reconnect?: { readonly initialDelayMs: number; readonly maxDelayMs: number };
  /**
   * Connect with TLS (tlsOptions(config, 'internal').client): `ca` to trust the server's certificate, key/cert (or
   * pfx) when the server verifies clients.
   */
  readonly tls?: tls.ConnectionOptions;
}

interface PendingCall {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class TcpRpcClient {
  private readonly pending = new Map<number, PendingCall>();
  private readonly heartbeat: HeartbeatOptions;
  private connection: RpcConnection | undefined;
  private lastDisconnect = 'not connected yet';
  private nextId = 1;
  private closed = false;
  private delayMs: number;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private connectedListeners: Array<() => void> = [];

  constructor(
    readonly host: string,
    readonly port: number,
    private readonly options: TcpRpcClientOptions = {},
  ) {
    this.heartbeat = options.heartbeat ?? DEFAULT_HEARTBEAT;
    validateHeartbeat(this.heartbeat, `TcpRpcClient(${host}:${port})`);
    this.delayMs = this.reconnectOptions().initialDelayMs;
  }

  get isConnected(): boolean {
    return this.connection?.isOpen === true;
  }

  /** Connects; resolves once connected, rejects if no connection was made within connectTimeoutMs. */
  start(): Promise<void> {
    const wait = this.whenConnected(this.options.connectTimeoutMs ?? 10_000);
    this.attempt();
    return wait;
  }

  /** Resolves on the next successful (re)connection, or rejects after timeoutMs. */
  whenConnected(timeoutMs: number): Promise<void> {
    if (this.isConnected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.connectedListeners = this.connectedListeners.filter((l) => l !== listener);
        reject(
          new Error(
            `Could not connect to RPC server ${this.host}:${this.port} within ${timeoutMs} ms (last: ${this.lastDisconnect})`,
          ),
        );
      }, timeoutMs);
      const listener = () => {
        clearTimeout(timer);
        resolve();
      };
      this.connectedListeners.push(listener);
    });
  }

  /** A proxy whose methods call `endpoint` on the server and return promises. */
  gateway<G extends object>(endpoint: string, timeoutMs = this.options.timeoutMs ?? 10_000): G {
    return new Proxy({} as G, {
      get: (_target, method) => {
        if (typeof method !== 'string' || method === 'then') return undefined;
        return (...args: unknown[]) => this.call(endpoint, method, args, timeoutMs);
      },
    });
  }

  call(endpoint: string, method: string, args: unknown[], timeoutMs: number): Promise<unknown> {
    const address = `${this.host}:${this.port}/${endpoint}`;
    const connection = this.connection;
    if (connection === undefined || !connection.isOpen) {
      return Promise.reject(new RpcDisconnectedError(address, method, this.lastDisconnect));
    }
    let payload: Buffer;
    try {
      payload = v8.serialize([endpoint, method, args]);
    } catch (error) {
      const detail = `arguments of RPC ${method} to ${address} cannot be serialized: ${(error as Error).message}`;
      return Promise.reject(new TypeError(`${detail}; pass plain data (structured clone)`));
    }
    const id = this.nextId;
    this.nextId = this.nextId >= 0xffff_fffe ? 1 : this.nextId + 1;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RpcTimeoutError(address, method, timeoutMs));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      connection.send('request', id, payload);
    });
  }

  /** Stops reconnecting, fails calls in flight, closes the socket. */
  close(): void {
    this.closed = true;
    if (this.reconnectTimer !== undefined) clearTimeout(this.reconnectTimer);
    this.connection?.close('client closed');
    this.connection = undefined;
  }

  private attempt(): void {
    this.reconnectTimer = undefined;
    if (this.closed) return;
    const t = this.options.tls;
    const socket =
      t === undefined
        ? net.connect({ host: this.host, port: this.port })
        : tls.connect({ ...t, host: this.host, port: this.port });
    const ready = t === undefined ? 'connect' : 'secureConnect';
    const onEarlyError = (error: Error) => {
      this.lastDisconnect = `connect failed: ${error.message}`;
      socket.destroy();
      this.scheduleReconnect();
    };
    socket.once('error', onEarlyError);
    // A black-holed peer never answers the handshake; give each attempt a deadline so backoff keeps going.
    const onStall = () => socket.destroy(new Error(`no answer within ${this.heartbeat.timeoutMs} ms`));
    socket.setTimeout(this.heartbeat.timeoutMs, onStall);
    socket.once(ready, () => {
      socket.off('error', onEarlyError);
      socket.setTimeout(0);
      socket.off('timeout', onStall);
      this.onConnected(socket);
    });
  }

  private onConnected(socket: net.Socket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    this.delayMs = this.reconnectOptions().initialDelayMs;
    this.connection = new RpcConnection(socket, `${this.host}:${this.port}`, this.heartbeat, {
      onFrame: (frame) => this.onFrame(frame),
      onClose: (reason) => this.onDisconnected(reason),
    });
    const listeners = this.connectedListeners;
    this.connectedListeners = [];
    for (const listener of listeners) listener();
  }

  private onDisconnected(reason: string): void {
    this.connection = undefined;
    this.lastDisconnect = reason;
    const failed = [...this.pending.values()];
    this.pending.clear();
    for (const call of failed) {
      clearTimeout(call.timer);
      call.reject(new RpcDisconnectedError(`${this.host}:${this.port}`, 'call', reason));
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer !== undefined) return;
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.reconnectOptions().maxDelayMs);
    this.reconnectTimer = setTimeout(() => this.attempt(), delay);
  }

  private reconnectOptions(): { initialDelayMs: number; maxDelayMs: number } {
    return this.options.reconnect ?? { initialDelayMs: 50, maxDelayMs: 2000 };
  }

  private onFrame(frame: Frame): void {
    const call = this.pending.get(frame.id);
    if (call === undefined) return; // timed out earlier; the late answer is dropped
    this.pending.delete(frame.id);
    clearTimeout(call.timer);
    switch (frame.kind) {
      case 'response':
        call.resolve(v8.deserialize(frame.payload));
        return;
      case 'error':
        call.reject(toError(v8.deserialize(frame.payload) as SerializedError, `${this.host}:${this.port}`));
        return;
      case 'request':
      case 'heartbeat':
        call.reject(new Error(`RPC server ${this.host}:${this.port} sent an unexpected ${frame.kind} frame`));
        return;
    }
  }
}

function toError(remote: SerializedError, server: string): Error {
  const error = remote.name === 'RpcEndpointNotFoundError' ? new RpcEndpointNotFoundError(server) : new Error();
  error.name = remote.name;
  error.message = remote.message;
  error.stack = `${remote.stack ?? `${remote.name}: ${remote.message}`}\n    at <remote RPC server ${server}>`;
  return error;
}

/** Connection made by connectRemote: the gateway proxy plus the client that owns the socket. */
export interface RemoteGateway<G> {
  readonly gateway: G;
  readonly client: TcpRpcClient;
}

/** Parses 'host:port/endpoint' ('[::1]:port/endpoint' for IPv6), connects, and returns a gateway proxy. */
export async function connectRemote<G extends object>(
  url: string,
  options: TcpRpcClientOptions = {},
): Promise<RemoteGateway<G>> {
  const { host, port, endpoint } = parseRemoteAddress(url);
  const client = new TcpRpcClient(host, port, options);
  await client.start();
  return { gateway: client.gateway<G>(endpoint), client };
}

export function parseRemoteAddress(url: string): { host: string; port: number; endpoint: string } {
  const match = /^(\[[^\]]+\]|[^:/[\]]+):(\d{1,5})\/(.+)$/.exec(url);
  const port = match === null ? Number.NaN : Number(match[2]);
  if (match === null || port < 1 || port > 65535) {
    throw new Error(
      `Bad RPC address '${url}': expected 'host:port/endpoint' with port 1-65535, e.g. 127.0.0.1:6123/jobmanager`,
    );
  }
  const host = (match[1] as string).replace(/^\[|\]$/g, '');
  return { host, port, endpoint: match[3] as string };
}
