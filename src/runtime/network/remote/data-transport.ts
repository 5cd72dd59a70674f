import net from 'node:net';
import tls from 'node:tls';

// How the data plane opens sockets: plain TCP, or TLS with mutual authentication when
// `security.ssl.internal.enabled` is set (the same options as the RPC transport's). Sockets are used the same way
// either way; only 'connect' versus 'secureConnect' differs, and the client waits for neither (writes made while
// connecting are queued by the socket).

export interface DataTlsOptions {
  readonly server: tls.TlsOptions;
  readonly client: tls.ConnectionOptions;
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
    createServer: (onConnection) =>
      tls.createServer({ requestCert: true, rejectUnauthorized: true, ...tlsOptions.server }, (socket) => {
        socket.setNoDelay(true);
        onConnection(socket);
      }),
    connect: (host, port) => {
      const socket = tls.connect({ host, port, ...tlsOptions.client });
      socket.setNoDelay(true);
      return socket;
    },
  };
}
