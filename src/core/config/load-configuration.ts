// Loads Weir's configuration as Flink 2.x does: defaults < <conf dir>/config.yaml < environment < -D flags.
//
// - The folder: `confDir`, else $WEIR_CONF_DIR, else $FLINK_CONF_DIR. No folder means no file; a named folder
//   without config.yaml is an error (a typo must not silently run on defaults).
// - config.yaml is standard YAML. Nested maps flatten to Flink's dotted keys, so `taskmanager: {numberOfTaskSlots: 2}`
//   and `taskmanager.numberOfTaskSlots: 2` are the same key (setting it both ways is an error naming both lines).
//   Scalars keep their source text ("1.0" stays "1.0"); lists become `[a, b]` as Flink 2.x writes them.
// - Environment: $FLINK_PROPERTIES then $WEIR_PROPERTIES (Weir's name wins), each newline-separated `key: value`
//   lines as in Flink's Docker images; blank lines and `#` comments are skipped.
// - Dynamic properties: `key=value` strings (the text after -D) or a record; they win over everything.
// Called once at start-up on the main thread; synchronous file I/O is deliberate.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { YAMLMap, Node as YamlNode } from 'yaml';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify } from 'yaml';
import { Configuration, ConfigurationError } from './configuration.js';

export const CONFIG_FILE_NAME = 'config.yaml';

export interface LoadConfigurationOptions {
  /** Folder holding config.yaml; overrides $WEIR_CONF_DIR / $FLINK_CONF_DIR. */
  readonly confDir?: string;
  /** `-D` values: `['rest.port=8082']` or `{ 'rest.port': '8082' }`. */
  readonly dynamicProperties?: readonly string[] | Readonly<Record<string, string>>;
  /** Environment to read; defaults to process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Builds the effective configuration; throws ConfigurationError naming the file/variable, line and column. */
export function loadConfiguration(options: LoadConfigurationOptions = {}): Configuration {
  const env = options.env ?? process.env;
  const config = new Configuration();
  const confDir = options.confDir ?? nonEmpty(env.WEIR_CONF_DIR) ?? nonEmpty(env.FLINK_CONF_DIR);
  if (confDir !== undefined) config.addAll(loadConfigFile(confDir));
  for (const name of ['FLINK_PROPERTIES', 'WEIR_PROPERTIES']) {
    const text = env[name];
    if (text !== undefined) config.addAll(parsePropertiesVariable(text, name));
  }
  if (options.dynamicProperties !== undefined) config.addAll(parseDynamicProperties(options.dynamicProperties));
  return config;
}

/** Reads `<confDir>/config.yaml`. */
export function loadConfigFile(confDir: string): Configuration {
  if (!existsSync(confDir) || !statSync(confDir).isDirectory()) {
    throw new ConfigurationError(
      `Configuration folder '${confDir}' does not exist or is not a folder; fix WEIR_CONF_DIR / --conf-dir or unset it.`,
    );
  }
  const file = join(confDir, CONFIG_FILE_NAME);
  if (!existsSync(file)) {
    throw new ConfigurationError(
      `No ${CONFIG_FILE_NAME} in configuration folder '${confDir}'; create ${file} (see conf/config.yaml).`,
    );
  }
  return parseConfigYaml(readFileSync(file, 'utf8'), file);
}

/** Parses config.yaml text; `sourceName` (a path) prefixes every origin and error position. */
export function parseConfigYaml(text: string, sourceName: string): Configuration {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  const error = doc.errors[0];
  if (error !== undefined) {
    const pos = error.linePos?.[0];
    const where = pos === undefined ? sourceName : `${sourceName}:${pos.line}:${pos.col}`;
    const firstLine = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigurationError(`Malformed YAML in ${where}: ${firstLine}. Fix the YAML syntax at that position.`);
  }
  const config = new Configuration();
  if (doc.contents === null) return config; // empty or comment-only file
  if (!isMap(doc.contents)) {
    throw new ConfigurationError(`${sourceName}: the top level must be a map of keys to values (key: value).`);
  }
  const where = (node: YamlNode | null): string => {
    const offset = node?.range?.[0];
    if (offset === undefined) return sourceName;
    const { line, col } = lineCounter.linePos(offset);
    return `${sourceName}:${line}:${col}`;
  };
  flatten(doc.contents, '', config, where);
  return config;
}

function flatten(map: YAMLMap, prefix: string, config: Configuration, where: (node: YamlNode | null) => string): void {
  for (const pair of map.items) {
    const keyNode = isScalar(pair.key) ? pair.key : null;
    if (keyNode === null || keyNode.value === null || keyNode.value === undefined) {
      throw new ConfigurationError(`${where(pair.key as YamlNode | null)}: keys must be plain text, like 'rest.port'.`);
    }
    const key = `${prefix}${String(keyNode.value)}`;
    const value = pair.value as YamlNode | null;
    if (isMap(value)) {
      flatten(value, `${key}.`, config, where);
      continue;
    }
    const text = valueText(value);
    if (text === undefined) continue; // `key:` with no value leaves the key unset, as in Flink
    const previous = config.getEntry(key);
    if (previous !== undefined) {
      throw new ConfigurationError(
        `${where(keyNode)}: key '${key}' is set twice (also at ${previous.origin}); nested and dotted forms are the same key. Keep one.`,
      );
    }
    config.setString(key, text, where(value));
  }
}

function valueText(node: YamlNode | null): string | undefined {
  if (node === null) return undefined;
  if (isScalar(node)) {
    if (node.value === null || node.value === undefined) return undefined;
    if (typeof node.value === 'string') return node.value;
    // Integers in any YAML notation (0x10, +5) read as their value; decimals keep their text ("1.0" stays "1.0").
    const decimal = node.source !== undefined && /[.eE]/.test(node.source) && !/^0x/i.test(node.source);
    return decimal ? (node.source ?? String(node.value)) : String(node.value);
  }
  if (isSeq(node)) {
    if (node.items.every((item) => isScalar(item))) {
      return `[${node.items.map((item) => valueText(item as YamlNode) ?? '').join(', ')}]`;
    }
    return stringify(node.toJSON(), { collectionStyle: 'flow' }).trim();
  }
  return String(node);
}

/** Parses a FLINK_PROPERTIES-style variable: one `key: value` per line. */
export function parsePropertiesVariable(text: string, variable: string): Configuration {
  const config = new Configuration();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const origin = `$${variable} line ${i + 1}`;
    if (!line.includes(':')) throw new ConfigurationError(`${origin}: expected 'key: value', got '${line}'.`);
    const parsed = parseConfigYaml(line, origin);
    for (const key of parsed.keySet()) config.setString(key, parsed.getString(key) ?? '', origin);
  }
  return config;
}

/** Parses `-D` values. */
export function parseDynamicProperties(props: readonly string[] | Readonly<Record<string, string>>): Configuration {
  const config = new Configuration();
  if (!isStringArray(props)) {
    for (const [key, value] of Object.entries(props)) config.setString(key, value, `-D ${key}`);
    return config;
  }
  for (const prop of props) {
    const eq = prop.indexOf('=');
    const key = eq < 0 ? '' : prop.slice(0, eq).trim();
    if (key === '') {
      throw new ConfigurationError(`Dynamic property '-D ${prop}' must be written key=value, e.g. -D rest.port=8082.`);
    }
    config.setString(key, prop.slice(eq + 1).trim(), `-D ${key}`);
  }
  return config;
}

function isStringArray(x: readonly string[] | Readonly<Record<string, string>>): x is readonly string[] {
  return Array.isArray(x);
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s.trim() === '' ? undefined : s;
}
