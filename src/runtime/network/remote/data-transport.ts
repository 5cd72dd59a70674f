import net from 'node:net';
import tls from 'node:tls';
import { guardTlsServer, tlsServerOptions } from '../../rpc/tls-server-guard.js';

// How the data plane opens sockets: plain TCP, or TLS with mutual authentication when
// `security.ssl.internal.enabled` is set (the same options as the RPC transport's). Sockets are used the same way
// either way; only 'connect' versus 'secureConnect' differs, and the client waits for neither (writes made while
// connecting are queued by the socket).

/** Plain data (posted to slot workers): no functions. Internal TLS is mutual and checks no hostnames, as Flink's. */
export interface DataTlsOptions {
  readonly server: tls.TlsOptions;
  readonly client: tls.ConnectionOptions;
}

/** The cluster's internal TLS options made postable to a worker: function-valued fields are dropped. */
export function postableTls(options: DataTlsOptions | undefined): DataTlsOptions | undefined {
  if (options === undefined) return undefined;
  const { checkServerIdentity: _dropped, ...client } = options.client;
  return { server: options.server, client };
}

export interface DataTransport {
  createServer(onConnection: (socket: net.Socket) => void): net.Server;
  connect(host: string, port: number): net.Socket;
  readonly secure: boolean;
}

export function dataTransport(tlsOptions?: DataTlsOptions): DataTransport {
  if (tlsOptions === undefined) {
    return {
      secure: false,
      createServer: (onConnection) => net.createServer({ noDelay: true }, onConnection),
      connect: (host, port) => net.connect({ host, port, noDelay: true }),
    };
  }
  return {
    secure: true,
    createServer: (onConnection) => {
      const options = { requestCert: true, rejectUnauthorized: true, ...tlsOptions.server };
      const server = tls.createServer(tlsServerOptions(options), (socket) => {
        socket.setNoDelay(true);
        onConnection(socket);
      });
      // Refused peers are logged with their address and the reason (no certificate, untrusted), as for RPC.
      guardTlsServer(server, options, 'data');
      return server;
    },
    connect: (host, port) => {
      const socket = tls.connect({ host, port, checkServerIdentity: () => undefined, ...tlsOptions.client });
      socket.setNoDelay(true);
      return socket;
    },
  };
}
