import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AsyncDataStream,
  type Collector,
  KeyedCoProcessFunction,
  type KeyedOnTimerContext,
  KeyedProcessFunction,
  type KeyedProcessFunctionContext,
  OutputTag,
  type RuntimeContext,
  type ValueState,
  ValueStateDescriptor,
  WatermarkStrategy,
} from '../api/index.js';
import { TumblingEventTimeWindows } from '../api/windowing/index.js';
import { MAX_WATERMARK } from '../core/time.js';
import { JobTestDriver, testJob } from './index.js';

interface Click {
  readonly user: string;
  readonly at: number;
}

const LATE = new OutputTag<Click>('late');

function windowCountJob(parallelism: number): JobTestDriver {
  return testJob(
    (_env, t) => {
      const counts = t
        .input<Click>('clicks')
        .keyBy((c) => c.user)
        .window(TumblingEventTimeWindows.of(10))
        .sideOutputLateData(LATE)
        .aggregate({
          createAccumulator: () => ({ user: '', n: 0 }),
          add: (c: Click, acc: { user: string; n: number }) => ({ user: c.user, n: acc.n + 1 }),
          getResult: (acc: { user: string; n: number }) => `${acc.user}:${acc.n}`,
          merge: (a: { user: string; n: number }, b: { user: string; n: number }) => ({ user: a.user, n: a.n + b.n }),
        })
        .name('count-window');
      counts.sinkTo(t.sink('counts'));
      counts.getSideOutput(LATE).sinkTo(t.sink('late'));
    },
    { parallelism },
  );
}

describe('JobTestDriver: tumbling window count', () => {
  for (const parallelism of [1, 3]) {
    it(`counts per key and window, late data to the side output (parallelism ${parallelism})`, async () => {
      const driver = windowCountJob(parallelism);
      const clicks = driver.input<Click>('clicks');
      for (const [user, at] of [
        ['ann', 1],
        ['bob', 2],
        ['ann', 9],
        ['ann', 12],
      ] as const) {
        clicks.pipeInput({ user, at }, at);
      }
      assert.deepEqual(driver.output('counts'), []);
      clicks.advanceWatermark(9);
      assert.deepEqual(driver.output<string>('counts').sort(), ['ann:2', 'bob:1']);
      assert.deepEqual(
        driver.outputRecords<string>('counts').map((r) => r.timestamp),
        [9, 9],
      );
      clicks.pipeInput({ user: 'bob', at: 3 }, 3); // its window [0, 10) has fired
      assert.deepEqual(driver.output('late'), [{ user: 'bob', at: 3 }]);
      assert.equal(driver.state('count-window').numEventTimeTimers(), 1);
      await driver.close();
      assert.deepEqual(driver.output<string>('counts').sort(), ['ann:1', 'ann:2', 'bob:1']);
      assert.equal(driver.outputWatermarks('counts').at(-1), MAX_WATERMARK);
    });
  }
});

const LAST_SEEN = new ValueStateDescriptor<number>('last-seen');

/** Says when a user has been quiet for 100 ms of processing time; state holds the last click's time. */
class Inactivity extends KeyedProcessFunction<string, Click, string> {
  private lastSeen!: ValueState<number>;
  override open(context: RuntimeContext): void {
    this.lastSeen = context.getState(LAST_SEEN);
  }
  processElement(_c: Click, ctx: KeyedProcessFunctionContext<string>): void {
    const now = ctx.timerService().currentProcessingTime();
    const previous = this.lastSeen.value();
    if (previous !== undefined) ctx.timerService().deleteProcessingTimeTimer(previous + 100);
    this.lastSeen.update(now);
    ctx.timerService().registerProcessingTimeTimer(now + 100);
  }
  override onTimer(ts: number, ctx: KeyedOnTimerContext<string>, out: Collector<string>): void {
    out.collect(`${ctx.getCurrentKey()} quiet since ${ts - 100}`);
    this.lastSeen.clear();
  }
}

