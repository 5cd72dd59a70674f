// GET /jobs/:jobid/vertices/:vertexid/subtasks/metrics (Flink's AggregatingSubtasksMetricsHandler) and
// GET /jobs/:jobid/vertices/:vertexid/backpressure (Flink's JobVertexBackPressureHandler), both read from the
// metrics each subtask last reported (ArchivedSubtask.taskMetrics, task-metrics.ts names).
import type { ArchivedSubtask, ArchivedVertex } from '../runtime/jobmanager/job-details.js';
import { RestError } from './rest-error.js';

/** Flink's AggregationMode, as the `agg` query parameter spells it (case-insensitive). */
export type AggregationMode = 'min' | 'max' | 'avg' | 'sum' | 'skew';

export const AGGREGATION_MODES: readonly AggregationMode[] = ['min', 'max', 'avg', 'sum', 'skew'];

/** Without `get`: the names available ({id}). With it: the requested aggregates of each metric found. */
export interface AggregatedMetricBody {
  readonly id: string;
  readonly min?: number;
  readonly max?: number;
  readonly avg?: number;
  readonly sum?: number;
  readonly skew?: number;
}

export interface SubtaskMetricsQuery {
  /** Metric names to aggregate; undefined lists the available names instead. */
  readonly get?: readonly string[];
  readonly agg: readonly AggregationMode[];
  /** Subtask indexes to include; undefined for all. */
  readonly subtasks?: ReadonlySet<number>;
}

/** Parses get, agg and subtasks as Flink does; a bad value is a 400 naming the parameter. */
export function subtaskMetricsQuery(query: URLSearchParams): SubtaskMetricsQuery {
  const get = listOf(query, 'get');
  const aggNames = listOf(query, 'agg');
  const agg: AggregationMode[] = [];
  for (const name of aggNames ?? AGGREGATION_MODES) {
    const mode = name.toLowerCase() as AggregationMode;
    if (!AGGREGATION_MODES.includes(mode)) {
      throw badQuery('agg', name, `Give a comma-separated list of ${AGGREGATION_MODES.join(', ')}.`);
    }
    if (!agg.includes(mode)) agg.push(mode);
  }
  const ranges = listOf(query, 'subtasks');
  return { get, agg, subtasks: ranges === undefined ? undefined : subtaskSet(ranges) };
}

/** The aggregated values, or the available metric names when no `get` was given. */
export function aggregatedSubtaskMetrics(vertex: ArchivedVertex, query: SubtaskMetricsQuery): AggregatedMetricBody[] {
  const selected = vertex.subtasks.filter((s) => query.subtasks === undefined || query.subtasks.has(s.index));
  if (query.get === undefined) {
    const names = new Set<string>();
    for (const s of selected) for (const name of Object.keys(s.taskMetrics ?? {})) names.add(name);
    return [...names].sort().map((id) => ({ id }));
  }
  const out: AggregatedMetricBody[] = [];
  for (const id of query.get) {
    const metric = aggregate(id, selected, query.agg);
    if (metric !== undefined) out.push(metric);
  }
  return out;
}

/**
 * One metric over the subtasks that report a finite value of it (watermarks of ±Infinity are not aggregated);
 * undefined when none does, so Flink leaves it out. skew is (max - avg) / avg in percent, 0 when avg is 0.
 */
function aggregate(
  id: string,
  subtasks: readonly ArchivedSubtask[],
  modes: readonly AggregationMode[],
): AggregatedMetricBody | undefined {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let count = 0;
  for (const s of subtasks) {
    const v = s.taskMetrics?.[id];
    if (v === undefined || !Number.isFinite(v)) continue;
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
    count++;
  }
  if (count === 0) return undefined;
  const avg = sum / count;
  const values: Record<AggregationMode, number> = {
    min,
    max,
    avg,
    sum,
    skew: avg === 0 ? 0 : ((max - avg) / avg) * 100,
  };
  const metric: { id: string } & Partial<Record<AggregationMode, number>> = { id };
  for (const mode of modes) metric[mode] = values[mode];
  return metric;
}

