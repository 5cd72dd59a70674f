// Reads typed options from a job's string configuration (Flink keys, string values), with Flink 1.x keys accepted
// as fallbacks. Every value it cannot read is an error naming the key, the expected form and the value found.
// Pure; called on the JobMaster thread when a job is planned.

/** A duration written the way Flink's TimeUtils reads it: an integer and an optional unit (ms when omitted). */
const DURATION = /^\s*(\d+)\s*([a-zA-Zµ]*)\s*$/;

const UNIT_MILLIS: ReadonlyMap<string, number> = new Map<string, number>([
  ...unitNames(['ns', 'nano', 'nanos', 'nanosecond', 'nanoseconds'], 1e-6),
  ...unitNames(['µs', 'us', 'micro', 'micros', 'microsecond', 'microseconds'], 1e-3),
  ...unitNames(['ms', 'milli', 'millis', 'millisecond', 'milliseconds'], 1),
  ...unitNames(['s', 'sec', 'secs', 'second', 'seconds'], 1000),
  ...unitNames(['m', 'min', 'minute', 'minutes'], 60_000),
  ...unitNames(['h', 'hour', 'hours'], 3_600_000),
  ...unitNames(['d', 'day', 'days'], 86_400_000),
]);

function unitNames(names: readonly string[], millis: number): [string, number][] {
  return names.map((n) => [n, millis]);
}

/** Parses '10 s', '1 min', '500' (ms) into whole milliseconds (sub-millisecond units truncate, as toMillis does). */
export function parseDurationMillis(raw: string, key: string): number {
  const m = DURATION.exec(raw);
  const unit = m === null ? undefined : UNIT_MILLIS.get((m[2] ?? '').toLowerCase() || 'ms');
  if (m === null || unit === undefined) {
    throw new RangeError(
      `Configuration '${key}' must be a duration: an integer and a unit (ms, s, min, h, d), such as '500 ms', ` +
        `'10 s' or '1 min'; got '${raw}'`,
    );
  }
  return Math.trunc(Number(m[1]) * unit);
}

/** Typed access to a configuration map; `key` is the Flink 2.x key, `fallbacks` the older keys, newest first. */
export class ConfigReader {
  constructor(private readonly config: Readonly<Record<string, string | undefined>>) {}

  /** The first key (the key itself, then its fallbacks) that is set to a non-blank value, with that value. */
  find(key: string, fallbacks: readonly string[] = []): { key: string; value: string } | undefined {
    for (const k of [key, ...fallbacks]) {
      const value = this.config[k];
      if (value !== undefined && value.trim() !== '') return { key: k, value: value.trim() };
    }
    return undefined;
  }

  has(key: string, fallbacks: readonly string[] = []): boolean {
    return this.find(key, fallbacks) !== undefined;
  }

  durationMillis(key: string, defaultMillis: number, fallbacks: readonly string[] = []): number {
    const found = this.find(key, fallbacks);
    return found === undefined ? defaultMillis : parseDurationMillis(found.value, found.key);
  }

  /** A duration that has no default: undefined when unset. */
  optionalDurationMillis(key: string, fallbacks: readonly string[] = []): number | undefined {
    const found = this.find(key, fallbacks);
    return found === undefined ? undefined : parseDurationMillis(found.value, found.key);
  }

  integer(key: string, defaultValue: number, fallbacks: readonly string[] = []): number {
    const found = this.find(key, fallbacks);
    if (found === undefined) return defaultValue;
    const n = /^[+-]?\d+$/.test(found.value) ? Number(found.value) : Number.NaN;
    if (!Number.isSafeInteger(n)) {
      throw new RangeError(`Configuration '${found.key}' must be an integer such as '3', got '${found.value}'`);
    }
    return n;
  }

  number(key: string, defaultValue: number, fallbacks: readonly string[] = []): number {
    const found = this.find(key, fallbacks);
    if (found === undefined) return defaultValue;
    const n = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(found.value) ? Number(found.value) : Number.NaN;
    if (!Number.isFinite(n)) {
      throw new RangeError(`Configuration '${found.key}' must be a number such as '1.5', got '${found.value}'`);
    }
    return n;
  }

  boolean(key: string, defaultValue: boolean, fallbacks: readonly string[] = []): boolean {
    const found = this.find(key, fallbacks);
    if (found === undefined) return defaultValue;
    const v = found.value.toLowerCase();
    if (v === 'true') return true;
    if (v === 'false') return false;
    throw new RangeError(`Configuration '${found.key}' must be 'true' or 'false', got '${found.value}'`);
  }

  string(key: string, fallbacks: readonly string[] = []): string | undefined {
    return this.find(key, fallbacks)?.value;
  }

  /** One of `allowed`, compared case-insensitively and returned in its canonical spelling. */
  oneOf<T extends string>(key: string, allowed: readonly T[], defaultValue: T, fallbacks: readonly string[] = []): T {
    const found = this.find(key, fallbacks);
    if (found === undefined) return defaultValue;
    const match = allowed.find((a) => a.toLowerCase() === found.value.toLowerCase());
    if (match === undefined) {
      throw new RangeError(
        `Configuration '${found.key}' must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got '${found.value}'`,
      );
    }
    return match;
  }
}

/** Throws a RangeError naming `key` unless `ok`; `expected` says what the value must be. */
export function requireValid(ok: boolean, key: string, expected: string, value: number | string): void {
  if (!ok) throw new RangeError(`Configuration '${key}' must be ${expected}, got '${String(value)}'`);
}