describe('JobTestDriver: processing time', () => {
  it('fires processing-time timers in time order as the clock advances', async () => {
    const driver = new JobTestDriver((_env, t) => {
      t.input<Click>('clicks')
        .keyBy((c) => c.user)
        .process(new Inactivity())
        .name('inactivity')
        .map((s: string) => s.toUpperCase())
        .sinkTo(t.sink('alerts'));
    });
    const clicks = driver.input<Click>('clicks');
    clicks.pipeInput({ user: 'ann', at: 0 });
    driver.advanceProcessingTime(50);
    clicks.pipeInput({ user: 'bob', at: 50 });
    clicks.pipeInput({ user: 'ann', at: 50 });
    assert.equal(driver.state('inactivity').getState('ann', LAST_SEEN), 50);
    assert.equal(driver.state('inactivity').numProcessingTimeTimers(), 2);
    driver.advanceProcessingTime(99);
    assert.deepEqual(driver.output('alerts'), []);
    driver.advanceProcessingTime(1);
    assert.deepEqual(driver.output('alerts'), ['BOB QUIET SINCE 50', 'ANN QUIET SINCE 50']);
    assert.equal(driver.currentProcessingTime, 150);
    assert.throws(() => driver.setProcessingTime(10), /cannot go back/);
    await driver.close();
  });
});

interface Order {
  readonly id: number;
  readonly item: string;
}
interface Payment {
  readonly orderId: number;
  readonly amount: number;
}
const UNPAID = new OutputTag<number>('unpaid');

/** Matches orders with payments; an order without payment by event time +10 goes to a side output. */
class Matcher extends KeyedCoProcessFunction<number, Order, Payment, string> {
  private order!: ValueState<Order>;
  override open(context: RuntimeContext): void {
    this.order = context.getState(new ValueStateDescriptor<Order>('order'));
  }
  processElement1(o: Order, ctx: KeyedProcessFunctionContext<number>): void {
    this.order.update(o);
    ctx.timerService().registerEventTimeTimer((ctx.timestamp() ?? 0) + 10);
  }
  processElement2(p: Payment, _ctx: KeyedProcessFunctionContext<number>, out: Collector<string>): void {
    const o = this.order.value();
    if (o === undefined) return;
    out.collect(`${o.item} paid ${p.amount}`);
    this.order.clear();
  }
  override onTimer(_ts: number, ctx: KeyedOnTimerContext<number>): void {
    if (this.order.value() !== undefined) ctx.output(UNPAID, ctx.getCurrentKey());
    this.order.clear();
  }
}

describe('JobTestDriver: two inputs', () => {
  it('runs a keyed co-process function; the watermark is the minimum of both inputs', async () => {
    const driver = testJob(
      (_env, t) => {
        const orders = t.input<Order>('orders');
        const payments = t.input<Payment>('payments');
        const matched = orders
          .connect(payments)
          .keyBy(
            (o: Order) => o.id,
            (p: Payment) => p.orderId,
          )
          .process(new Matcher())
          .name('matcher');
        matched.sinkTo(t.sink('matched'));
        matched.getSideOutput(UNPAID).sinkTo(t.sink('unpaid'));
      },
      { parallelism: 2 },
    );
    driver.input<Order>('orders').pipeInput({ id: 1, item: 'book' }, 100).pipeInput({ id: 2, item: 'pen' }, 101);
    driver.input<Payment>('payments').pipeInput({ orderId: 1, amount: 12 }, 105);
    assert.deepEqual(driver.output('matched'), ['book paid 12']);
    driver.input('orders').advanceWatermark(200);
    assert.deepEqual(driver.output('unpaid'), [], 'the payments input still holds the watermark at -inf');
    driver.input('payments').markIdle();
    assert.deepEqual(driver.output('unpaid'), [2]);
    await driver.close();
  });

  it('advanceWatermark on the driver moves every input', async () => {
    const driver = testJob((_env, t) => {
      t.input<Order>('orders')
        .connect(t.input<Payment>('payments'))
        .keyBy(
          (o: Order) => o.id,
          (p: Payment) => p.orderId,
        )
        .process(new Matcher())
        .getSideOutput(UNPAID)
        .sinkTo(t.sink('unpaid'));
    });
    driver.input<Order>('orders').pipeInput({ id: 7, item: 'cup' }, 0);
    driver.advanceWatermark(10);
    assert.deepEqual(driver.output('unpaid'), [7]);
    await driver.close();
  });
});

