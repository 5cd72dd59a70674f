// Typed configuration options, built the way Flink builds them:
//   ConfigOptions.key('rest.port').intType().defaultValue(8081).withFallbackKeys('rest.bind-port')
// An option only describes a key; values live in a Configuration (configuration.ts), as strings, and are converted
// when read, so a wrong value is reported where it is used, naming the key, the value and where it came from.

/** Converts the string form of a value; throws a message fragment ("expected …") when it cannot. */
export type ValueParser<T> = (raw: string) => T;

/** A fallback key is read when the option's own key is unset; a deprecated one also draws a warning. */
export interface FallbackKey {
  readonly key: string;
  readonly deprecated: boolean;
}

/** One typed option. Immutable: the `with*` methods return a new option. */
export class ConfigOption<T> {
  constructor(
    readonly key: string,
    /** What the parser accepts, for error messages: "an integer", "a duration such as '100 ms'". */
    readonly typeName: string,
    readonly parse: ValueParser<T>,
    /** Undefined only for options built with noDefaultValue(), whose T includes undefined. */
    readonly defaultValue: T,
    readonly fallbackKeys: readonly FallbackKey[] = [],
    readonly description = '',
  ) {}

  hasDefaultValue(): boolean {
    return this.defaultValue !== undefined;
  }

  /** Flink's order: the new fallback keys are tried before those the option already had. */
  withFallbackKeys(...keys: string[]): ConfigOption<T> {
    const added = keys.map((key) => ({ key, deprecated: false }));
    return this.with([...added, ...this.fallbackKeys], this.description);
  }

  /** Flink's order: deprecated keys are tried after every fallback key the option already had. */
  withDeprecatedKeys(...keys: string[]): ConfigOption<T> {
    const added = keys.map((key) => ({ key, deprecated: true }));
    return this.with([...this.fallbackKeys, ...added], this.description);
  }

  withDescription(description: string): ConfigOption<T> {
    return this.with(this.fallbackKeys, description);
  }

  private with(fallbackKeys: readonly FallbackKey[], description: string): ConfigOption<T> {
    return new ConfigOption(this.key, this.typeName, this.parse, this.defaultValue, fallbackKeys, description);
  }
}

/** The typed step of the builder: choose a default or none. */
export class TypedConfigOptionBuilder<T> {
  constructor(
    private readonly key: string,
    private readonly typeName: string,
    private readonly parse: ValueParser<T>,
  ) {}

  defaultValue(value: T): ConfigOption<T> {
    return new ConfigOption(this.key, this.typeName, this.parse, value);
  }

  /** Reads as undefined when unset. */
  noDefaultValue(): ConfigOption<T | undefined> {
    return new ConfigOption<T | undefined>(this.key, this.typeName, this.parse, undefined);
  }
}

/** The untyped step of the builder: choose the value type. */
export class ConfigOptionBuilder {
  constructor(private readonly key: string) {}

  stringType(): TypedConfigOptionBuilder<string> {
    return new TypedConfigOptionBuilder(this.key, 'a string', (raw) => raw);
  }
  intType(): TypedConfigOptionBuilder<number> {
    return new TypedConfigOptionBuilder(this.key, 'an integer (32 bit)', parseInt32);
  }
  /** Numbers up to 2^53 exactly; Flink's long options beyond that range are not used by Weir. */
  longType(): TypedConfigOptionBuilder<number> {
    return new TypedConfigOptionBuilder(this.key, 'an integer', parseSafeInteger);
  }
  doubleType(): TypedConfigOptionBuilder<number> {
    return new TypedConfigOptionBuilder(this.key, 'a number', parseDouble);
  }
  booleanType(): TypedConfigOptionBuilder<boolean> {
    return new TypedConfigOptionBuilder(this.key, "'true' or 'false'", parseBoolean);
  }
  /** Durations in milliseconds, read as Flink's TimeUtils reads them ("100", "100 ms", "2 s", "1 min", "1 d"). */
  durationType(): TypedConfigOptionBuilder<number> {
    return new TypedConfigOptionBuilder(this.key, "a duration such as '100 ms', '2 s' or '1 min'", parseDurationMs);
  }
  /** One of `values`, matched case-insensitively as Flink matches enum constants; reads as the declared spelling. */
  enumType<E extends string>(values: readonly E[]): TypedConfigOptionBuilder<E> {
    return new TypedConfigOptionBuilder(this.key, `one of ${values.join(', ')}`, (raw) => parseEnum(values, raw));
  }
  /** A list written as YAML `[a, b]` (Flink 2.x) or legacy `a;b`. */
  stringListType(): TypedConfigOptionBuilder<readonly string[]> {
    return new TypedConfigOptionBuilder(this.key, "a list such as '[a, b]' or 'a;b'", parseStringList);
  }
}