export type BackPressureLevel = 'ok' | 'low' | 'high';

export interface SubtaskBackPressureBody {
  readonly subtask: number;
  readonly 'attempt-number': number;
  readonly backpressureLevel: BackPressureLevel;
  readonly ratio: number;
  readonly idleRatio: number;
  readonly busyRatio: number;
}

/** JobVertexBackPressureInfo; "deprecated" with nothing else when no subtask has reported metrics yet (as Flink). */
export type JobVertexBackPressureBody =
  | {
      readonly status: 'ok';
      readonly backpressureLevel: BackPressureLevel;
      readonly 'end-timestamp': number;
      readonly subtasks: readonly SubtaskBackPressureBody[];
    }
  | { readonly status: 'deprecated' };

/** Flink's thresholds on the back-pressured ratio: up to 10% is ok, up to 50% low, above that high. */
export function backPressureLevel(ratio: number): BackPressureLevel {
  if (ratio <= 0.1) return 'ok';
  if (ratio <= 0.5) return 'low';
  return 'high';
}

/**
 * Ratios are the per-second times over 1000 ms; the vertex level is the level of its most back-pressured subtask.
 * `reportedAt` is when the metrics were fetched (Flink's end-timestamp).
 */
export function vertexBackPressure(vertex: ArchivedVertex, reportedAt: number): JobVertexBackPressureBody {
  const subtasks: SubtaskBackPressureBody[] = [];
  let maxRatio = 0;
  for (const s of vertex.subtasks) {
    const m = s.taskMetrics;
    if (m === undefined || m.backPressuredTimeMsPerSecond === undefined) continue;
    const ratio = ratioOf(m.backPressuredTimeMsPerSecond);
    maxRatio = Math.max(maxRatio, ratio);
    subtasks.push({
      subtask: s.index,
      'attempt-number': s.attempt,
      backpressureLevel: backPressureLevel(ratio),
      ratio,
      idleRatio: ratioOf(m.idleTimeMsPerSecond),
      busyRatio: ratioOf(m.busyTimeMsPerSecond),
    });
  }
  if (subtasks.length === 0) return { status: 'deprecated' };
  return { status: 'ok', backpressureLevel: backPressureLevel(maxRatio), 'end-timestamp': reportedAt, subtasks };
}

function ratioOf(msPerSecond: number | undefined): number {
  if (msPerSecond === undefined || !Number.isFinite(msPerSecond)) return 0;
  return Math.min(1, Math.max(0, msPerSecond / 1000));
}

/** A comma-separated query parameter (repeats joined); undefined when absent or empty. */
function listOf(query: URLSearchParams, name: string): string[] | undefined {
  const items = query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return items.length === 0 ? undefined : items;
}

/** No vertex has more subtasks than Flink's largest max parallelism; a wider range is a typo, not a request. */
const MAX_RANGE = 32_768;

/** "1,3,5-9" → {1, 3, 5, 6, 7, 8, 9}. */
function subtaskSet(ranges: readonly string[]): Set<number> {
  const set = new Set<number>();
  for (const range of ranges) {
    const m = /^(\d{1,6})(?:-(\d{1,6}))?$/.exec(range);
    const from = m === null ? Number.NaN : Number(m[1]);
    const to = m?.[2] === undefined ? from : Number(m[2]);
    if (m === null || to < from || to - from > MAX_RANGE) {
      throw badQuery('subtasks', range, 'Give subtask indexes and ranges, e.g. subtasks=0,2,4-7.');
    }
    for (let i = from; i <= to; i++) set.add(i);
  }
  return set;
}

function badQuery(name: string, value: string, hint: string): RestError {
  const shown = value.length <= 64 ? value : `${value.slice(0, 64)}...`;
  return new RestError(
    400,
    `Bad request, could not parse parameters: Cannot resolve query parameter (${name}) from value "${shown}". ${hint}`,
  );
}
