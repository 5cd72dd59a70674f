import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Collector } from '../functions/functions.js';
import { OutputTag } from '../output-tag.js';
import { harnessServices } from './harness-services.test.js';
import {
  IntervalJoinOperator,
  type IntervalJoinSettings,
  LEFT_BUFFER,
  RIGHT_BUFFER,
} from './interval-join-operator.js';
import { TwoInputOperatorHarness } from './operator-harness.js';
import type { ProcessJoinFunctionContext } from './process-join-function.js';

type Ev = { readonly k: string; readonly t: number };

/** "leftTs/rightTs@ctxTimestamp" for every matched pair. */
const describePair = (l: Ev, r: Ev, ctx: ProcessJoinFunctionContext, out: Collector<string>): void => {
  out.collect(`${l.k}:${ctx.getLeftTimestamp()}/${ctx.getRightTimestamp()}@${ctx.getTimestamp()} ${l.t}-${r.t}`);
};

function harness(settings: Partial<IntervalJoinSettings<Ev, Ev>> & { lowerBound: number; upperBound: number }) {
  const services = harnessServices();
  const op = new IntervalJoinOperator<string, Ev, Ev, string>(describePair, {
    lowerBoundInclusive: true,
    upperBoundInclusive: true,
    ...settings,
  });
  const h = new TwoInputOperatorHarness<Ev, Ev, string>(op, {
    services,
    keySelector1: (e) => e.k,
    keySelector2: (e) => e.k,
  }).open();
  const left = (t: number, k = 'a') => h.processElement1({ k, t }, t);
  const right = (t: number, k = 'a') => h.processElement2({ k, t }, t);
  return { h, op, left, right, backend: services.keyedStateBackend };
}

/** Right elements 7, 8 before the left one at 10, then 10, 11, 12 after it; another key never matches. */
function joinAroundTen(settings: Partial<IntervalJoinSettings<Ev, Ev>>): string[] {
  const { h, left, right } = harness({ lowerBound: -2, upperBound: 1, ...settings });
  right(7);
  right(8);
  right(9, 'b');
  left(10);
  right(10);
  right(11);
  right(12);
  return h.output.records().map((r) => `${r.value} ts=${r.timestamp}`);
}

describe('IntervalJoinOperator', () => {
  // between(-2, 1): a left element at 10 matches right elements in [8, 11].
  const table: { name: string; settings: Partial<IntervalJoinSettings<Ev, Ev>>; expected: string[] }[] = [
    {
      name: 'inclusive bounds (default)',
      settings: {},
      expected: ['a:10/8@10 10-8 ts=10', 'a:10/10@10 10-10 ts=10', 'a:10/11@11 10-11 ts=11'],
    },
    {
      name: 'lower bound exclusive',
      settings: { lowerBoundInclusive: false },
      expected: ['a:10/10@10 10-10 ts=10', 'a:10/11@11 10-11 ts=11'],
    },
    {
      name: 'upper bound exclusive',
      settings: { upperBoundInclusive: false },
      expected: ['a:10/8@10 10-8 ts=10', 'a:10/10@10 10-10 ts=10'],
    },
    {
      name: 'both exclusive',
      settings: { lowerBoundInclusive: false, upperBoundInclusive: false },
      expected: ['a:10/10@10 10-10 ts=10'],
    },
    {
      name: 'positive lower bound: between(1, 3) matches [11, 13]',
      settings: { lowerBound: 1, upperBound: 3 },
      expected: ['a:10/11@11 10-11 ts=11', 'a:10/12@12 10-12 ts=12'],
    },
  ];
  for (const { name, settings, expected } of table) {
    it(`joins within the interval: ${name}`, () => {
      assert.deepEqual(joinAroundTen(settings), expected);
    });
  }

  it('rejects an empty interval and records without timestamps, with Flink messages', () => {
    assert.throws(
      () =>
        new IntervalJoinOperator<string, Ev, Ev, string>(describePair, {
          lowerBound: 1,
          upperBound: 0,
          lowerBoundInclusive: true,
          upperBoundInclusive: true,
        }),
      /lowerBound <= upperBound must be fulfilled/,
    );
    const { h } = harness({ lowerBound: 0, upperBound: 1 });
    assert.throws(() => h.processElement1({ k: 'a', t: 1 }), /Long.MIN_VALUE timestamp: Elements used in interval/);
  });

  it('drops elements below the watermark, or sends them to the late side outputs', () => {
    const leftLate = new OutputTag<Ev>('left-late');
    const rightLate = new OutputTag<Ev>('right-late');
    for (const tags of [false, true]) {
      const { h, left, right } = harness({
        lowerBound: -5,
        upperBound: 5,
        ...(tags ? { leftLateDataOutputTag: leftLate, rightLateDataOutputTag: rightLate } : {}),
      });
      right(18);
      h.processWatermark(20);
      left(15); // late: 15 < 20, although 18 is within its interval
      right(19); // late
      left(20); // on time (not below the watermark): matches 18
      assert.deepEqual(
        h.output.records().map((r) => r.value),
        ['a:20/18@20 20-18'],
      );
      assert.deepEqual(
        h.output.sideOutput(leftLate).map((r) => `${r.value.t}@${r.timestamp}`),
        tags ? ['15@15'] : [],
      );
      assert.deepEqual(
        h.output.sideOutput(rightLate).map((r) => `${r.value.t}@${r.timestamp}`),
        tags ? ['19@19'] : [],
      );
      assert.deepEqual(h.output.watermarks(), [20]);
    }
  });

  it('frees each bucket when no element of the other side can match it any more', () => {
    // between(-2, 1): left at 10 is cleaned at 10 + 1 = 11; right at 12 at 12 + 2 = 14.
    const { h, left, right, backend } = harness({ lowerBound: -2, upperBound: 1 });
    assert.ok(backend !== undefined);
    left(10);
    right(12);
    const keysOf = (name: string) => [...backend.getKeys(name)];
    assert.deepEqual(keysOf(LEFT_BUFFER), ['a']);
    assert.deepEqual(keysOf(RIGHT_BUFFER), ['a']);
    h.processWatermark(10);
    assert.deepEqual(keysOf(LEFT_BUFFER), ['a']);
    h.processWatermark(11);
    assert.deepEqual(keysOf(LEFT_BUFFER), []);
    assert.deepEqual(keysOf(RIGHT_BUFFER), ['a']);
    h.processWatermark(14);
    assert.deepEqual(keysOf(RIGHT_BUFFER), []);
    // A left element at 14 is on time, but the right bucket at 12 is gone (as in Flink): no result.
    left(14);
    assert.deepEqual(h.values(), []);
  });
});
