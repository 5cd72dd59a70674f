// The REST endpoint over https (security.ssl.rest.*) and the CLI's client of it: trusted clients are served,
// untrusted ones refused while the endpoint keeps serving; with authentication-enabled, clients need a certificate.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTlsFixture, opensslAvailable, type TlsFixture } from '../../test/support/tls-fixture.js';
import { Configuration } from '../core/config/configuration.js';
import { type RestServer, startRestServer } from '../rest/rest-server.js';
import { createFakeGateway } from '../rest/testing/fake-gateway.js';
import { restClientTlsOptions, tlsOptions } from '../runtime/rpc/tls-options.js';
import { parseJobControlArgs, requestJson } from './rest-client.js';
import { parseWatermarksArgs } from './watermarks-command.js';

function config(values: Record<string, string>): Configuration {
  const c = new Configuration();
  for (const [k, v] of Object.entries(values)) c.setString(k, v, 'test');
  return c;
}

async function httpsServer(values: Record<string, string>): Promise<RestServer> {
  const tls = tlsOptions(config(values), 'rest');
  return startRestServer({ port: 0, gateway: createFakeGateway(), tls: tls?.server, closeGraceMs: 0 });
}

describe('REST over https', { skip: opensslAvailable() ? false : 'openssl is not installed' }, () => {
  let f: TlsFixture;
  before(() => {
    f = createTlsFixture();
  });
  after(() => f?.remove());

  it('serves clients that trust its certificate, refuses the others and keeps serving', async () => {
    const server = await httpsServer({ 'security.ssl.rest.enabled': 'true', ...f.keys('rest') });
    try {
      assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      const trusting = restClientTlsOptions(
        config({ 'security.ssl.rest.enabled': 'true', 'security.ssl.rest.truststore': f.truststorePem }),
      );
      await assert.rejects(requestJson(`${server.url}/jobs/overview`), (error: Error) => {
        assert.match(error.message, /Could not connect to the cluster at https:.*certificate/);
        return true;
      });
      const overview = (await requestJson(`${server.url}/jobs/overview`, 'GET', undefined, trusting)) as {
        jobs: unknown[];
      };
      assert.ok(Array.isArray(overview.jobs));
    } finally {
      await server.close();
    }
  });

  it('with authentication-enabled, refuses clients without a certificate', async () => {
    const keys = {
      'security.ssl.rest.enabled': 'true',
      'security.ssl.rest.authentication-enabled': 'true',
      ...f.keys('rest'),
    };
    const server = await httpsServer(keys);
    try {
      const trustOnly = { ca: restClientTlsOptions(config(keys))?.ca };
      await assert.rejects(
        requestJson(`${server.url}/jobs/overview`, 'GET', undefined, trustOnly),
        /Could not connect/,
      );
      const mutual = restClientTlsOptions(config(keys));
      assert.ok(mutual?.pfx !== undefined);
      assert.ok(await requestJson(`${server.url}/jobs/overview`, 'GET', undefined, mutual));
    } finally {
      await server.close();
    }
  });

  it('makes -m host:port an https address when -D turns REST TLS on', () => {
    const args = parseJobControlArgs([
      '-m',
      '127.0.0.1:8443',
      '-D',
      'security.ssl.rest.enabled=true',
      `-Dsecurity.ssl.rest.truststore=${f.truststorePem}`,
    ]);
    assert.equal(args.url, 'https://127.0.0.1:8443');
    assert.ok(args.tls?.ca !== undefined);
    assert.equal(parseJobControlArgs(['-m', '127.0.0.1:8081']).url, 'http://127.0.0.1:8081');
    const watermarks = parseWatermarksArgs([
      '-m',
      '127.0.0.1:8443',
      '-Dsecurity.ssl.rest.enabled=true',
      `-Dsecurity.ssl.rest.truststore=${f.truststorePem}`,
    ]);
    assert.equal(watermarks.url, 'https://127.0.0.1:8443');
    assert.ok(watermarks.tls?.ca !== undefined);
  });
});
