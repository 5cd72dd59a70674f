// Arguments of the cluster's process commands (Flink's jobmanager.sh / taskmanager.sh / start-cluster.sh):
// `--configDir dir` (default $WEIR_CONF_DIR, $FLINK_CONF_DIR, else ./conf when it exists) and `-D key=value`, plus
// the value and boolean flags a command declares. Runs once at start-up; synchronous file checks are fine.

import { existsSync } from 'node:fs';
import type { Configuration } from '../core/config/configuration.js';
import { loadConfiguration } from '../core/config/load-configuration.js';
import { UsageError } from './args.js';

export interface DaemonArgs {
  readonly config: Configuration;
  /** `--configDir` as given, to hand on to child processes. */
  readonly configDir: string | undefined;
  /** The -D pairs as given (`key=value`), to hand on to child processes. */
  readonly dynamic: readonly string[];
  readonly values: ReadonlyMap<string, string>;
  readonly flags: ReadonlySet<string>;
}

export function parseDaemonArgs(
  argv: readonly string[],
  valueFlags: readonly string[] = [],
  boolFlags: readonly string[] = [],
  env: Readonly<Record<string, string | undefined>> = process.env,
): DaemonArgs {
  const dynamic: string[] = [];
  const values = new Map<string, string>();
  const flags = new Set<string>();
  let configDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--configDir' || arg === '--conf-dir') {
      configDir = argv[++i];
      if (configDir === undefined) throw new UsageError(`${arg} needs a folder, e.g. ${arg} ./conf`);
    } else if (arg === '-D' || arg.startsWith('-D')) {
      const pair = arg === '-D' ? argv[++i] : arg.slice(2);
      if (pair === undefined || pair.indexOf('=') <= 0) {
        throw new UsageError(`-D needs key=value, e.g. -D rest.port=8082 (got ${pair ?? 'nothing'})`);
      }
      dynamic.push(pair);
    } else if (valueFlags.includes(arg)) {
      const value = argv[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      values.set(arg, value);
    } else if (boolFlags.includes(arg)) {
      flags.add(arg);
    } else {
      throw new UsageError(`Unknown argument '${arg}'. Run with --help to see the options.`);
    }
  }
  const confDir = resolveConfDir(configDir, env);
  const config = loadConfiguration({
    confDir,
    dynamicProperties: dynamic,
    env: { ...env, WEIR_CONF_DIR: undefined, FLINK_CONF_DIR: undefined },
  });
  return { config, configDir: confDir, dynamic, values, flags };
}

/** --configDir, else $WEIR_CONF_DIR, else $FLINK_CONF_DIR, else ./conf when it holds config.yaml. */
export function resolveConfDir(
  configDir: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const named = configDir ?? (env.WEIR_CONF_DIR || undefined) ?? (env.FLINK_CONF_DIR || undefined);
  return named ?? (existsSync('conf/config.yaml') ? 'conf' : undefined);
}

/**
 * The configuration a client command (list, cancel, run -m) reads as Flink's CLI does: the configuration folder
 * (resolveConfDir) and its -D pairs; used for the security.ssl.* keys of the cluster it talks to.
 */
export function clientConfiguration(dynamic: readonly string[] | Readonly<Record<string, string>>): Configuration {
  return loadConfiguration({
    confDir: resolveConfDir(undefined),
    dynamicProperties: dynamic,
    env: { ...process.env, WEIR_CONF_DIR: undefined, FLINK_CONF_DIR: undefined },
  });
}

/** Resolves when the process gets SIGTERM or SIGINT (a daemon's way to end). */
export function untilTerminated(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      resolve(signal);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}
