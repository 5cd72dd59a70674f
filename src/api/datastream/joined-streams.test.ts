import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Duration, MAX_WATERMARK } from '../../core/time.js';
import { Types } from '../../core/types/types.js';
import { StreamExecutionEnvironment } from '../environment/stream-execution-environment.js';
import type { Collector } from '../functions/functions.js';
import { harnessServices } from '../operators/harness-services.test.js';
import { OneInputOperatorHarness } from '../operators/operator-harness.js';
import type { OneInputStreamOperator } from '../operators/stream-operator.js';
import type { OneInputTransformation, Transformation } from '../transformations.js';
import { SlidingEventTimeWindows, TumblingEventTimeWindows } from '../windowing/assigners.js';
import { CountEvictor } from '../windowing/evictors.js';
import { CountTrigger } from '../windowing/triggers.js';
import type { TaggedUnion } from './co-grouped-streams.js';
import type { DataStream, SingleOutputStreamOperator } from './index.js';

type Order = { readonly user: string; readonly t: number };
type Click = { readonly user: string; readonly t: number };
type U = TaggedUnion<Order, Click>;

// Hand-worked data. Orders: a@100, b@500, a@900, a@1200. Clicks: a@300, a@1100, b@1500.
const ELEMENTS: U[] = [
  { tag: 1, one: { user: 'a', t: 100 } },
  { tag: 2, two: { user: 'a', t: 300 } },
  { tag: 1, one: { user: 'b', t: 500 } },
  { tag: 1, one: { user: 'a', t: 900 } },
  { tag: 2, two: { user: 'a', t: 1100 } },
  { tag: 1, one: { user: 'a', t: 1200 } },
  { tag: 2, two: { user: 'b', t: 1500 } },
];

function streams(): { orders: DataStream<Order>; clicks: DataStream<Click> } {
  const env = StreamExecutionEnvironment.createLocalEnvironment(2);
  return { orders: env.fromData<Order>({ user: 'a', t: 1 }), clicks: env.fromData<Click>({ user: 'a', t: 1 }) };
}

/** Runs the window operator the builder made over the tagged elements, as the task would after the union. */
function run<O>(result: SingleOutputStreamOperator<O>, elements: readonly U[] = ELEMENTS): string[] {
  const t = result.getTransformation() as OneInputTransformation;
  const op = t.operatorFactory() as OneInputStreamOperator<U, O>;
  const h = new OneInputOperatorHarness<U, O>(op, {
    services: harnessServices(),
    keySelector: t.keySelector as (u: U) => unknown,
  }).open();
  for (const e of elements) h.processElement(e, e.tag === 1 ? e.one.t : e.two.t);
  h.processWatermark(MAX_WATERMARK);
  h.close();
  return h.output
    .records()
    .map((r) => `${String(r.value)} @${r.timestamp}`)
    .sort();
}

const pair = (o: Order, c: Click): string => `${o.user} ${o.t}-${c.t}`;

function inputsOf(t: Transformation): string[] {
  if (t.kind === 'union') return t.inputs.map((i) => `${i.kind}:${i.name}`);
  if (t.kind === 'partition' || t.kind === 'one-input') return inputsOf(t.input);
  return [];
}

