import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Collector } from '../functions/functions.js';
import { ValueStateDescriptor } from '../state/descriptors.js';
import {
  EventTimeSessionWindows,
  GlobalWindows,
  TumblingEventTimeWindows,
  TumblingProcessingTimeWindows,
  type WindowAssigner,
} from '../windowing/assigners.js';
import { CountEvictor, DeltaEvictor, type Evictor, TimeEvictor } from '../windowing/evictors.js';
import { CountTrigger, type Trigger } from '../windowing/triggers.js';
import { type ProcessWindowFunctionContext, passThrough, type UserProcess } from '../windowing/window-functions.js';
import { type WindowContents, windowOperatorFactory } from '../windowing/window-operator-builder.js';
import type { TimeWindow, Window } from '../windowing/windows.js';
import { harnessServices } from './harness-services.test.js';
import { OneInputOperatorHarness } from './operator-harness.js';

// Evictors, process window functions with state, and processing-time windows (the operator harness with the
// runtime's heap backend, timers and manual clock).

type Rec = readonly [key: string, value: number];

interface Setup<W extends Window> {
  assigner: WindowAssigner<Rec, W>;
  trigger?: Trigger<Rec, W>;
  evictor?: Evictor<Rec, W>;
  allowedLateness?: number;
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
      lateDataOutputTag: undefined,
    },
    setup.contents ?? { kind: 'elements' },
    setup.process ?? (passThrough() as UserProcess<unknown, unknown, unknown, W>),
    'test',
  );
  return new OneInputOperatorHarness<Rec, unknown>(factory(), {
    services: harnessServices({ startTime }),
    keySelector: (r) => r[0],
  }).open();
}

/** Lists the window's elements' values: "key:[v1,v2]". */
const listing: UserProcess<unknown, unknown, unknown, Window> = {
  process(key, _ctx, elements, out: Collector<unknown>) {
    out.collect(`${String(key)}:[${[...(elements as Iterable<Rec>)].map((e) => e[1]).join(',')}]`);
  },
};

describe('EvictingWindowOperator', () => {
  it('CountEvictor keeps the newest elements, and the window keeps only those', () => {
    const h = harness({
      assigner: GlobalWindows.create(),
      trigger: CountTrigger.of(3),
      evictor: CountEvictor.of(2),
      process: listing,
    });
    for (let i = 1; i <= 6; i++) h.processElement(['a', i], i);
    assert.deepEqual(h.values(), ['a:[2,3]', 'a:[5,6]']);
  });

  it('CountEvictor with doEvictAfter shows everything, then trims', () => {
    const h = harness({
      assigner: GlobalWindows.create(),
      trigger: CountTrigger.of(2),
      evictor: CountEvictor.of(1, true),
      process: listing,
    });
    for (let i = 1; i <= 4; i++) h.processElement(['a', i], i);
    assert.deepEqual(h.values(), ['a:[1,2]', 'a:[2,3,4]']);
  });

  it('TimeEvictor keeps elements within the size of the newest timestamp', () => {
    const h = harness({ assigner: TumblingEventTimeWindows.of(100), evictor: TimeEvictor.of(10), process: listing });
    for (const ts of [25, 1, 5, 20]) h.processElement(['a', ts], ts);
    h.processWatermark(99);
    assert.deepEqual(h.values(), ['a:[25,20]'], 'cutoff 25 - 10 = 15: timestamps <= 15 go');
  });

  it('DeltaEvictor drops elements too far from the last one', () => {
    const delta = DeltaEvictor.of<Rec>(5, (a, b) => Math.abs(a[1] - b[1]));
    const h = harness({ assigner: TumblingEventTimeWindows.of(100), evictor: delta, process: listing });
    for (const v of [1, 8, 10, 12]) h.processElement(['a', v], v);
    h.processWatermark(99);
    assert.deepEqual(h.values(), ['a:[8,10,12]']);
  });

  it('reduces over what remains after eviction', () => {
    const h = harness({
      assigner: GlobalWindows.create(),
      trigger: CountTrigger.of(3),
      evictor: CountEvictor.of(2),
      contents: { kind: 'reduce', reduce: (a, b) => [a[0], a[1] + b[1]], name: 'sum' },
    });
    for (let i = 1; i <= 3; i++) h.processElement(['a', i], i);
    assert.deepEqual(h.values(), [['a', 5]]);
  });

  it('evicts on merged session windows', () => {
    const h = harness({ assigner: EventTimeSessionWindows.withGap(10), evictor: CountEvictor.of(2), process: listing });
    h.processElement(['a', 1], 0);
    h.processElement(['a', 2], 18);
    h.processElement(['a', 3], 9);
    h.processWatermark(27);
    assert.deepEqual(h.values(), ['a:[2,3]']);
  });
});