/** Entry point of the builder, as in Flink. */
export const ConfigOptions = {
  key(key: string): ConfigOptionBuilder {
    if (key.trim() === '') throw new RangeError('ConfigOptions.key: the key must not be empty');
    return new ConfigOptionBuilder(key);
  },
} as const;

const INTEGER = /^[+-]?\d+$/;

export function parseInt32(raw: string): number {
  const n = parseSafeInteger(raw);
  if (n < -2147483648 || n > 2147483647) throw new RangeError('out of the 32-bit integer range');
  return n;
}

export function parseSafeInteger(raw: string): number {
  const s = raw.trim();
  if (!INTEGER.test(s)) throw new RangeError('not an integer');
  const n = Number(s);
  if (!Number.isSafeInteger(n)) throw new RangeError('too large');
  return n;
}

function parseDouble(raw: string): number {
  const s = raw.trim();
  const n = Number(s);
  if (s === '' || Number.isNaN(n)) throw new RangeError('not a number');
  return n;
}

function parseBoolean(raw: string): boolean {
  const s = raw.trim().toLowerCase();
  if (s === 'true') return true;
  if (s === 'false') return false;
  throw new RangeError('not a boolean');
}

function parseEnum<E extends string>(values: readonly E[], raw: string): E {
  const s = raw.trim().toUpperCase();
  const hit = values.find((v) => v.toUpperCase() === s);
  if (hit === undefined) throw new RangeError('not a known value');
  return hit;
}

// Flink's TimeUtils unit labels, in milliseconds per unit.
const DURATION_UNITS: ReadonlyMap<string, number> = new Map(
  (
    [
      [['d', 'day', 'days'], 86_400_000],
      [['h', 'hour', 'hours'], 3_600_000],
      [['min', 'm', 'minute', 'minutes'], 60_000],
      [['s', 'sec', 'secs', 'second', 'seconds'], 1000],
      [['ms', 'milli', 'millis', 'millisecond', 'milliseconds'], 1],
      [['us', 'µs', 'micro', 'micros', 'microsecond', 'microseconds'], 0.001],
      [['ns', 'nano', 'nanos', 'nanosecond', 'nanoseconds'], 0.000001],
    ] as const
  ).flatMap(([labels, ms]) => labels.map((label): [string, number] => [label, ms])),
);

const DURATION = /^(\d+)\s*([a-zµ]*)$/;

/** Flink accepts a non-negative integer and an optional unit (default ms), case-insensitive. */
export function parseDurationMs(raw: string): number {
  const m = DURATION.exec(raw.trim().toLowerCase());
  if (m === null) throw new RangeError('not a duration');
  const unit = m[2] === undefined || m[2] === '' ? 'ms' : m[2];
  const perUnit = DURATION_UNITS.get(unit);
  if (perUnit === undefined) throw new RangeError(`unknown time unit '${unit}'`);
  return Number(m[1]) * perUnit;
}

function parseStringList(raw: string): readonly string[] {
  const s = raw.trim();
  if (s === '') return [];
  if (s.startsWith('[') && s.endsWith(']')) {
    return s
      .slice(1, -1)
      .split(',')
      .map((item) => unquote(item.trim()))
      .filter((item) => item !== '');
  }
  return s.split(';').map((item) => item.trim());
}

function unquote(s: string): string {
  const q = s[0];
  if ((q === '"' || q === "'") && s.length >= 2 && s.endsWith(q)) return s.slice(1, -1);
  return s;
}
