// TLS for the cluster under Flink's keys (SecurityOptions): `security.ssl.internal.*` for the JobManager/TaskManager
// RPC (and the data plane), always mutually authenticated, and `security.ssl.rest.*` for the REST endpoint, mutual
// only with `security.ssl.rest.authentication-enabled`. Stores: see tls-stores.ts (PKCS12 or PEM, by content).
//
// Use:
//   const t = tlsOptions(config, 'internal');     // undefined when security.ssl.internal.enabled is false
//   tls.createServer(t.server, onSocket);          // or https.createServer(t.server, ...)
//   tls.connect({ host, port, ...t.client });      // or https.request({ ...t.client, ... })
// The files are read and their passwords checked when called (start-up, main thread), so a bad setting stops the
// process at once with a ConfigurationError naming the key and the path; call it once per process and reuse the
// result. Hostnames: internal peers are trusted by the truststore alone (as in Flink, nodes often share one
// certificate); REST clients also check the server's name unless security.ssl.verify-hostname is false.

import type { ConnectionOptions, SecureVersion, TlsOptions } from 'node:tls';
import tls from 'node:tls';
import { ConfigOptions } from '../../core/config/config-option.js';
import { type Configuration, ConfigurationError } from '../../core/config/configuration.js';
import { loadKeystore, loadTruststore, type StoreSpec, type TlsIdentity } from './tls-stores.js';

export type TlsScope = 'internal' | 'rest';

/** Options for both ends of a connection: spread `server` into tls/https servers, `client` into connect/request. */
export interface ClusterTlsOptions {
  readonly server: TlsOptions;
  readonly client: ConnectionOptions;
}

function scoped(scope: TlsScope, name: string) {
  // Flink's pre-1.6 unscoped keys (security.ssl.keystore, ...) still count, as deprecated fallbacks.
  return ConfigOptions.key(`security.ssl.${scope}.${name}`)
    .stringType()
    .noDefaultValue()
    .withDeprecatedKeys(`security.ssl.${name}`);
}

export const SecurityOptions = {
  SSL_INTERNAL_ENABLED: ConfigOptions.key('security.ssl.internal.enabled')
    .booleanType()
    .defaultValue(false)
    .withDeprecatedKeys('security.ssl.enabled'),
  SSL_REST_ENABLED: ConfigOptions.key('security.ssl.rest.enabled')
    .booleanType()
    .defaultValue(false)
    .withDeprecatedKeys('security.ssl.enabled'),
  SSL_REST_AUTHENTICATION_ENABLED: ConfigOptions.key('security.ssl.rest.authentication-enabled')
    .booleanType()
    .defaultValue(false),
  /** Flink's default: TLSv1.2 only. A comma-separated list of TLSv1.2 / TLSv1.3. */
  SSL_PROTOCOL: ConfigOptions.key('security.ssl.protocol').stringType().defaultValue('TLSv1.2'),
  /** Cipher suites, comma-separated, by OpenSSL or IANA name; Flink's default (a Java name) means Node's default. */
  SSL_ALGORITHMS: ConfigOptions.key('security.ssl.algorithms')
    .stringType()
    .defaultValue('TLS_RSA_WITH_AES_128_CBC_SHA'),
  SSL_VERIFY_HOSTNAME: ConfigOptions.key('security.ssl.verify-hostname').booleanType().defaultValue(true),
  store: (scope: TlsScope) => ({
    keystore: scoped(scope, 'keystore'),
    keystorePassword: scoped(scope, 'keystore-password'),
    keyPassword: scoped(scope, 'key-password'),
    keystoreType: scoped(scope, 'keystore-type'),
    truststore: scoped(scope, 'truststore'),
    truststorePassword: scoped(scope, 'truststore-password'),
    truststoreType: scoped(scope, 'truststore-type'),
  }),
} as const;

const FLINK_DEFAULT_ALGORITHMS = 'TLS_RSA_WITH_AES_128_CBC_SHA';
const PROTOCOLS: readonly SecureVersion[] = ['TLSv1.2', 'TLSv1.3'];

/** Whether `security.ssl.<scope>.enabled` is on. */
export function tlsEnabled(config: Configuration, scope: TlsScope): boolean {
  return config.get(scope === 'internal' ? SecurityOptions.SSL_INTERNAL_ENABLED : SecurityOptions.SSL_REST_ENABLED);
}

/**
 * The server and client options of `scope`, or undefined when its TLS is off. Needs the keystore and the
 * truststore (internal: both ends authenticate; REST: the server presents its keystore, and checks clients against
 * the truststore when authentication is enabled). Throws ConfigurationError naming the key and path.
 */
export function tlsOptions(config: Configuration, scope: TlsScope): ClusterTlsOptions | undefined {
  if (!tlsEnabled(config, scope)) return undefined;
  const identity = keystoreOf(config, scope, true) as TlsIdentity;
  const ca = truststoreOf(config, scope);
  const mutual = scope === 'internal' || config.get(SecurityOptions.SSL_REST_AUTHENTICATION_ENABLED);
  const common = { ...protocolOptions(config), ca };
  return {
    server: { ...common, ...identity, requestCert: mutual, rejectUnauthorized: mutual },
    client: { ...common, ...identity, ...hostnameCheck(config, scope) },
  };
}