describe('DataStream.join (window join)', () => {
  it('is a window over the union of both tagged inputs, named as in Flink', () => {
    const { orders, clicks } = streams();
    const joined = orders
      .join(clicks)
      .where((o) => o.user)
      .equalTo((c) => c.user)
      .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
      .apply(pair);
    assert.equal(joined.getName(), 'Window(TumblingEventTimeWindows(1000), EventTimeTrigger, CoGroupWindowFunction)');
    assert.deepEqual(inputsOf(joined.getTransformation()), ['one-input:Map', 'one-input:Map']);
  });

  it('tumbling: pairs every order with every click of its user in the same window, at the window end - 1', () => {
    const { orders, clicks } = streams();
    const joined = orders
      .join(clicks)
      .where((o) => o.user)
      .equalTo((c) => c.user)
      .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
      .apply(pair);
    // [0,1000): a has orders 100, 900 and click 300; b has order 500 but no click (inner join: nothing).
    // [1000,2000): a has order 1200 and click 1100; b has click 1500 but no order.
    assert.deepEqual(run(joined), ['a 100-300 @999', 'a 1200-1100 @1999', 'a 900-300 @999']);
  });

  it('sliding: a pair appears once in every window that holds both elements', () => {
    const { orders, clicks } = streams();
    const joined = orders
      .join(clicks)
      .where((o) => o.user)
      .equalTo((c) => c.user)
      .window(SlidingEventTimeWindows.of(Duration.ofMillis(1000), Duration.ofMillis(500)))
      .apply({ join: pair });
    // Windows of size 1000 every 500: a@100 and a@300 share [-500,500) and [0,1000); a@900 shares [0,1000) with
    // a@300 and [500,1500) with a@1100; a@1200 shares [500,1500) and [1000,2000) with a@1100. b's never overlap.
    assert.deepEqual(run(joined), [
      'a 100-300 @499',
      'a 100-300 @999',
      'a 1200-1100 @1499',
      'a 1200-1100 @1999',
      'a 900-1100 @1499',
      'a 900-300 @999',
    ]);
  });

  it('FlatJoinFunction (three parameters) emits through the collector; a custom trigger is used', () => {
    const { orders, clicks } = streams();
    const joined = orders
      .join(clicks)
      .where((o) => o.user)
      .equalTo((c) => c.user)
      .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
      .trigger(CountTrigger.of(3))
      .apply((o: Order, c: Click, out: Collector<string>) => {
        out.collect(pair(o, c));
        out.collect(`${pair(o, c)} again`);
      });
    assert.equal(joined.getName(), 'Window(TumblingEventTimeWindows(1000), CountTrigger, CoGroupWindowFunction)');
    // Only a's [0,1000) window reaches 3 elements (100, 300, 900); CountTrigger never fires at the watermark.
    assert.deepEqual(run(joined), ['a 100-300 @999', 'a 100-300 again @999', 'a 900-300 @999', 'a 900-300 again @999']);
  });

  it('passes evictor and allowed lateness to the window operator', () => {
    const { orders, clicks } = streams();
    const joined = orders
      .join(clicks)
      .where((o) => o.user)
      .equalTo((c) => c.user)
      .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
      .allowedLateness(Duration.ofMillis(500))
      .evictor(CountEvictor.of(2))
      .apply(pair);
    assert.equal(
      joined.getName(),
      'Window(TumblingEventTimeWindows(1000), EventTimeTrigger, CountEvictor, CoGroupWindowFunction)',
    );
    // CountEvictor keeps the last 2 of a's [0,1000) window (click 300, order 900): one pair instead of two.
    assert.deepEqual(run(joined), ['a 1200-1100 @1999', 'a 900-300 @999']);
  });

  it('rejects bad input with clear errors', () => {
    const { orders, clicks } = streams();
    assert.throws(
      () =>
        orders
          .join(clicks)
          .where((o) => o.user, Types.STRING)
          .equalTo((c) => String(c.t), Types.INT as never),
      /The keys for the two inputs are not equal: first key = .*STRING/,
    );
    const keyed = orders
      .join(clicks)
      .where((o) => o.user)
      .equalTo((c) => c.user);
    assert.throws(() => keyed.window({} as never), /expects a WindowAssigner/);
    const windowed = keyed.window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)));
    assert.throws(() => windowed.apply({} as never), /join/);
    assert.throws(() => orders.join(42 as never), /join\(\) expects a DataStream/);
  });
});

describe('DataStream.coGroup', () => {
  it('hands both sides of each key and window to the function, either side possibly empty', () => {
    const { orders, clicks } = streams();
    const grouped = orders
      .coGroup(clicks)
      .where((o) => o.user)
      .equalTo((c) => c.user)
      .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
      .apply((os: Iterable<Order>, cs: Iterable<Click>, out: Collector<string>) => {
        const o = [...os].map((x) => x.t);
        const c = [...cs].map((x) => x.t);
        out.collect(`${[...os, ...cs][0]?.user} [${o.join(',')}] [${c.join(',')}]`);
      });
    assert.equal(grouped.getName(), 'Window(TumblingEventTimeWindows(1000), EventTimeTrigger, CoGroupWindowFunction)');
    assert.deepEqual(run(grouped), [
      'a [100,900] [300] @999',
      'a [1200] [1100] @1999',
      'b [500] [] @999',
      'b [] [1500] @1999',
    ]);
  });

  it('opens and closes a rich coGroup function', () => {
    const { orders, clicks } = streams();
    const calls: string[] = [];
    const grouped = orders
      .coGroup(clicks)
      .where((o) => o.user)
      .equalTo((c) => c.user)
      .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
      .apply({
        open: () => calls.push('open'),
        close: () => calls.push('close'),
        coGroup: (os: Iterable<Order>, cs: Iterable<Click>, out: Collector<number>) =>
          out.collect([...os].length * 10 + [...cs].length),
      });
    calls.length = 0; // the builder instantiated one operator to check it
    // a [0,1000): 2 orders, 1 click; b [0,1000): 1, 0; a [1000,2000): 1, 1; b [1000,2000): 0, 1.
    assert.deepEqual(run(grouped), ['1 @1999', '10 @999', '11 @1999', '21 @999']);
    assert.deepEqual(calls, ['open', 'close']);
  });
});
