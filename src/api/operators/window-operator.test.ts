import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AggregateFunction } from '../functions/functions.js';
import { OutputTag } from '../output-tag.js';
import {
  EventTimeSessionWindows,
  GlobalWindows,
  ProcessingTimeSessionWindows,
  TumblingEventTimeWindows,
  type WindowAssigner,
} from '../windowing/assigners.js';
import type { Evictor } from '../windowing/evictors.js';
import { ContinuousEventTimeTrigger, CountTrigger, PurgingTrigger, type Trigger } from '../windowing/triggers.js';
import {
  type ProcessAllWindowFunction,
  type ProcessWindowFunctionContext,
  passThrough,
  toUserProcess,
  type UserProcess,
} from '../windowing/window-functions.js';
import { type WindowContents, windowOperatorFactory } from '../windowing/window-operator-builder.js';
import type { TimeWindow, Window } from '../windowing/windows.js';
import { harnessServices } from './harness-services.test.js';
import { OneInputOperatorHarness } from './operator-harness.js';

type Rec = readonly [key: string, value: number];
const sum = (a: Rec, b: Rec): Rec => [a[0], a[1] + b[1]];

interface Setup<W extends Window> {
  assigner: WindowAssigner<Rec, W>;
  trigger?: Trigger<Rec, W>;
  evictor?: Evictor<Rec, W>;
  allowedLateness?: number;
  lateTag?: OutputTag<Rec>;
  contents?: WindowContents<Rec>;
  process?: UserProcess<unknown, unknown, unknown, W>;
}

function harness<W extends Window>(setup: Setup<W>, startTime = 0) {
  const factory = windowOperatorFactory<Rec, unknown, unknown, W>(
    {
      assigner: setup.assigner,
      trigger: setup.trigger ?? setup.assigner.getDefaultTrigger(),
      evictor: setup.evictor,
      allowedLateness: setup.allowedLateness ?? 0,
      lateDataOutputTag: setup.lateTag,
    },
    setup.contents ?? { kind: 'reduce', reduce: sum, name: 'sum' },
    setup.process ?? (passThrough() as UserProcess<unknown, unknown, unknown, W>),
    'test',
  );
  return new OneInputOperatorHarness<Rec, unknown>(factory(), {
    services: harnessServices({ startTime }),
    keySelector: (r) => r[0],
  }).open();
}

/** Records as "key=value@timestamp", sorted (timers of one timestamp fire in no defined key order). */
function fired(h: OneInputOperatorHarness<Rec, unknown>): string[] {
  return h.output
    .records()
    .map((r) => {
      const v = r.value;
      return Array.isArray(v) ? `${v[0]}=${v[1]}@${r.timestamp}` : `${String(v)}@${r.timestamp}`;
    })
    .sort();
}

describe('WindowOperator: tumbling event time', () => {
  it('reduces out-of-order records per key and window; fires when the watermark passes maxTimestamp', () => {
    const h = harness({ assigner: TumblingEventTimeWindows.of(10) });
    h.processElement(['a', 1], 1);
    h.processElement(['a', 2], 7);
    h.processElement(['b', 5], 3);
    h.processElement(['a', 4], 12);
    h.processElement(['a', 3], 9);
    h.processWatermark(8);
    assert.deepEqual(fired(h), []);
    h.processWatermark(9);
    assert.deepEqual(fired(h), ['a=6@9', 'b=5@9']);
    h.processWatermark(20);
    assert.deepEqual(fired(h), ['a=4@19', 'a=6@9', 'b=5@9']);
    assert.deepEqual(h.output.watermarks(), [8, 9, 20]);
  });

  it('fires windows of negative timestamps ([-10, 0) has maxTimestamp -1)', () => {
    const h = harness({ assigner: TumblingEventTimeWindows.of(10) });
    h.processElement(['a', 1], -1);
    h.processElement(['a', 2], -10);
    h.processElement(['a', 4], -11);
    h.processWatermark(-1);
    assert.deepEqual(fired(h), ['a=3@-1', 'a=4@-11']);
  });
});

