import type { BucketAssigner, BucketAssignerContext } from './bucket-assigner.js';

// Flink's DateTimeBucketAssigner: the bucket is the processing time formatted with a java.time-style pattern, by
// default 'yyyy-MM-dd--HH' (one directory per hour) in the system's time zone.

export const DEFAULT_DATE_TIME_FORMAT = 'yyyy-MM-dd--HH';

type Field = 'y' | 'M' | 'd' | 'H' | 'm' | 's' | 'S';
type Token =
  | { readonly kind: 'field'; readonly field: Field; readonly width: number }
  | { readonly kind: 'text'; readonly text: string };

const FIELDS = new Set<string>(['y', 'M', 'd', 'H', 'm', 's', 'S']);

/** Parses the subset of java.time patterns that names time buckets: y M d H m s S, quoted 'text', other symbols. */
export function parseDateTimePattern(pattern: string): Token[] {
  if (typeof pattern !== 'string' || pattern.length === 0) {
    throw new TypeError(
      `DateTimeBucketAssigner: the format must be a non-empty pattern such as '${DEFAULT_DATE_TIME_FORMAT}'`,
    );
  }
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern.charAt(i);
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end < 0) throw new TypeError(`DateTimeBucketAssigner: unclosed quote at position ${i} in '${pattern}'`);
      tokens.push({ kind: 'text', text: end === i + 1 ? "'" : pattern.slice(i + 1, end) });
      i = end + 1;
    } else if (FIELDS.has(c)) {
      let j = i;
      while (pattern.charAt(j) === c) j++;
      tokens.push({ kind: 'field', field: c as Field, width: j - i });
      i = j;
    } else if (/[A-Za-z]/.test(c)) {
      throw new TypeError(
        `DateTimeBucketAssigner: pattern letter '${c}' at position ${i} in '${pattern}' is not supported; use ` +
          "y M d H m s S, and quote literal text ('T')",
      );
    } else {
      tokens.push({ kind: 'text', text: c });
      i++;
    }
  }
  return tokens;
}

/** Calendar fields of an instant in one zone: 'local' (the process's zone), 'UTC', or an IANA zone id. */
function fieldsOf(time: number, zone: string, intl: Intl.DateTimeFormat | undefined): Record<Field, number> {
  const d = new Date(time);
  if (zone === 'UTC') {
    return {
      y: d.getUTCFullYear(),
      M: d.getUTCMonth() + 1,
      d: d.getUTCDate(),
      H: d.getUTCHours(),
      m: d.getUTCMinutes(),
      s: d.getUTCSeconds(),
      S: d.getUTCMilliseconds(),
    };
  }
  if (intl === undefined) {
    return {
      y: d.getFullYear(),
      M: d.getMonth() + 1,
      d: d.getDate(),
      H: d.getHours(),
      m: d.getMinutes(),
      s: d.getSeconds(),
      S: d.getMilliseconds(),
    };
  }
  const out: Record<Field, number> = { y: 0, M: 0, d: 0, H: 0, m: 0, s: 0, S: d.getUTCMilliseconds() };
  for (const part of intl.formatToParts(d)) {
    const key = INTL_FIELDS[part.type];
    if (key !== undefined) out[key] = Number(part.value);
  }
  return out;
}

const INTL_FIELDS: Partial<Record<string, Field>> = {
  year: 'y',
  month: 'M',
  day: 'd',
  hour: 'H',
  minute: 'm',
  second: 's',
};

function formatField(field: Field, width: number, value: number): string {
  if (field === 'y' && width === 2) return String(value % 100).padStart(2, '0');
  if (field === 'S') return String(value).padStart(3, '0').slice(0, width).padEnd(width, '0');
  return String(value).padStart(width, '0');
}

/**
 * Buckets by processing time. The formatted id is cached per wall-clock second (per millisecond when the pattern
 * has S), so the per-record cost is one clock read and a comparison.
 */
export class DateTimeBucketAssigner<IN = unknown> implements BucketAssigner<IN> {
  private readonly tokens: Token[];
  private readonly resolution: number;
  private readonly intl: Intl.DateTimeFormat | undefined;
  private cachedSlot = Number.NaN;
  private cachedId = '';

  /** `zone`: 'local' (default, as Flink's system zone), 'UTC', or an IANA id such as 'Europe/Berlin'. */
  constructor(
    readonly format: string = DEFAULT_DATE_TIME_FORMAT,
    readonly zone: string = 'local',
  ) {
    this.tokens = parseDateTimePattern(format);
    this.resolution = this.tokens.some((t) => t.kind === 'field' && t.field === 'S') ? 1 : 1000;
    this.intl = zone === 'local' || zone === 'UTC' ? undefined : zoneFormat(zone);
  }

  getBucketId(_element: IN, context: BucketAssignerContext): string {
    return this.formatTime(context.currentProcessingTime());
  }

  /** The bucket id of an instant (epoch ms). */
  formatTime(time: number): string {
    const slot = Math.floor(time / this.resolution);
    if (slot === this.cachedSlot) return this.cachedId;
    const fields = fieldsOf(time, this.zone, this.intl);
    let id = '';
    for (const t of this.tokens) id += t.kind === 'text' ? t.text : formatField(t.field, t.width, fields[t.field]);
    this.cachedSlot = slot;
    this.cachedId = id;
    return id;
  }
}

function zoneFormat(zone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new RangeError(
      `DateTimeBucketAssigner: unknown time zone '${zone}'; use 'local', 'UTC' or an IANA id like 'Europe/Berlin'`,
    );
  }
}
