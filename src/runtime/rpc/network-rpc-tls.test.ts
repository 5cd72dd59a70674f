// NetworkRpcService with security.ssl.internal.*: calls work with mutual authentication; a peer without a trusted
// certificate is refused and logged while the server keeps serving the others.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  createTlsFixture,
  opensslAvailable,
  STORE_PASSWORD,
  type TlsFixture,
} from '../../../test/support/tls-fixture.js';
import { Configuration } from '../../core/config/configuration.js';
import { NetworkRpcService } from './network-rpc-service.js';
import { TcpRpcClient } from './tcp-rpc-client.js';
import { type ClusterTlsOptions, tlsOptions } from './tls-options.js';

const heartbeat = { intervalMs: 100, timeoutMs: 1000 };

interface Echo {
  echo(text: string): Promise<string>;
}

function internalTls(values: Record<string, string>): ClusterTlsOptions {
  const c = new Configuration();
  c.setString('security.ssl.internal.enabled', 'true', 'test');
  for (const [k, v] of Object.entries(values)) c.setString(k, v, 'test');
  return tlsOptions(c, 'internal') as ClusterTlsOptions;
}

describe('RPC over TLS', { skip: opensslAvailable() ? false : 'openssl is not installed' }, () => {
  let f: TlsFixture;
  before(() => {
    f = createTlsFixture();
  });
  after(() => f?.remove());

  it('serves calls between processes that trust each other (mutual authentication)', async () => {
    const tls = internalTls(f.keys('internal'));
    const server = new NetworkRpcService({ advertisedHost: '127.0.0.1', heartbeat, tls });
    const client = new NetworkRpcService({ advertisedHost: '127.0.0.1', heartbeat, tls });
    await server.start();
    await client.start();
    try {
      server.register('echo', { echo: async (text: string) => `echo ${text}` });
      const echo = client.connect<Echo>(server.localAddress('echo'), 5000);
      assert.equal(await echo.echo('over tls'), 'echo over tls');
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('refuses a client whose certificate it does not trust, or that has none, and keeps serving', async () => {
    const server = new NetworkRpcService({
      advertisedHost: '127.0.0.1',
      heartbeat,
      tls: internalTls(f.keys('internal')),
    });
    const port = await server.start();
    server.register('echo', { echo: async (text: string) => `echo ${text}` });
    const trusting = internalTls(f.keys('internal')).client;
    const attempts = [
      // Another CA's certificate: the server refuses it.
      { ca: trusting.ca, checkServerIdentity: trusting.checkServerIdentity, ...strangerIdentity(f) },
      // No certificate at all.
      { ca: trusting.ca, checkServerIdentity: trusting.checkServerIdentity },
    ];
    try {
      for (const tls of attempts) {
        const refused = new TcpRpcClient('127.0.0.1', port, { tls, heartbeat, connectTimeoutMs: 1000 });
        const call = refused.start().then(() => refused.gateway<Echo>('echo').echo('x'));
        await assert.rejects(call, /Could not connect|not connected|certificate|socket hang up|closed/);
        refused.close();
      }
      const good = new TcpRpcClient('127.0.0.1', port, { tls: trusting, heartbeat });
      await good.start();
      assert.equal(await good.gateway<Echo>('echo').echo('still serving'), 'echo still serving');
      good.close();
    } finally {
      await server.close();
    }
  });

  it('does not connect to a server whose certificate it does not trust', async () => {
    // The server trusts the client; the client does not trust the server's certificate (another CA).
    const stranger = internalTls({
      ...f.keys('internal'),
      'security.ssl.internal.keystore': f.strangerP12,
    });
    const server = new NetworkRpcService({ advertisedHost: '127.0.0.1', heartbeat, tls: stranger });
    const port = await server.start();
    const client = new TcpRpcClient('127.0.0.1', port, {
      tls: internalTls(f.keys('internal')).client,
      heartbeat,
      connectTimeoutMs: 1000,
    });
    try {
      await assert.rejects(client.start(), /Could not connect .* \(last: connect failed: .*certificate/);
    } finally {
      client.close();
      await server.close();
    }
  });
});

function strangerIdentity(f: TlsFixture): { pfx: Buffer; passphrase: string } {
  return { pfx: readFileSync(f.strangerP12), passphrase: STORE_PASSWORD };
}