/**
 * The client side of REST TLS for a command-line client (weir list/cancel/run -m): the truststore, plus the keystore
 * only when the server authenticates clients. Undefined when security.ssl.rest.enabled is false.
 */
export function restClientTlsOptions(config: Configuration): ConnectionOptions | undefined {
  if (!tlsEnabled(config, 'rest')) return undefined;
  const mutual = config.get(SecurityOptions.SSL_REST_AUTHENTICATION_ENABLED);
  const identity = keystoreOf(config, 'rest', mutual);
  return {
    ...protocolOptions(config),
    ca: truststoreOf(config, 'rest'),
    ...identity,
    ...hostnameCheck(config, 'rest'),
  };
}

function keystoreOf(config: Configuration, scope: TlsScope, required: boolean): TlsIdentity | undefined {
  const keys = SecurityOptions.store(scope);
  const path = config.get(keys.keystore);
  if (path === undefined) {
    if (!required) return undefined;
    throw new ConfigurationError(
      `security.ssl.${scope}.enabled is true but security.ssl.${scope}.keystore is not set: name a PKCS12 or PEM ` +
        'file holding the key and certificate chain',
    );
  }
  const spec: StoreSpec = {
    key: keys.keystore.key,
    path,
    password: config.get(keys.keystorePassword),
    type: config.get(keys.keystoreType),
  };
  return loadKeystore(spec, config.get(keys.keyPassword));
}

function truststoreOf(config: Configuration, scope: TlsScope): string[] {
  const keys = SecurityOptions.store(scope);
  const path = config.get(keys.truststore);
  if (path === undefined) {
    throw new ConfigurationError(
      `security.ssl.${scope}.enabled is true but security.ssl.${scope}.truststore is not set: name a PKCS12 or PEM ` +
        'file holding the certificates (or CA) to trust',
    );
  }
  const spec: StoreSpec = {
    key: keys.truststore.key,
    path,
    password: config.get(keys.truststorePassword),
    type: config.get(keys.truststoreType),
  };
  return loadTruststore(spec);
}

function hostnameCheck(config: Configuration, scope: TlsScope): Pick<ConnectionOptions, 'checkServerIdentity'> {
  if (scope === 'rest' && config.get(SecurityOptions.SSL_VERIFY_HOSTNAME)) return {};
  return { checkServerIdentity: () => undefined };
}

function protocolOptions(config: Configuration): Pick<TlsOptions, 'minVersion' | 'maxVersion' | 'ciphers'> {
  const raw = config.get(SecurityOptions.SSL_PROTOCOL);
  const versions = raw.split(',').map((p) => p.trim());
  const bad = versions.find((v) => !PROTOCOLS.includes(v as SecureVersion));
  if (bad !== undefined || versions.length === 0) {
    throw new ConfigurationError(
      `security.ssl.protocol '${raw}' names '${bad}', which is not supported: use TLSv1.2, TLSv1.3 or both (comma-separated)`,
    );
  }
  const sorted = [...versions].sort() as SecureVersion[];
  const ciphers = cipherList(config.get(SecurityOptions.SSL_ALGORITHMS));
  return {
    minVersion: sorted[0],
    maxVersion: sorted[sorted.length - 1],
    ...(ciphers === undefined ? {} : { ciphers }),
  };
}

/** OpenSSL's cipher string for security.ssl.algorithms; undefined for Flink's default (Node's own list). */
export function cipherList(raw: string): string | undefined {
  if (raw.trim() === FLINK_DEFAULT_ALGORITHMS || raw.trim() === '') return undefined;
  const known = new Set(tls.getCiphers());
  const names = raw.split(',').map((name) => {
    const trimmed = name.trim();
    const openssl = trimmed.startsWith('TLS_') ? ianaToOpenssl(trimmed) : trimmed;
    if (openssl === undefined || !known.has(openssl.toLowerCase())) {
      throw new ConfigurationError(
        `security.ssl.algorithms names '${trimmed}', a cipher suite this Node.js does not know; ` +
          "use OpenSSL names (see 'openssl ciphers') or IANA names of ECDHE/DHE AES-GCM or CHACHA20 suites",
      );
    }
    return openssl;
  });
  return names.join(':');
}

/** IANA (Java) cipher names of the common AEAD suites to OpenSSL's; TLS 1.3 names are the same in both. */
function ianaToOpenssl(name: string): string | undefined {
  if (/^TLS_(AES_\d+_GCM_SHA\d+|CHACHA20_POLY1305_SHA256)$/.test(name)) return name;
  const gcm = /^TLS_(ECDHE|DHE)_(RSA|ECDSA)_WITH_AES_(128|256)_GCM_(SHA256|SHA384)$/.exec(name);
  if (gcm !== null) return `${gcm[1]}-${gcm[2]}-AES${gcm[3]}-GCM-${gcm[4]}`;
  const chacha = /^TLS_(ECDHE|DHE)_(RSA|ECDSA)_WITH_CHACHA20_POLY1305_SHA256$/.exec(name);
  if (chacha !== null) return `${chacha[1]}-${chacha[2]}-CHACHA20-POLY1305`;
  return undefined;
}
