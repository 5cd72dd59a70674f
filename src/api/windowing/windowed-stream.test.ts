import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Duration } from '../../core/time.js';
import { StreamExecutionEnvironment } from '../environment/stream-execution-environment.js';
import { WatermarkStrategy } from '../eventtime/watermark-strategy.js';
import type { OneInputTransformation } from '../transformations.js';
import { AllWindowedStream } from './all-windowed-stream.js';
import { EventTimeSessionWindows, GlobalWindows, TumblingEventTimeWindows } from './assigners.js';
import { CountEvictor } from './evictors.js';
import { CountTrigger, type Trigger } from './triggers.js';
import { ProcessWindowFunction, type ProcessWindowFunctionContext } from './window-functions.js';
import { WindowedStream } from './windowed-stream.js';
import type { TimeWindow } from './windows.js';

interface Bid {
  readonly auction: number;
  readonly price: number;
  readonly ts: number;
}
const env = () => StreamExecutionEnvironment.createLocalEnvironment(2);
const bids = (...data: Bid[]) =>
  env()
    .fromData<Bid>(...data)
    .assignTimestampsAndWatermarks(WatermarkStrategy.forMonotonousTimestamps<Bid>().withTimestampAssigner((b) => b.ts));
const maxPrice = (a: Bid, b: Bid): Bid => (a.price >= b.price ? a : b);

class Describe extends ProcessWindowFunction<Bid, string, number, TimeWindow> {
  process(
    key: number,
    ctx: ProcessWindowFunctionContext<TimeWindow>,
    elements: Iterable<Bid>,
    out: { collect(v: string): void },
  ) {
    out.collect(`${key}@${ctx.window().start}: ${[...elements].map((b) => b.price).join(',')}`);
  }
}

describe('KeyedStream.window', () => {
  it('names the operator as Flink does, with the assigner, trigger and functions', () => {
    const w = bids({ auction: 1, price: 1, ts: 1 })
      .keyBy((b) => b.auction)
      .window(TumblingEventTimeWindows.of(Duration.ofSeconds(10)));
    assert.ok(w instanceof WindowedStream);
    const reduced = w.reduce(maxPrice);
    assert.equal(
      reduced.getName(),
      'Window(TumblingEventTimeWindows(10000), EventTimeTrigger, maxPrice, PassThroughWindowFunction)',
    );
    const processed = w.evictor(CountEvictor.of(2)).process(new Describe());
    assert.equal(
      processed.getName(),
      'Window(TumblingEventTimeWindows(10000), EventTimeTrigger, CountEvictor, Describe)',
    );
    const t = processed.getTransformation() as OneInputTransformation;
    assert.equal(t.kind, 'one-input');
  });

  it('rejects bad settings with clear errors', () => {
    const keyed = bids({ auction: 1, price: 1, ts: 1 }).keyBy((b) => b.auction);
    const nonMerging: Trigger<Bid, TimeWindow> = {
      onElement: () => 'FIRE',
      onEventTime: () => 'CONTINUE',
      onProcessingTime: () => 'CONTINUE',
      clear: () => {},
    };
    assert.throws(
      () => keyed.window(EventTimeSessionWindows.withGap(5)).trigger(nonMerging),
      /does not support merging/,
    );
    assert.throws(() => keyed.window(TumblingEventTimeWindows.of(5)).allowedLateness(-1), /non-negative/);
    assert.throws(
      () => keyed.window(TumblingEventTimeWindows.of(5)).reduce({ reduce: maxPrice, open() {} }),
      /cannot have open\/close/,
    );
    assert.throws(
      () =>
        keyed.window(EventTimeSessionWindows.withGap(5)).aggregate({
          createAccumulator: () => 0,
          add: (_b: Bid, a: number) => a + 1,
          getResult: (a: number) => a,
        } as never),
      /missing merge/,
    );
  });
});

describe('DataStream.windowAll', () => {
  it('runs with parallelism 1 and max parallelism 1', () => {
    const all = bids({ auction: 1, price: 1, ts: 1 }).windowAll(GlobalWindows.create());
    assert.ok(all instanceof AllWindowedStream);
    const result = all.trigger(CountTrigger.of(2)).reduce(maxPrice);
    assert.equal(result.getParallelism(), 1);
    assert.equal((result.getTransformation() as OneInputTransformation).maxParallelism, 1);
    assert.equal(result.getName(), 'Window(GlobalWindows(), CountTrigger, maxPrice, PassThroughWindowFunction)');
  });
});
