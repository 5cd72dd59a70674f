import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createTlsFixture,
  opensslAvailable,
  STORE_PASSWORD,
  type TlsFixture,
} from '../../../test/support/tls-fixture.js';
import { Configuration } from '../../core/config/configuration.js';
import { pkcs12Certificates } from './pkcs12-certificates.js';
import { cipherList, restClientTlsOptions, tlsOptions } from './tls-options.js';

function config(values: Record<string, string>): Configuration {
  const c = new Configuration();
  for (const [k, v] of Object.entries(values)) c.setString(k, v, 'test');
  return c;
}

const skip = opensslAvailable() ? false : 'openssl is not installed, so no certificate can be generated';

describe('tlsOptions', { skip }, () => {
  let f: TlsFixture;
  before(() => {
    f = createTlsFixture();
  });
  after(() => f?.remove());

  it('is undefined while security.ssl.<scope>.enabled is false', () => {
    assert.equal(tlsOptions(config(f.keys('internal')), 'internal'), undefined);
    assert.equal(restClientTlsOptions(config({})), undefined);
  });

  it('reads PKCS12 stores: internal TLS is mutual and trusts the truststore alone (no hostname check)', () => {
    const t = tlsOptions(config({ 'security.ssl.internal.enabled': 'true', ...f.keys('internal') }), 'internal');
    assert.ok(t !== undefined);
    assert.equal(t.server.requestCert, true);
    assert.equal(t.server.rejectUnauthorized, true);
    assert.ok(Buffer.isBuffer(t.server.pfx));
    assert.equal(t.server.minVersion, 'TLSv1.2');
    const ca = t.client.ca as string[];
    assert.deepEqual(
      ca.map((pem) => new X509Certificate(pem).subject),
      ['CN=ca'],
    );
    assert.equal(typeof t.client.checkServerIdentity, 'function');
  });

  it('reads PEM stores, detected by content', () => {
    const keys = {
      'security.ssl.rest.enabled': 'true',
      'security.ssl.rest.keystore': f.keystorePem,
      'security.ssl.rest.truststore': f.truststorePem,
      'security.ssl.protocol': 'TLSv1.2,TLSv1.3',
    };
    const t = tlsOptions(config(keys), 'rest');
    assert.ok(t !== undefined);
    assert.match(String(t.server.key), /PRIVATE KEY/);
    // REST is mutual only when asked; its clients check the server's hostname.
    assert.equal(t.server.requestCert, false);
    assert.equal(t.client.checkServerIdentity, undefined);
    assert.deepEqual([t.server.minVersion, t.server.maxVersion], ['TLSv1.2', 'TLSv1.3']);
  });

  it('gives a REST client only the truststore unless the server authenticates clients', () => {
    const trustOnly = { 'security.ssl.rest.enabled': 'true', 'security.ssl.rest.truststore': f.truststorePem };
    const client = restClientTlsOptions(config(trustOnly));
    assert.ok(client !== undefined && client.pfx === undefined && client.key === undefined);
    assert.throws(
      () => restClientTlsOptions(config({ ...trustOnly, 'security.ssl.rest.authentication-enabled': 'true' })),
      /security.ssl.rest.keystore is not set/,
    );
  });

  it('accepts the deprecated unscoped keys', () => {
    const unscoped = Object.fromEntries(
      Object.entries(f.keys('internal')).map(([k, v]) => [k.replace('.internal.', '.'), v]),
    );
    assert.ok(tlsOptions(config({ 'security.ssl.enabled': 'true', ...unscoped }), 'internal') !== undefined);
  });

  const bad: Array<[string, (f: TlsFixture) => Record<string, string>, RegExp]> = [
    [
      'a missing keystore file, naming the key and the path',
      (f) => ({ 'security.ssl.internal.keystore': join(f.dir, 'nope.p12') }),
      /security\.ssl\.internal\.keystore: the file '.*nope\.p12' does not exist/,
    ],
    [
      'a wrong keystore password',
      () => ({ 'security.ssl.internal.keystore-password': 'wrong' }),
      /security\.ssl\.internal\.keystore: the password does not open '.*node\.p12'/,
    ],
    [
      'a wrong truststore password',
      () => ({ 'security.ssl.internal.truststore-password': 'wrong' }),
      /security\.ssl\.internal\.truststore: '.*truststore\.p12' cannot be read: the password is wrong/,
    ],
    [
      'a JKS keystore, saying how to convert it',
      (f) => ({ 'security.ssl.internal.keystore': f.jks }),
      /is a Java keystore \(JKS\); convert it with: keytool -importkeystore .* -deststoretype pkcs12/,
    ],
    [
      'keystore-type JKS',
      () => ({ 'security.ssl.internal.keystore-type': 'JKS' }),
      /keystore-type is JKS: Node cannot read Java keystores; convert it with: keytool/,
    ],
    ['no truststore', () => ({ 'security.ssl.internal.truststore': '' }), /truststore/],
    [
      'an unsupported protocol',
      () => ({ 'security.ssl.protocol': 'SSLv3' }),
      /security.ssl.protocol 'SSLv3' names 'SSLv3', which is not supported/,
    ],
  ];
  for (const [what, values, message] of bad) {
    it(`refuses ${what}`, () => {
      const c = config({ 'security.ssl.internal.enabled': 'true', ...f.keys('internal'), ...values(f) });
      assert.throws(() => tlsOptions(c, 'internal'), message);
    });
  }

  it('refuses a PEM keystore without a private key', () => {
    const certOnly = join(f.dir, 'cert-only.pem');
    writeFileSync(certOnly, readFileSync(f.truststorePem));
    const c = config({ 'security.ssl.internal.enabled': 'true', ...f.keys('internal') });
    c.setString('security.ssl.internal.keystore', certOnly, 'test');
    assert.throws(() => tlsOptions(c, 'internal'), /must hold the private key and the certificate chain/);
  });

  it('reads the certificates of PKCS12 files, leaf and chain', () => {
    const subjects = pkcs12Certificates(readFileSync(f.keystoreP12), STORE_PASSWORD).map(
      (pem) => new X509Certificate(pem).subject,
    );
    assert.deepEqual(subjects, ['CN=node', 'CN=ca']);
  });
});

describe('security.ssl.algorithms', () => {
  it("keeps Node's ciphers for Flink's default, and maps IANA names to OpenSSL's", () => {
    assert.equal(cipherList('TLS_RSA_WITH_AES_128_CBC_SHA'), undefined);
    assert.equal(
      cipherList('TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, ECDHE-ECDSA-AES256-GCM-SHA384,TLS_AES_128_GCM_SHA256'),
      'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:TLS_AES_128_GCM_SHA256',
    );
    assert.throws(() => cipherList('TLS_FOO_BAR'), /security.ssl.algorithms names 'TLS_FOO_BAR'/);
  });
});