describe('ProcessWindowFunction state', () => {
  it('keeps per-window state across late firings and global state across windows; clear() at cleanup', () => {
    const fires = new ValueStateDescriptor<number>('fires');
    const total = new ValueStateDescriptor<number>('total');
    const cleared: string[] = [];
    const fn: UserProcess<unknown, unknown, unknown, TimeWindow> = {
      process(key, ctx: ProcessWindowFunctionContext<TimeWindow>, elements, out) {
        const perWindow = ctx.windowState().getState(fires);
        perWindow.update((perWindow.value() ?? 0) + 1);
        const global = ctx.globalState().getState(total);
        global.update((global.value() ?? 0) + 1);
        const n = [...elements].length;
        out.collect(`${String(key)}@${ctx.window().start}: n=${n} fires=${perWindow.value()} total=${global.value()}`);
      },
      clear(ctx) {
        const perWindow = ctx.windowState().getState(fires);
        cleared.push(`${ctx.window().start}:${perWindow.value()}`);
        perWindow.clear();
      },
    };
    const h = harness({ assigner: TumblingEventTimeWindows.of(10), allowedLateness: 10, process: fn });
    h.processElement(['a', 1], 1);
    h.processElement(['a', 1], 12);
    h.processWatermark(9);
    h.processElement(['a', 1], 2); // late firing of [0, 10)
    h.processWatermark(19);
    h.processWatermark(30);
    assert.deepEqual(h.values(), ['a@0: n=1 fires=1 total=1', 'a@0: n=2 fires=2 total=2', 'a@10: n=1 fires=1 total=3']);
    assert.deepEqual(cleared, ['0:2', '10:1']);
  });

  it('emits side outputs with the window maxTimestamp', async () => {
    const { OutputTag } = await import('../output-tag.js');
    const tag = new OutputTag<string>('info');
    const fn: UserProcess<unknown, unknown, unknown, TimeWindow> = {
      process(_key, ctx: ProcessWindowFunctionContext<TimeWindow>) {
        ctx.output(tag, `window ${ctx.window().start}`);
      },
    };
    const h = harness({ assigner: TumblingEventTimeWindows.of(10), process: fn });
    h.processElement(['a', 1], 3);
    h.processWatermark(10);
    assert.deepEqual(h.output.sideOutput(tag), [{ value: 'window 0', timestamp: 9 }]);
  });
});

describe('processing-time windows', () => {
  it('assign by the clock and fire when it passes the window end', () => {
    const h = harness({ assigner: TumblingProcessingTimeWindows.of(10), process: listing }, 3);
    h.processElement(['a', 1], 100); // event timestamps do not matter
    h.setProcessingTime(8);
    h.processElement(['a', 2], 0);
    h.setProcessingTime(10);
    h.processElement(['a', 3], 0);
    assert.deepEqual(h.values(), ['a:[1,2]']);
    h.setProcessingTime(25);
    assert.deepEqual(h.values(), ['a:[1,2]', 'a:[3]']);
    assert.deepEqual(
      h.output.records().map((r) => r.timestamp),
      [9, 19],
    );
  });
});
