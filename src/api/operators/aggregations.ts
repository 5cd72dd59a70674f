import type { ReduceFunction } from '../functions/functions.js';
import { describeValue } from '../functions/normalize.js';

// keyBy(...).sum/min/max/minBy/maxBy(field) as ReduceFunctions with Flink's semantics (SumAggregator,
// ComparableAggregator). The first argument is the running value of the key, which starts as the key's first
// record, so fields other than the aggregated one come from that first record for sum/min/max. Records are
// immutable: every change produces a copy (same prototype), never a mutation.

export type AggregationKind = 'sum' | 'min' | 'max' | 'minBy' | 'maxBy';

/** One step of a field path: `prop` on objects, `index` on arrays (tuples); -1 when the step is not an index. */
interface PathStep {
  readonly prop: string;
  readonly index: number;
}

/** Field positions and names: 2, 'price', 'bid.price', 'f0' or '0' on tuples, '*' for the record itself. */
function parseField(field: string | number, api: string): PathStep[] {
  if (typeof field === 'number') {
    if (!Number.isInteger(field) || field < 0) {
      throw new RangeError(`${api}: a field position must be a non-negative integer, got ${field}`);
    }
    return [{ prop: String(field), index: field }];
  }
  if (typeof field !== 'string' || field.length === 0) {
    throw new TypeError(
      `${api}: field must be a property name, a dotted path or a tuple position, got ${describeValue(field)}`,
    );
  }
  if (field === '*' || field === '_') return [];
  return field.split('.').map((prop) => {
    const m = /^f?(\d+)$/.exec(prop);
    return { prop, index: m === null ? -1 : Number(m[1]) };
  });
}

function fieldName(steps: readonly PathStep[]): string {
  return steps.length === 0 ? '*' : steps.map((s) => s.prop).join('.');
}

/** Reads a field; the record itself for an empty path, or for position 0 of a non-object record. */
function getField(record: unknown, steps: readonly PathStep[], api: string): unknown {
  let current = record;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (Array.isArray(current)) {
      if (step.index < 0 || step.index >= current.length) throw noField(record, steps, api);
      current = current[step.index];
    } else if (current !== null && typeof current === 'object') {
      if (!(step.prop in current)) throw noField(record, steps, api);
      current = (current as Record<string, unknown>)[step.prop];
    } else if (i === 0 && steps.length === 1 && step.index === 0) {
      return current;
    } else {
      throw noField(record, steps, api);
    }
  }
  return current;
}

/** A copy of `record` with the field replaced (copies along the path; prototypes kept). */
function setField(record: unknown, steps: readonly PathStep[], depth: number, value: unknown): unknown {
  if (depth === steps.length) return value;
  const step = steps[depth];
  if (Array.isArray(record)) {
    const copy = record.slice();
    copy[step.index] = setField(record[step.index], steps, depth + 1, value);
    return copy;
  }
  if (record !== null && typeof record === 'object') {
    const proto = Object.getPrototypeOf(record);
    // Spread is several times faster than Object.create + assign; use it when there is no prototype to keep.
    const copy = proto === Object.prototype ? { ...record } : Object.assign(Object.create(proto), record);
    copy[step.prop] = setField((record as Record<string, unknown>)[step.prop], steps, depth + 1, value);
    return copy;
  }
  return value; // position 0 of a non-object record: the record itself
}

function noField(record: unknown, steps: readonly PathStep[], api: string): Error {
  return new TypeError(
    `${api}: record ${describeValue(record)} has no field '${fieldName(steps)}'; use a property name (or dotted path) for objects and a position for arrays/tuples`,
  );
}

function add(a: unknown, b: unknown, api: string, steps: readonly PathStep[]): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a + b;
  throw new TypeError(
    `${api}: field '${fieldName(steps)}' must hold numbers (or bigints, not mixed), got ${describeValue(a)} and ${describeValue(b)}`,
  );
}

function isComparable(v: unknown): boolean {
  const t = typeof v;
  return t === 'number' || t === 'bigint' || t === 'string' || t === 'boolean' || v instanceof Date;
}

/** Java's compareTo on the values JS can order: -1, 0 or 1. */
function compare(a: unknown, b: unknown, api: string, steps: readonly PathStep[]): number {
  if (!isComparable(a) || !isComparable(b)) {
    throw new TypeError(
      `${api}: field '${fieldName(steps)}' must hold comparable values (number, bigint, string, boolean, Date), got ${describeValue(a)} and ${describeValue(b)}`,
    );
  }
  const x = a as number;
  const y = b as number;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The ReduceFunction behind keyBy(...).sum/min/max/minBy/maxBy(field).
 * - sum: the running record with the field summed.
 * - min/max: the running record (the key's first record) with only the field updated to the extreme.
 * - minBy/maxBy: the whole record holding the extreme; on ties the earlier record when `first`, else the later.
 */
export function aggregationFunction<T>(kind: AggregationKind, field: string | number, first = true): ReduceFunction<T> {
  const api = `${kind}(${typeof field === 'string' ? `'${field}'` : field})`;
  const steps = parseField(field, api);
  switch (kind) {
    case 'sum':
      return (acc: T, value: T) =>
        setField(acc, steps, 0, add(getField(acc, steps, api), getField(value, steps, api), api, steps)) as T;
    case 'min':
    case 'max': {
      const sign = kind === 'min' ? 1 : -1;
      return (acc: T, value: T) => {
        const candidate = getField(value, steps, api);
        const c = compare(getField(acc, steps, api), candidate, api, steps) * sign;
        return c > 0 ? (setField(acc, steps, 0, candidate) as T) : acc;
      };
    }
    case 'minBy':
    case 'maxBy': {
      const sign = kind === 'minBy' ? 1 : -1;
      return (acc: T, value: T) => {
        const c = compare(getField(acc, steps, api), getField(value, steps, api), api, steps) * sign;
        if (c === 0) return first ? acc : value;
        return c < 0 ? acc : value;
      };
    }
    default: {
      const never: never = kind;
      throw new TypeError(`unknown aggregation '${String(never)}': use sum, min, max, minBy or maxBy`);
    }
  }
}
