import { durationOption } from '../../core/config/duration-option.js';

// pipeline.auto-watermark-interval: how often periodic watermark generators are asked for a watermark, in
// processing time. Flink's default is 200 ms; 0 (or negative) disables periodic emission.

export const AUTO_WATERMARK_INTERVAL_KEY = 'pipeline.auto-watermark-interval';
export const DEFAULT_AUTO_WATERMARK_INTERVAL_MS = 200;

/**
 * The interval in milliseconds from a job configuration ("200", "200 ms", "1 s", "1 min"); the default when unset.
 * A value it cannot read is an error naming the key, rather than a silent default.
 */
export function autoWatermarkInterval(config: Readonly<Record<string, string | undefined>>): number {
  return durationOption(config, AUTO_WATERMARK_INTERVAL_KEY, DEFAULT_AUTO_WATERMARK_INTERVAL_MS);
}
