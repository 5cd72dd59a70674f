import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { ArchivedSubtask, ArchivedVertex } from '../runtime/jobmanager/job-details.js';
import { RestError } from './rest-error.js';
import {
  aggregatedSubtaskMetrics,
  backPressureLevel,
  subtaskMetricsQuery,
  vertexBackPressure,
} from './subtask-metrics-info.js';

function vertexWith(metrics: readonly (Readonly<Record<string, number>> | undefined)[]): ArchivedVertex {
  const subtasks: ArchivedSubtask[] = metrics.map((taskMetrics, index) => ({
    index,
    state: 'RUNNING',
    attempt: 0,
    host: 'localhost',
    taskManagerId: 'tm-1',
    startTime: 1,
    endTime: -1,
    metrics: {},
    taskMetrics,
  }));
  return {
    id: 'a'.repeat(32),
    name: 'v',
    parallelism: subtasks.length,
    maxParallelism: 128,
    state: 'RUNNING',
    startTime: 1,
    endTime: -1,
    subtasks,
  };
}

describe('backPressureLevel', () => {
  // Flink's thresholds: ratio <= 0.10 ok, <= 0.50 low, above high.
  const table: [number, string][] = [
    [0, 'ok'],
    [0.1, 'ok'],
    [0.1001, 'low'],
    [0.5, 'low'],
    [0.5001, 'high'],
    [1, 'high'],
  ];
  for (const [ratio, level] of table) it(`${ratio} → ${level}`, () => assert.equal(backPressureLevel(ratio), level));
});

describe('vertexBackPressure', () => {
  it('skips subtasks without a report, clamps ratios to [0, 1] and rates the vertex by its worst subtask', () => {
    const body = vertexBackPressure(
      vertexWith([undefined, { backPressuredTimeMsPerSecond: 200, idleTimeMsPerSecond: 1200 }]),
      42,
    );
    assert.deepEqual(body, {
      status: 'ok',
      backpressureLevel: 'low',
      'end-timestamp': 42,
      subtasks: [{ subtask: 1, 'attempt-number': 0, backpressureLevel: 'low', ratio: 0.2, idleRatio: 1, busyRatio: 0 }],
    });
  });
});

describe('subtaskMetricsQuery', () => {
  it('defaults to every aggregation and all subtasks; parses modes case-insensitively and ranges', () => {
    const q = subtaskMetricsQuery(new URLSearchParams('get=a,b&get=c&agg=MIN,Max,min&subtasks=0,2-4'));
    assert.deepEqual(q.get, ['a', 'b', 'c']);
    assert.deepEqual(q.agg, ['min', 'max']);
    assert.deepEqual([...(q.subtasks ?? [])], [0, 2, 3, 4]);
    const all = subtaskMetricsQuery(new URLSearchParams(''));
    assert.equal(all.get, undefined);
    assert.deepEqual(all.agg, ['min', 'max', 'avg', 'sum', 'skew']);
    assert.equal(all.subtasks, undefined);
  });

  const bad: [string, RegExp][] = [
    ['agg=median', /query parameter \(agg\) from value "median"/],
    ['subtasks=5-2', /query parameter \(subtasks\) from value "5-2"/],
    ['subtasks=0-999999', /query parameter \(subtasks\)/],
    ['subtasks=-1', /query parameter \(subtasks\)/],
  ];
  for (const [query, message] of bad) {
    it(`rejects ${query} with a 400`, () => {
      assert.throws(
        () => subtaskMetricsQuery(new URLSearchParams(query)),
        (e: unknown) => e instanceof RestError && e.status === 400 && message.test(e.message),
      );
    });
  }
});

describe('aggregatedSubtaskMetrics', () => {
  it('min <= avg <= max, sum = avg * count, over any finite values', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 20 }), (xs) => {
        const vertex = vertexWith(xs.map((x) => ({ m: x })));
        const [agg] = aggregatedSubtaskMetrics(vertex, { get: ['m'], agg: ['min', 'max', 'avg', 'sum'] });
        assert.equal(agg.min, Math.min(...xs));
        assert.equal(agg.max, Math.max(...xs));
        const avg = agg.avg ?? Number.NaN;
        assert.ok(avg >= (agg.min ?? 0) - 1e-6 && avg <= (agg.max ?? 0) + 1e-6);
        assert.ok(Math.abs((agg.sum ?? 0) - avg * xs.length) <= 1e-6 * Math.max(1, Math.abs(agg.sum ?? 0)));
      }),
    );
  });

  it('lists the union of names, sorted, and leaves out metrics no selected subtask reports', () => {
    const vertex = vertexWith([{ b: 1 }, { a: 2, b: 3 }, undefined]);
    assert.deepEqual(aggregatedSubtaskMetrics(vertex, { agg: ['sum'] }), [{ id: 'a' }, { id: 'b' }]);
    assert.deepEqual(aggregatedSubtaskMetrics(vertex, { get: ['a', 'zz'], agg: ['sum'], subtasks: new Set([0]) }), []);
    assert.deepEqual(aggregatedSubtaskMetrics(vertex, { get: ['b'], agg: ['sum', 'skew'] }), [
      { id: 'b', sum: 4, skew: 50 },
    ]);
  });
});