describe('WindowOperator: lateness', () => {
  const table = [
    { name: 'late side output', lateTag: new OutputTag<Rec>('late'), side: ['a=4@2'], dropped: 0 },
    { name: 'dropped and counted', lateTag: undefined, side: [], dropped: 1 },
  ];
  for (const t of table) {
    it(`fires late within allowedLateness, then ${t.name}`, () => {
      const h = harness({ assigner: TumblingEventTimeWindows.of(10), allowedLateness: 5, lateTag: t.lateTag });
      h.processElement(['a', 1], 5);
      h.processWatermark(9);
      assert.deepEqual(fired(h), ['a=1@9']);
      h.processElement(['a', 2], 3); // late but within lateness: the window fires again at once, with both
      assert.deepEqual(fired(h), ['a=1@9', 'a=3@9']);
      h.processWatermark(14); // cleanup: maxTimestamp 9 + lateness 5
      h.processElement(['a', 4], 2);
      assert.deepEqual(fired(h), ['a=1@9', 'a=3@9']);
      const side = t.lateTag === undefined ? [] : h.output.sideOutput(t.lateTag);
      assert.deepEqual(
        side.map((r) => `${r.value[0]}=${r.value[1]}@${r.timestamp}`),
        t.side,
      );
      assert.equal(h.metrics.counters.get('numLateRecordsDropped'), t.dropped);
    });
  }

  it('a record behind the watermark whose window is still open is not late', () => {
    const h = harness({ assigner: TumblingEventTimeWindows.of(10), lateTag: new OutputTag<Rec>('late') });
    h.processWatermark(9);
    h.processElement(['a', 1], 10);
    h.processWatermark(19);
    assert.deepEqual(fired(h), ['a=1@19']);
    assert.equal(h.metrics.counters.get('numLateRecordsDropped'), 0);
  });
});

const avg: AggregateFunction<Rec, { sum: number; count: number }, string> = {
  createAccumulator: () => ({ sum: 0, count: 0 }),
  add: (r, acc) => ({ sum: acc.sum + r[1], count: acc.count + 1 }),
  getResult: (acc) => `${acc.sum}/${acc.count}`,
  merge: (a, b) => ({ sum: a.sum + b.sum, count: a.count + b.count }),
};

describe('WindowOperator: session windows', () => {
  it('merges sessions when a record bridges two of them (reduce)', () => {
    const h = harness({ assigner: EventTimeSessionWindows.withGap(10) });
    h.processElement(['a', 1], 0); // [0, 10)
    h.processElement(['a', 2], 18); // [18, 28)
    h.processElement(['b', 8], 5); // other key: [5, 15)
    h.processElement(['a', 4], 9); // [9, 19) touches both: [0, 28)
    h.processWatermark(14);
    assert.deepEqual(fired(h), ['b=8@14'], 'the timer of the merged-away [0, 10) is gone');
    h.processWatermark(26);
    assert.deepEqual(fired(h), ['b=8@14']);
    h.processWatermark(27);
    assert.deepEqual(fired(h), ['a=7@27', 'b=8@14']);
  });

  it('merges accumulators of an AggregateFunction', () => {
    const h = harness({
      assigner: EventTimeSessionWindows.withGap(10),
      contents: { kind: 'aggregate', aggregate: avg as AggregateFunction<Rec, unknown, unknown>, name: 'avg' },
    });
    h.processElement(['a', 1], 0);
    h.processElement(['a', 3], 2);
    h.processElement(['a', 2], 18);
    h.processElement(['a', 6], 11); // [11, 21) joins [0, 12) and [18, 28)
    h.processWatermark(100);
    assert.deepEqual(fired(h), ['12/4@27']);
  });

  it('keeps separate sessions apart and uses dynamic gaps', () => {
    const h = harness({ assigner: EventTimeSessionWindows.withDynamicGap<Rec>((r) => r[1]) });
    h.processElement(['a', 5], 0); // [0, 5)
    h.processElement(['a', 3], 6); // [6, 9): does not touch [0, 5)
    h.processWatermark(100);
    assert.deepEqual(fired(h), ['a=3@8', 'a=5@4']);
  });

  it('sends a record whose session is already past cleanup to the late output', () => {
    const late = new OutputTag<Rec>('late');
    const h = harness({ assigner: EventTimeSessionWindows.withGap(10), lateTag: late });
    h.processWatermark(50);
    h.processElement(['a', 1], 30); // [30, 40): late
    assert.deepEqual(fired(h), []);
    assert.equal(h.output.sideOutput(late).length, 1);
  });
});

