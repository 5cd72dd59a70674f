// Loads the keystore (this process's key and certificate chain) and truststore (the certificates it trusts) that
// Flink's security.ssl.* keys name. The format is detected from the content, not the file name: PKCS12 (what Flink
// and keytool write with -storetype pkcs12), or PEM (what openssl and most Node setups have). JKS/JCEKS, Java's own
// formats, cannot be read by Node and are refused with the keytool command that converts them.
// Runs once at start-up on the main thread; synchronous file reads are deliberate. Errors name the key and path.

import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import tls from 'node:tls';
import { ConfigurationError } from '../../core/config/configuration.js';
import { Pkcs12Error, pkcs12Certificates } from './pkcs12-certificates.js';

/** What a keystore adds to tls options: either PKCS12 bytes or PEM key + chain, with the password to open it. */
export type TlsIdentity =
  | { readonly pfx: Buffer; readonly passphrase: string | undefined }
  | { readonly key: string; readonly cert: string; readonly passphrase: string | undefined };

export interface StoreSpec {
  /** The key naming the file, for messages: 'security.ssl.internal.keystore'. */
  readonly key: string;
  readonly path: string;
  readonly password: string | undefined;
  /** keystore-type / truststore-type when set: only a JKS/JCEKS or unknown type matters (refused). */
  readonly type: string | undefined;
}

type StoreFormat = 'pkcs12' | 'pem';

const KNOWN_TYPES = new Set(['pkcs12', 'p12', 'pfx', 'pem']);

function convertHint(path: string): string {
  return (
    `convert it with: keytool -importkeystore -srckeystore ${path} -destkeystore ${path}.p12 ` +
    '-deststoretype pkcs12, and point the key at the .p12 file (or use PEM files)'
  );
}

function checkType(spec: StoreSpec): void {
  if (spec.type === undefined) return;
  const type = spec.type.trim().toLowerCase();
  if (type === 'jks' || type === 'jceks') {
    throw new ConfigurationError(
      `${spec.key}-type is ${spec.type}: Node cannot read Java keystores; ${convertHint(spec.path)}`,
    );
  }
  if (!KNOWN_TYPES.has(type)) {
    throw new ConfigurationError(`${spec.key}-type '${spec.type}' is not supported: use PKCS12 or PEM`);
  }
}

function readStore(spec: StoreSpec): { bytes: Buffer; format: StoreFormat } {
  checkType(spec);
  if (!existsSync(spec.path) || !statSync(spec.path).isFile()) {
    throw new ConfigurationError(`${spec.key}: the file '${spec.path}' does not exist; fix the path in ${spec.key}`);
  }
  const bytes = readFileSync(spec.path);
  const magic = bytes.length >= 4 ? bytes.readUInt32BE(0) : 0;
  if (magic === 0xfeedfeed || magic === 0xcececece) {
    throw new ConfigurationError(`${spec.key}: '${spec.path}' is a Java keystore (JKS); ${convertHint(spec.path)}`);
  }
  if (bytes.includes('-----BEGIN ')) return { bytes, format: 'pem' };
  if (bytes[0] === 0x30) return { bytes, format: 'pkcs12' };
  throw new ConfigurationError(`${spec.key}: '${spec.path}' is neither a PKCS12 file nor PEM text`);
}

/** Loads a keystore and checks now that its password opens it (not at the first connection). */
export function loadKeystore(spec: StoreSpec, keyPassword: string | undefined): TlsIdentity {
  const { bytes, format } = readStore(spec);
  let identity: TlsIdentity;
  if (format === 'pkcs12') {
    // PKCS12 has one password in practice (keytool and openssl use the store password for the key too).
    identity = { pfx: bytes, passphrase: spec.password ?? keyPassword };
  } else {
    const text = bytes.toString('utf8');
    const key = /-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]+?-----END \1PRIVATE KEY-----/.exec(text)?.[0];
    const cert = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)?.join('\n');
    if (key === undefined || cert === undefined) {
      throw new ConfigurationError(
        `${spec.key}: the PEM file '${spec.path}' must hold the private key and the certificate chain ` +
          `(found ${key === undefined ? 'no private key' : 'no certificate'}); concatenate them into one file`,
      );
    }
    identity = { key, cert, passphrase: keyPassword ?? spec.password };
  }
  try {
    tls.createSecureContext(identity);
  } catch (error) {
    throw new ConfigurationError(describeKeystoreError(spec, (error as Error).message));
  }
  return identity;
}

function describeKeystoreError(spec: StoreSpec, reason: string): string {
  if (/mac verify failure|bad decrypt|bad password|decrypt/i.test(reason)) {
    return (
      `${spec.key}: the password does not open '${spec.path}' (${reason}); ` +
      `check ${spec.key}-password and ${spec.key.replace(/keystore$/, 'key-password')}`
    );
  }
  return `${spec.key}: '${spec.path}' could not be loaded as a keystore: ${reason}`;
}

/** Loads a truststore: the PEM texts of the certificates it holds (Node's `ca`). */
export function loadTruststore(spec: StoreSpec): string[] {
  const { bytes, format } = readStore(spec);
  let certificates: string[];
  if (format === 'pem') {
    certificates = bytes.toString('utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  } else {
    try {
      certificates = pkcs12Certificates(bytes, spec.password ?? '');
    } catch (error) {
      if (!(error instanceof Pkcs12Error)) throw error;
      throw new ConfigurationError(`${spec.key}: '${spec.path}' cannot be read: ${error.message}`);
    }
  }
  if (certificates.length === 0) {
    throw new ConfigurationError(`${spec.key}: '${spec.path}' holds no certificate to trust`);
  }
  for (const pem of certificates) {
    try {
      new X509Certificate(pem);
    } catch (error) {
      throw new ConfigurationError(`${spec.key}: '${spec.path}' holds a bad certificate: ${(error as Error).message}`);
    }
  }
  return certificates;
}