describe('JobTestDriver: jobs and errors', () => {
  it('runs collection sources and finishes operators at close', async () => {
    const driver = testJob((env, t) => {
      env
        .fromData(1, 2, 3, 4)
        .filter((n) => n % 2 === 0)
        .sinkTo(t.sink('even'));
    });
    assert.deepEqual(driver.output('even'), [2, 4]);
    await driver.close();
    await driver.close();
  });

  it('names unknown inputs, sinks and operators', () => {
    const driver = testJob((_env, t) => {
      t.input<number>('numbers').sinkTo(t.sink('out'));
    });
    assert.throws(() => driver.input('nope'), /No input 'nope'; the job has: 'numbers'/);
    assert.throws(() => driver.output('nope'), /No sink 'nope'; the job has: 'out'/);
    assert.throws(() => driver.state('nope'), /No operator named 'nope'/);
    assert.throws(() => driver.input('numbers').advanceWatermark(5).advanceWatermark(4), /only move forward/);
  });

  it('surfaces an operator failure to the test, and refuses to mutate records in test mode', () => {
    const driver = testJob((_env, t) => {
      t.input<{ n: number }>('in')
        .map((r) => r)
        .map((r) => {
          r.n++;
          return r;
        })
        .sinkTo(t.sink('out'));
    });
    assert.throws(() => driver.input<{ n: number }>('in').pipeInput({ n: 1 }), TypeError);
  });

  it('keeps test inputs at parallelism 1', () => {
    assert.throws(
      () =>
        testJob((_env, t) => {
          t.input<number>('a').setParallelism(2).sinkTo(t.sink('out'));
        }),
      /Input 'a' runs at parallelism 1/,
    );
  });

  it('rejects duplicate names', () => {
    assert.throws(
      () =>
        testJob((_env, t) => {
          t.input<number>('a').union(t.input<number>('a')).sinkTo(t.sink('out'));
        }),
      /an input with this name exists already/,
    );
  });
});

describe('JobTestDriver: event time from the job and async I/O', () => {
  it('emits periodic watermarks of assignTimestampsAndWatermarks as processing time advances', async () => {
    const driver = testJob((_env, t) => {
      t.input<Click>('clicks')
        .assignTimestampsAndWatermarks(
          WatermarkStrategy.forBoundedOutOfOrderness<Click>(5).withTimestampAssigner((c) => c.at),
        )
        .keyBy((c) => c.user)
        .window(TumblingEventTimeWindows.of(10))
        .reduce((a, b) => ({ user: a.user, at: Math.max(a.at, b.at) }))
        .sinkTo(t.sink('out'));
    });
    const clicks = driver.input<Click>('clicks');
    clicks.pipeInput({ user: 'ann', at: 3 }).pipeInput({ user: 'ann', at: 8 }).pipeInput({ user: 'ann', at: 15 });
    assert.deepEqual(driver.output('out'), [], 'no watermark before the first periodic emission');
    driver.advanceProcessingTime(200); // pipeline.auto-watermark-interval: 15 - 5 - 1 = 9 closes [0, 10)
    assert.deepEqual(driver.output('out'), [{ user: 'ann', at: 8 }]);
    await driver.close();
    assert.deepEqual(driver.output('out'), [
      { user: 'ann', at: 8 },
      { user: 'ann', at: 15 },
    ]);
  });

  it('delivers async results through settle() and waits for them at close', async () => {
    const driver = testJob((_env, t) => {
      AsyncDataStream.orderedWait(t.input<number>('n'), async (n: number) => n * 10, 1_000).sinkTo(t.sink('out'));
    });
    driver.input<number>('n').pipeInput(1).pipeInput(2);
    await driver.settle();
    assert.deepEqual(driver.output('out'), [10, 20]);
    driver.input<number>('n').pipeInput(3);
    await driver.close();
    assert.deepEqual(driver.output('out'), [10, 20, 30]);
  });
});
