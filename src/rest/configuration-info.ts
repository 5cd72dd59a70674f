// GET /jobmanager/config (Flink's ClusterConfigHandler): the cluster configuration as a list of {key, value},
// with secrets masked as Flink's GlobalConfiguration.isSensitive masks them.

export interface ConfigurationInfoEntry {
  readonly key: string;
  readonly value: string;
}

/** Flink's mask for sensitive values. */
export const HIDDEN_CONTENT = '******';

/** Substrings of keys whose values are never shown (compared lower-cased, as Flink does). */
const SENSITIVE_KEY_PARTS = [
  'password',
  'secret',
  'fs.azure.account.key',
  'apikey',
  'api-key',
  'auth-params',
  'service-key',
  'token',
  'basic-auth',
  'jaas.config',
  'http-headers',
];

export function isSensitiveKey(key: string): boolean {
  const lower = key.toLowerCase();
  return SENSITIVE_KEY_PARTS.some((part) => lower.includes(part));
}

/** Sorted by key, so the answer is stable. */
export function configurationInfo(config: Readonly<Record<string, string>>): ConfigurationInfoEntry[] {
  return Object.keys(config)
    .sort()
    .map((key) => ({ key, value: isSensitiveKey(key) ? HIDDEN_CONTENT : config[key] }));
}
