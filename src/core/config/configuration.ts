// A set of configuration values: Flink's dotted keys to string values, each remembering where it was set, so a
// value of the wrong type is reported with its origin ("conf/config.yaml:12:16", "WEIR_PROPERTIES line 2", "-D").
// Plain object, no threads of its own: build it on one thread, then read it anywhere (or copy with toMap()).

import type { ConfigOption } from './config-option.js';

/** A stored value and where it came from. */
export interface ConfigEntry {
  readonly value: string;
  readonly origin: string;
}

/** Called once per deprecated key that supplied a value; the default writes to stderr. */
export type DeprecationListener = (deprecatedKey: string, option: string) => void;

const warnOnStderr: DeprecationListener = (deprecatedKey, option) => {
  process.emitWarning(`Configuration key '${deprecatedKey}' is deprecated; use '${option}' instead.`, 'Deprecation');
};

export class Configuration {
  private readonly entries = new Map<string, ConfigEntry>();
  private readonly warned = new Set<string>();

  constructor(private readonly onDeprecatedKey: DeprecationListener = warnOnStderr) {}

  /** A configuration holding `values` (origin "code"). */
  static fromMap(values: Readonly<Record<string, string>>, origin = 'code'): Configuration {
    const config = new Configuration();
    for (const [key, value] of Object.entries(values)) config.setString(key, value, origin);
    return config;
  }

  /** Sets a raw string value; a later set of the same key replaces it (this is how precedence is layered). */
  setString(key: string, value: string, origin = 'code'): this {
    this.entries.set(key, { value, origin });
    return this;
  }

  /** Sets a typed value in its string form. */
  set<T>(option: ConfigOption<T>, value: T, origin = 'code'): this {
    return this.setString(option.key, formatValue(value), origin);
  }

  /** Copies every entry of `other` over this one's. */
  addAll(other: Configuration): this {
    for (const [key, entry] of other.entries) this.entries.set(key, entry);
    return this;
  }

  containsKey(key: string): boolean {
    return this.entries.has(key);
  }

  /** Whether the option's key or any fallback key is set. */
  contains(option: ConfigOption<unknown>): boolean {
    return this.find(option) !== undefined;
  }

  getString(key: string): string | undefined {
    return this.entries.get(key)?.value;
  }

  getEntry(key: string): ConfigEntry | undefined {
    return this.entries.get(key);
  }

  removeKey(key: string): boolean {
    return this.entries.delete(key);
  }

  /**
   * The option's value: its own key, else its fallback keys in order, else its default. An option with no default
   * that is unset reads as undefined. A value that does not convert throws, naming key, value, origin and the form.
   */
  get<T>(option: ConfigOption<T>): T {
    const found = this.find(option);
    if (found === undefined) return option.defaultValue;
    const [key, entry] = found;
    try {
      return option.parse(entry.value);
    } catch (e) {
      const why = e instanceof Error ? ` (${e.message})` : '';
      const via = key === option.key ? '' : ` (read through fallback key of '${option.key}')`;
      throw new ConfigurationError(
        `Could not parse value '${entry.value}' for key '${key}'${via} set in ${entry.origin}: expected ${option.typeName}${why}. Fix or remove the value.`,
      );
    }
  }

  /** Like get, but an unset option without a default is an error naming the key. */
  getRequired<T>(option: ConfigOption<T>): Exclude<T, undefined> {
    const value = this.get(option);
    if (value === undefined) {
      throw new ConfigurationError(
        `Configuration key '${option.key}' is required but not set; set it in config.yaml or with -D ${option.key}=...`,
      );
    }
    return value as Exclude<T, undefined>;
  }

  keySet(): ReadonlySet<string> {
    return new Set(this.entries.keys());
  }

  /** Every key and string value, as Flink's Configuration.toMap(). */
  toMap(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, entry] of this.entries) out[key] = entry.value;
    return out;
  }

  private find(option: ConfigOption<unknown>): [string, ConfigEntry] | undefined {
    const own = this.entries.get(option.key);
    if (own !== undefined) return [option.key, own];
    for (const fallback of option.fallbackKeys) {
      const entry = this.entries.get(fallback.key);
      if (entry === undefined) continue;
      if (fallback.deprecated && !this.warned.has(fallback.key)) {
        this.warned.add(fallback.key);
        this.onDeprecatedKey(fallback.key, option.key);
      }
      return [fallback.key, entry];
    }
    return undefined;
  }
}

/** Bad configuration: malformed file, wrong type, missing required key. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/** The string form of a typed value; lists as Flink 2.x writes them in standard YAML: `[a, b]`. */
export function formatValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => formatValue(v)).join(', ')}]`;
  return String(value);
}
