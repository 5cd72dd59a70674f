// Refusing TLS peers visibly: Node's own client-certificate check (rejectUnauthorized) drops the connection
// without saying who or why. Servers built with tlsServerOptions() accept the handshake, and guardTlsServer() then
// ends every connection whose client certificate is missing or untrusted, logging the peer and the reason, before
// any byte of it is read. Handshake failures (no common protocol, plain TCP) are logged too. The server keeps
// serving everyone else. Main thread; the listeners run on connection events.

import type { Server, TLSSocket, TlsOptions } from 'node:tls';
import { log } from '../../core/log.js';

/** True when `options` ask to verify clients (requestCert, and rejectUnauthorized not turned off). */
function verifiesClients(options: TlsOptions): boolean {
  return options.requestCert === true && options.rejectUnauthorized !== false;
}

/** The options to create the server with: the client check moves to guardTlsServer, which logs refusals. */
export function tlsServerOptions(options: TlsOptions): TlsOptions {
  return verifiesClients(options) ? { ...options, rejectUnauthorized: false } : options;
}

/** Installs the logging and, when `options` verify clients, the refusal of untrusted ones. */
export function guardTlsServer(server: Server, options: TlsOptions, component: string): void {
  server.on('tlsClientError', (error: Error, socket: TLSSocket) => {
    const peer = socket.remoteAddress === undefined ? 'a client' : `${socket.remoteAddress}:${socket.remotePort}`;
    log('warn', component, `Refused a TLS connection from ${peer}: ${describeTlsError(error)}`);
  });
  if (!verifiesClients(options)) return;
  // Prepended: runs before the server's own connection handling, so a refused socket is never read.
  server.prependListener('secureConnection', (socket: TLSSocket) => {
    if (socket.authorized) return;
    const sentNone = Object.keys(socket.getPeerCertificate()).length === 0;
    const reason = sentNone
      ? 'it sent no certificate'
      : `its certificate is not trusted (${socket.authorizationError})`;
    log('warn', component, `Refused a TLS connection from ${socket.remoteAddress}:${socket.remotePort}: ${reason}`);
    socket.destroy();
  });
}

/** A handshake failure as a short reason: OpenSSL's text without its error codes and source positions. */
export function describeTlsError(error: Error): string {
  const reason = /error:[0-9A-F]+:[^:]*:[^:]*:([^:]+)(?::[^:]*\.c:\d+)?:?\s*$/.exec(error.message)?.[1];
  return reason ?? error.message;
}