describe('WindowOperator: triggers', () => {
  const table = [
    {
      name: 'CountTrigger keeps the contents',
      trigger: CountTrigger.of(3),
      expected: ['a=21@Infinity', 'a=6@Infinity'],
    },
    {
      name: 'PurgingTrigger(CountTrigger) purges after firing',
      trigger: PurgingTrigger.of(CountTrigger.of(3)),
      expected: ['a=15@Infinity', 'a=6@Infinity'],
    },
  ];
  for (const t of table) {
    it(t.name, () => {
      const h = harness({ assigner: GlobalWindows.create(), trigger: t.trigger });
      for (let i = 1; i <= 7; i++) h.processElement(['a', i], i);
      assert.deepEqual(fired(h), t.expected);
    });
  }

  it('ContinuousEventTimeTrigger fires every interval and at the window end', () => {
    const h = harness({ assigner: TumblingEventTimeWindows.of(100), trigger: ContinuousEventTimeTrigger.of(30) });
    h.processElement(['a', 1], 5);
    h.processElement(['a', 2], 40);
    h.processWatermark(30);
    h.processWatermark(60);
    h.processElement(['a', 4], 70);
    h.processWatermark(90);
    h.processWatermark(99);
    assert.deepEqual(
      h.output.records().map((r) => `${(r.value as Rec)[1]}@${r.timestamp}`),
      ['3@99', '3@99', '7@99', '7@99'],
    );
  });

  it('GlobalWindows.createWithEndOfStreamTrigger fires once at the end of input', () => {
    const h = harness({ assigner: GlobalWindows.createWithEndOfStreamTrigger() });
    h.processElement(['a', 1], 1);
    h.processElement(['a', 2], 2);
    h.processWatermark(1000);
    assert.deepEqual(fired(h), []);
    h.processWatermark(Number.POSITIVE_INFINITY);
    assert.deepEqual(fired(h), ['a=3@Infinity']);
  });
});

describe('WindowOperator: merging triggers and combined functions', () => {
  it('CountTrigger merges its counts when sessions merge', () => {
    const h = harness({ assigner: EventTimeSessionWindows.withGap(10), trigger: CountTrigger.of(3) });
    h.processElement(['a', 1], 0);
    h.processElement(['a', 2], 18);
    assert.deepEqual(fired(h), []);
    h.processElement(['a', 4], 9); // merged count 1 + 1, plus this one: 3
    assert.deepEqual(fired(h), ['a=7@27']);
  });

  it('processing-time sessions merge by the clock and fire when it passes the end', () => {
    const h = harness({ assigner: ProcessingTimeSessionWindows.withGap(10) }, 0);
    h.processElement(['a', 1], 0); // [0, 10)
    h.setProcessingTime(5);
    h.processElement(['a', 2], 0); // [5, 15): merged [0, 15)
    h.setProcessingTime(10);
    assert.deepEqual(fired(h), []);
    h.setProcessingTime(14);
    assert.deepEqual(fired(h), ['a=3@14']);
  });

  it('reduce combined with a process window function sees the reduced value and the window', () => {
    const h = harness({
      assigner: TumblingEventTimeWindows.of(10),
      process: {
        process(key, ctx: ProcessWindowFunctionContext<Window>, elements, out) {
          const [only, ...rest] = [...(elements as Iterable<Rec>)];
          out.collect(`${String(key)} ${(ctx.window() as TimeWindow).start}: ${only?.[1]} (${rest.length} more)`);
        },
      },
    });
    h.processElement(['a', 1], 1);
    h.processElement(['a', 2], 2);
    h.processWatermark(9);
    assert.deepEqual(fired(h), ['a 0: 3 (0 more)@9']);
  });

  it('runs a ProcessAllWindowFunction (no key) over all elements', () => {
    const all: ProcessAllWindowFunction<Rec, string, TimeWindow> = {
      process(ctx, elements, out) {
        out.collect(`${ctx.window().start}: ${[...elements].map((e) => e.join('')).join(' ')}`);
      },
    };
    const h = harness({
      assigner: TumblingEventTimeWindows.of(10),
      contents: { kind: 'elements' },
      process: toUserProcess(all, false),
    });
    h.processElement(['a', 1], 1);
    h.processElement(['a', 2], 2);
    h.processWatermark(9);
    assert.deepEqual(fired(h), ['0: a1 a2@9']);
  });
});
