// Serves RPC endpoints over TCP (optionally TLS), by name: the network side of RpcService.register(). A request
// frame carries v8.serialize([endpointName, method, args]); the reply is a response frame with the serialized
// result, or an error frame with {name, message, stack}. Runs on the main thread; endpoint methods may be async.

import net from 'node:net';
import tls from 'node:tls';
import v8 from 'node:v8';
import { DEFAULT_HEARTBEAT, type HeartbeatOptions, validateHeartbeat } from './heartbeat-monitor.js';
import { RpcConnection } from './rpc-connection.js';
import type { Frame } from './rpc-frame.js';
import { guardTlsServer, tlsServerOptions } from './tls-server-guard.js';

export interface TcpRpcServerOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0 (any free port; read it from start()'s result). */
  readonly port?: number;
  /** Serve TLS with these options (tlsOptions(config, 'internal').server: mutual authentication). */
  readonly tls?: tls.TlsOptions;
  readonly heartbeat?: HeartbeatOptions;
}

export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
}

export function toSerializedError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: `non-Error thrown: ${String(error)}`, stack: undefined };
}

export class TcpRpcServer {
  private readonly endpoints = new Map<string, object>();
  private readonly connections = new Set<RpcConnection>();
  private readonly heartbeat: HeartbeatOptions;
  private server: net.Server | undefined;

  constructor(private readonly options: TcpRpcServerOptions = {}) {
    this.heartbeat = options.heartbeat ?? DEFAULT_HEARTBEAT;
    validateHeartbeat(this.heartbeat, 'TcpRpcServer');
  }

  register(name: string, endpoint: object): void {
    if (this.endpoints.has(name)) throw new Error(`An RPC endpoint is already registered as '${name}'`);
    this.endpoints.set(name, endpoint);
  }

  unregister(name: string): void {
    this.endpoints.delete(name);
  }

  /** Starts listening; resolves with the bound address (port 0 picks a free one). */
  start(): Promise<{ host: string; port: number }> {
    if (this.server !== undefined) throw new Error('TcpRpcServer.start() called twice');
    const onSocket = (socket: net.Socket) => this.accept(socket);
    const t = this.options.tls;
    const server = t === undefined ? net.createServer(onSocket) : tls.createServer(tlsServerOptions(t), onSocket);
    // A peer that fails the handshake or has no trusted certificate is refused and logged; the others are served.
    if (t !== undefined) guardTlsServer(server as tls.Server, t, 'RPC');
    this.server = server;
    const host = this.options.host ?? '127.0.0.1';
    return new Promise((resolve, reject) => {
      server.once('error', (error) =>
        reject(new Error(`TcpRpcServer could not listen on ${host}:${this.options.port ?? 0}: ${error.message}`)),
      );
      server.listen(this.options.port ?? 0, host, () => {
        const address = server.address() as net.AddressInfo;
        resolve({ host, port: address.port });
      });
    });
  }

  /** Stops listening and drops every connection (clients see their calls fail and start reconnecting). */
  close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const connection of this.connections) connection.close('server closed');
    if (server === undefined) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    if (socket.destroyed) return; // refused by guardTlsServer
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    const connection: RpcConnection = new RpcConnection(socket, peer, this.heartbeat, {
      onFrame: (frame) => this.onFrame(connection, frame),
      onClose: () => this.connections.delete(connection),
    });
    this.connections.add(connection);
  }

  private onFrame(connection: RpcConnection, frame: Frame): void {
    if (frame.kind !== 'request') {
      connection.close(`client sent a ${frame.kind} frame; only requests and heartbeats are expected`);
      return;
    }
    let result: Promise<unknown>;
    try {
      const [endpointName, method, args] = v8.deserialize(frame.payload) as [string, string, unknown[]];
      result = Promise.resolve(this.invoke(endpointName, method, args));
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(
      (value) => this.reply(connection, frame.id, value),
      (error: unknown) => connection.send('error', frame.id, v8.serialize(toSerializedError(error))),
    );
  }

  private invoke(endpointName: string, method: string, args: unknown[]): unknown {
    const endpoint = this.endpoints.get(endpointName) as Record<string, unknown> | undefined;
    if (endpoint === undefined) {
      const error = new Error(`No RPC endpoint '${endpointName}' on this server (it stopped, or never started)`);
      error.name = 'RpcEndpointNotFoundError';
      throw error;
    }
    const fn = endpoint[method];
    if (typeof fn !== 'function') throw new Error(`RPC endpoint '${endpointName}' has no method ${method}`);
    return fn.apply(endpoint, args);
  }

  private reply(connection: RpcConnection, id: number, value: unknown): void {
    let payload: Buffer;
    try {
      payload = v8.serialize(value);
    } catch (error) {
      const cause = (error as Error).message;
      const message = `the result could not be serialized (structured clone): ${cause}; return plain data`;
      connection.send('error', id, v8.serialize({ name: 'DataCloneError', message, stack: undefined }));
      return;
    }
    connection.send('response', id, payload);
  }
}
