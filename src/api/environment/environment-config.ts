import { availableParallelism } from 'node:os';
import { UPPER_BOUND_MAX_PARALLELISM } from '../../core/key-group.js';
import { describeValue } from '../functions/normalize.js';

// Checks on what a program hands the environment: its configuration map and the data of collection sources.

/**
 * A validated copy of a configuration map. Values must be strings (numbers and booleans are converted, as a
 * convenience for JS callers). parallelism.default is always set afterwards: -1 or absent means the CPU cores, as in
 * Flink's local environment; pipeline.max-parallelism = -1 means unset.
 */
export function parseConfig(config: Readonly<Record<string, unknown>>): Record<string, string> {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new TypeError(`The environment configuration must be an object of Flink keys, got ${describeValue(config)}`);
  }
  const parsed: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new TypeError(`Configuration '${key}' must be a string (e.g. '4' or '10 s'), got ${describeValue(value)}`);
    }
    parsed[key] = String(value);
  }
  const parallelism = readInt(parsed, 'parallelism.default', -1);
  if (
    parallelism !== undefined &&
    (parallelism === 0 || parallelism < -1 || parallelism > UPPER_BOUND_MAX_PARALLELISM)
  ) {
    throw new RangeError(
      `Configuration 'parallelism.default' must be in 1..${UPPER_BOUND_MAX_PARALLELISM}, or -1 for the CPU cores; ` +
        `got '${parsed['parallelism.default']}'`,
    );
  }
  parsed['parallelism.default'] = String(
    parallelism === undefined || parallelism === -1 ? availableParallelism() : parallelism,
  );
  const maxParallelism = readInt(parsed, 'pipeline.max-parallelism', -1);
  if (maxParallelism === -1) delete parsed['pipeline.max-parallelism'];
  else if (maxParallelism !== undefined) {
    if (maxParallelism < 1 || maxParallelism > UPPER_BOUND_MAX_PARALLELISM) {
      throw new RangeError(
        `Configuration 'pipeline.max-parallelism' must be in 1..${UPPER_BOUND_MAX_PARALLELISM}, got ` +
          `'${parsed['pipeline.max-parallelism']}'`,
      );
    }
    if (Number(parsed['parallelism.default']) > maxParallelism) {
      throw new RangeError(
        `Configuration 'parallelism.default' (${parsed['parallelism.default']}) is higher than ` +
          `'pipeline.max-parallelism' (${maxParallelism})`,
      );
    }
  }
  return parsed;
}

function readInt(config: Record<string, string>, key: string, fallbackForEmpty: number): number | undefined {
  const raw = config[key];
  if (raw === undefined) return undefined;
  if (raw.trim() === '') return fallbackForEmpty;
  const value = Number(raw);
  if (!Number.isInteger(value)) {
    throw new TypeError(`Configuration '${key}' must be an integer, got '${raw}'`);
  }
  return value;
}

/**
 * The elements of a collection source, checked: no null or undefined (Flink rejects null elements too), no
 * functions or symbols (the data is shipped to the workers with the job).
 */
export function checkCollectionElements<T>(elements: T[], method: string): T[] {
  for (let i = 0; i < elements.length; i++) {
    const value: unknown = elements[i];
    if (value === null || value === undefined) {
      throw new TypeError(
        `${method}: the element at index ${i} is ${String(value)}; collection sources cannot emit null or ` +
          'undefined. Filter such values out first.',
      );
    }
    if (typeof value === 'function' || typeof value === 'symbol') {
      throw new TypeError(
        `${method}: the element at index ${i} is a ${typeof value}; collection data is shipped to the workers ` +
          'with the job, so elements must be data (primitives, arrays, plain objects).',
      );
    }
  }
  return elements;
}
