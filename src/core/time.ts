// Time in Weir is milliseconds since the epoch as a JS number. Java's Long.MIN_VALUE/MAX_VALUE do not fit a
// number, so "no timestamp", "no watermark" and "end of time" are -Infinity/+Infinity (PITFALLS.md).

/** A record that carries no timestamp (Flink: StreamRecord without timestamp, Long.MIN_VALUE). */
export const NO_TIMESTAMP = Number.NEGATIVE_INFINITY;
/** The watermark before any was emitted (Flink: Long.MIN_VALUE). */
export const MIN_WATERMARK = Number.NEGATIVE_INFINITY;
/** The watermark at the end of bounded input: it fires every event-time timer (Flink: Long.MAX_VALUE). */
export const MAX_WATERMARK = Number.POSITIVE_INFINITY;

/** Java's Long.MIN_VALUE as Flink's REST API prints it for "no watermark". */
export const JAVA_LONG_MIN_STRING = '-9223372036854775808';
export const JAVA_LONG_MAX_STRING = '9223372036854775807';

/** Renders a millisecond timestamp the way Flink's REST API shows a Java long. */
export function timestampToJavaLong(ts: number): string {
  if (ts === Number.NEGATIVE_INFINITY) return JAVA_LONG_MIN_STRING;
  if (ts === Number.POSITIVE_INFINITY) return JAVA_LONG_MAX_STRING;
  return String(Math.trunc(ts));
}

/** An amount of time; Weir's counterpart of java.time.Duration as Flink 2.x uses it. */
export class Duration {
  private constructor(private readonly millis: number) {
    if (!Number.isFinite(millis) || millis < 0) {
      throw new RangeError(`Duration must be a finite, non-negative number of milliseconds, got ${millis}`);
    }
  }
  static readonly ZERO = new Duration(0);
  static ofMillis(ms: number): Duration {
    return new Duration(ms);
  }
  static ofSeconds(s: number): Duration {
    return new Duration(s * 1000);
  }
  static ofMinutes(m: number): Duration {
    return new Duration(m * 60_000);
  }
  static ofHours(h: number): Duration {
    return new Duration(h * 3_600_000);
  }
  static ofDays(d: number): Duration {
    return new Duration(d * 86_400_000);
  }
  /** Accepts a Duration or a number of milliseconds, so plain numbers work wherever a Duration does. */
  static from(value: Duration | number): Duration {
    return value instanceof Duration ? value : new Duration(value);
  }
  toMillis(): number {
    return this.millis;
  }
  toString(): string {
    return `${this.millis} ms`;
  }
}
