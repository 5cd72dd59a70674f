import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The Flink version whose REST API and dashboard this endpoint follows, reported as "flink-version". It is a plain
 * Flink version string on purpose: clients and tools that parse it (to pick API behaviour by major.minor) then treat
 * Weir as the Flink release it mirrors. Weir's own identity goes into the free-form "flink-revision" and
 * "flink-commit" fields instead.
 */
export const FLINK_COMPATIBLE_VERSION = '2.3.0';

/** Weir's package version, read once from its package.json. */
export const WEIR_VERSION: string = readPackageVersion();

/** What "flink-commit" and "flink-revision" show: "weir-<version>". */
export const WEIR_REVISION = `weir-${WEIR_VERSION}`;

function readPackageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'weir' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not here; look one level up
    }
    dir = dirname(dir);
  }
  return '0.0.0-unknown';
}
