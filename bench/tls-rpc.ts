// Micro-benchmark (not a test): what security.ssl.internal costs the RPC transport. Connect time (TCP vs TLS
// handshake with mutual authentication), and calls per second one at a time and 64 in flight, plain and TLS.
// Needs the openssl command (test certificates are generated in a temp folder). Run directly:
//   node --import tsx bench/tls-rpc.ts
// Figures are the median of 5 timed runs after a warm-up.

import { Configuration } from '../src/core/config/configuration.js';
import { TcpRpcClient } from '../src/runtime/rpc/tcp-rpc-client.js';
import { TcpRpcServer } from '../src/runtime/rpc/tcp-rpc-server.js';
import { type ClusterTlsOptions, tlsOptions } from '../src/runtime/rpc/tls-options.js';
import { createTlsFixture } from '../test/support/tls-fixture.js';

interface Echo {
  echo(value: { id: number; name: string }): Promise<{ id: number; name: string }>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function measure(label: string, tls: ClusterTlsOptions | undefined): Promise<void> {
  const server = new TcpRpcServer({ tls: tls?.server });
  server.register('echo', { echo: async (v: unknown) => v });
  const { port } = await server.start();
  const connects: number[] = [];
  for (let i = 0; i < 20; i++) {
    const client = new TcpRpcClient('127.0.0.1', port, { tls: tls?.client });
    const t0 = performance.now();
    await client.start();
    connects.push(performance.now() - t0);
    client.close();
  }
  const client = new TcpRpcClient('127.0.0.1', port, { tls: tls?.client });
  await client.start();
  const echo = client.gateway<Echo>('echo');
  const value = { id: 1, name: 'a small argument' };
  const sequential: number[] = [];
  const pipelined: number[] = [];
  for (let run = 0; run < 6; run++) {
    let t0 = performance.now();
    for (let i = 0; i < 5000; i++) await echo.echo(value);
    if (run > 0) sequential.push(5000 / ((performance.now() - t0) / 1000));
    t0 = performance.now();
    for (let batch = 0; batch < 500; batch++) await Promise.all(Array.from({ length: 64 }, () => echo.echo(value)));
    if (run > 0) pipelined.push(32000 / ((performance.now() - t0) / 1000));
  }
  client.close();
  await server.close();
  console.log(
    `${label.padEnd(6)} connect p50 ${median(connects).toFixed(2)} ms | sequential ${Math.round(median(sequential))} calls/s | 64 in flight ${Math.round(median(pipelined))} calls/s`,
  );
}

const fixture = createTlsFixture();
try {
  const config = new Configuration();
  config.setString('security.ssl.internal.enabled', 'true', 'bench');
  for (const [k, v] of Object.entries(fixture.keys('internal'))) config.setString(k, v, 'bench');
  await measure('plain', undefined);
  await measure('tls', tlsOptions(config, 'internal'));
  config.setString('security.ssl.protocol', 'TLSv1.3', 'bench');
  await measure('tls1.3', tlsOptions(config, 'internal'));
} finally {
  fixture.remove();
}
