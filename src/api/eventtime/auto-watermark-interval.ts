// pipeline.auto-watermark-interval: how often periodic watermark generators are asked for a watermark, in
// processing time. Flink's default is 200 ms; 0 (or negative) disables periodic emission.

export const AUTO_WATERMARK_INTERVAL_KEY = 'pipeline.auto-watermark-interval';
export const DEFAULT_AUTO_WATERMARK_INTERVAL_MS = 200;

/**
 * The interval in milliseconds from a job configuration ("200", "200 ms", "1 s", "1 min"); the default when unset.
 * A value it cannot read is an error naming the key, rather than a silent default.
 */
export function autoWatermarkInterval(config: Readonly<Record<string, string | undefined>>): number {
  const raw = config[AUTO_WATERMARK_INTERVAL_KEY];
  if (raw === undefined || raw.trim() === '') return DEFAULT_AUTO_WATERMARK_INTERVAL_MS;
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*(ms|millis|milliseconds|s|sec|seconds|min|minutes)?\s*$/.exec(raw);
  if (m === null) {
    throw new RangeError(
      `Configuration '${AUTO_WATERMARK_INTERVAL_KEY}' must be a duration such as '200 ms' or '1 s', got '${raw}'`,
    );
  }
  const n = Number(m[1]);
  const unit = m[2] ?? 'ms';
  if (unit.startsWith('min')) return n * 60_000;
  if (unit.startsWith('s')) return n * 1000;
  return n;
}
