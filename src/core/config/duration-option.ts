// Duration-valued configuration options, as Flink writes them: "100", "100 ms", "2 s", "1 min", "1 h".

const DURATION = /^\s*(-?\d+(?:\.\d+)?)\s*(ms|millis|milliseconds|s|sec|secs|seconds|min|mins|minutes|h|hours)?\s*$/;

/**
 * The option `key` in milliseconds; `defaultMs` when unset or empty. A value it cannot read is an error naming the
 * key and the expected form, never a silent default.
 */
export function durationOption(
  config: Readonly<Record<string, string | undefined>>,
  key: string,
  defaultMs: number,
): number {
  const raw = config[key];
  if (raw === undefined || raw.trim() === '') return defaultMs;
  const m = DURATION.exec(raw);
  if (m === null) {
    throw new RangeError(`Configuration '${key}' must be a duration such as '100 ms', '2 s' or '1 min', got '${raw}'`);
  }
  const n = Number(m[1]);
  const unit = m[2] ?? 'ms';
  if (unit === 'h' || unit === 'hours') return n * 3_600_000;
  if (unit.startsWith('m') && unit !== 'ms' && !unit.startsWith('millis')) return n * 60_000;
  if (unit.startsWith('s')) return n * 1000;
  return n;
}
