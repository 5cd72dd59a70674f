// Test certificates made with the openssl command at test time (nothing secret is checked in): a CA, a node
// certificate signed by it (for 127.0.0.1 and localhost) as PKCS12 keystore and PEM files, the CA as PKCS12 and PEM
// truststore, and a "stranger" certificate from another CA that the cluster must not trust.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const STORE_PASSWORD = 'weir-secret';

export interface TlsFixture {
  readonly dir: string;
  /** The node's key and certificate chain, PKCS12, password STORE_PASSWORD. */
  readonly keystoreP12: string;
  /** The CA certificate as PKCS12 (certificates only), password STORE_PASSWORD. */
  readonly truststoreP12: string;
  /** The node's certificate then its unencrypted key, PEM. */
  readonly keystorePem: string;
  /** The CA certificate, PEM. */
  readonly truststorePem: string;
  /** A key and certificate from another CA, PKCS12, password STORE_PASSWORD. */
  readonly strangerP12: string;
  /** A JKS-looking file (the magic number only), to check it is refused. */
  readonly jks: string;
  /** Configuration keys for `security.ssl.<scope>.*` with the PKCS12 stores. */
  keys(scope: 'internal' | 'rest'): Record<string, string>;
  remove(): void;
}

export function opensslAvailable(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function openssl(dir: string, args: readonly string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A CA `name` plus a leaf `leaf` signed by it (SAN 127.0.0.1, localhost). */
function makeChain(dir: string, ca: string, leaf: string): void {
  const caArgs = ['-keyout', `${ca}.key`, '-out', `${ca}.crt`];
  openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${ca}`, ...caArgs]);
  openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${leaf}`, '-keyout', `${leaf}.key`]);
  openssl(dir, ['req', '-new', '-key', `${leaf}.key`, '-subj', `/CN=${leaf}`, '-out', `${leaf}.csr`]);
  writeFileSync(join(dir, `${leaf}.ext`), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${leaf}.csr`,
    '-CA',
    `${ca}.crt`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    `${leaf}.ext`,
    '-out',
    `${leaf}.crt`,
  ]);
  const pass = `pass:${STORE_PASSWORD}`;
  const chain = ['-in', `${leaf}.crt`, '-inkey', `${leaf}.key`, '-certfile', `${ca}.crt`];
  openssl(dir, ['pkcs12', '-export', ...chain, '-out', `${leaf}.p12`, '-passout', pass]);
}

/** Generates the fixture in a new temp folder; call remove() when done. Needs the openssl command. */
export function createTlsFixture(): TlsFixture {
  const dir = mkdtempSync(join(tmpdir(), 'weir-tls-'));
  makeChain(dir, 'ca', 'node');
  makeChain(dir, 'other-ca', 'stranger');
  const pass = `pass:${STORE_PASSWORD}`;
  openssl(dir, ['pkcs12', '-export', '-nokeys', '-in', 'ca.crt', '-out', 'truststore.p12', '-passout', pass]);
  execFileSync('sh', ['-c', 'cat node.crt node.key > node.pem'], { cwd: dir });
  writeFileSync(join(dir, 'keystore.jks'), Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2]));
  const fixture: TlsFixture = {
    dir,
    keystoreP12: join(dir, 'node.p12'),
    truststoreP12: join(dir, 'truststore.p12'),
    keystorePem: join(dir, 'node.pem'),
    truststorePem: join(dir, 'ca.crt'),
    strangerP12: join(dir, 'stranger.p12'),
    jks: join(dir, 'keystore.jks'),
    keys: (scope) => ({
      [`security.ssl.${scope}.keystore`]: fixture.keystoreP12,
      [`security.ssl.${scope}.keystore-password`]: STORE_PASSWORD,
      [`security.ssl.${scope}.key-password`]: STORE_PASSWORD,
      [`security.ssl.${scope}.truststore`]: fixture.truststoreP12,
      [`security.ssl.${scope}.truststore-password`]: STORE_PASSWORD,
    }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  return fixture;
}
