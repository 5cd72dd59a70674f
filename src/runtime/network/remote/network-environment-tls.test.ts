// The data plane with security.ssl.internal.*: channels between workers that trust each other work over mutual
// TLS (the options as the TaskManager posts them to its slot workers); a consumer without a trusted certificate
// is refused, fails its channel with the reason, and the producer keeps serving.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTlsFixture, opensslAvailable, type TlsFixture } from '../../../../test/support/tls-fixture.js';
import { Configuration } from '../../../core/config/configuration.js';
import { type ClusterTlsOptions, tlsOptions } from '../../rpc/tls-options.js';
import type { InputHandler } from '../channel.js';
import { InputGate } from '../input-gate.js';
import { OverdraftBudget } from '../overdraft-budget.js';
import type { StreamEvent } from '../stream-event.js';
import { numberCodec } from '../test-codecs.js';
import { postableTls } from './data-transport.js';
import { NetworkEnvironment, type RemotePeer } from './network-environment.js';

const PEER: RemotePeer = { taskManagerId: 'tm-producer', address: 'weir.tcp://127.0.0.1:1/taskmanager', slotIndex: 0 };

function internalTls(values: Record<string, string>): ClusterTlsOptions {
  const c = new Configuration();
  c.setString('security.ssl.internal.enabled', 'true', 'test');
  for (const [k, v] of Object.entries(values)) c.setString(k, v, 'test');
  return tlsOptions(c, 'internal') as ClusterTlsOptions;
}

async function readAll(gate: InputGate): Promise<unknown[]> {
  const seen: unknown[] = [];
  const handler: InputHandler = {
    onRecord: (value) => seen.push(value),
    onEvent: (event: StreamEvent) => seen.push(event.kind),
  };
  for (;;) {
    const result = gate.pollNext(handler, 4);
    if (result === 'END_OF_INPUT') return seen;
    if (result === 'NOTHING_AVAILABLE') await gate.whenAvailable();
  }
}

describe('channels between TaskManagers over TLS', { skip: opensslAvailable() ? false : 'openssl missing' }, () => {
  let f: TlsFixture;
  const environments: NetworkEnvironment[] = [];
  before(() => {
    f = createTlsFixture();
  });
  after(() => {
    for (const env of environments) env.close();
    f?.remove();
  });

  async function start(tls: ClusterTlsOptions | undefined, port?: () => number): Promise<NetworkEnvironment> {
    const options = {
      bindHost: '127.0.0.1',
      requestBackoffInitialMs: 10,
      requestBackoffMaxMs: 300,
      // Through structured clone, as the TaskExecutor posts it to a slot worker.
      tls: structuredClone(postableTls(tls)),
    };
    const env = new NetworkEnvironment(options, async () => ({ host: '127.0.0.1', port: port?.() ?? 0 }));
    await env.start();
    environments.push(env);
    return env;
  }

  it('carries records between workers that trust each other', async () => {
    const tls = internalTls(f.keys('internal'));
    const producer = await start(tls);
    const consumer = await start(tls, () => producer.port);
    const writer = producer.createWriter('job', 'tls', numberCodec, new OverdraftBudget());
    const reading = readAll(new InputGate([consumer.createReader('job', 'tls', numberCodec, PEER)]));
    for (let i = 0; i < 1000; i++) {
      await writer.whenCredit();
      writer.writeRecord(i, 1);
    }
    writer.close();
    assert.deepEqual(await reading, [...Array.from({ length: 1000 }, (_, i) => i), 'end-of-partition']);
  });

  it('refuses a consumer with an untrusted certificate; the channel fails naming the connection', async () => {
    const producer = await start(internalTls(f.keys('internal')));
    const stranger = internalTls({
      ...f.keys('internal'),
      'security.ssl.internal.keystore': f.strangerP12,
    });
    const consumer = await start(stranger, () => producer.port);
    consumer.createReader('job', 'refused', numberCodec, PEER);
    const refused = consumer.createReader('job', 'refused-2', numberCodec, PEER);
    await assert.rejects(readAll(new InputGate([refused])), /could not reach its producer .* within 300 ms/);
  });
});
