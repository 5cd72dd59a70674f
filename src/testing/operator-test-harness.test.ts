import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type Collector,
  KeyedCoProcessFunction,
  type KeyedOnTimerContext,
  KeyedProcessFunction,
  type KeyedProcessFunctionContext,
  OutputTag,
  ProcessFunction,
  type ProcessFunctionContext,
  type RuntimeContext,
  type ValueState,
  ValueStateDescriptor,
} from '../api/index.js';
import { KeyedProcessOperator } from '../api/operators/keyed-process-operator.js';
import { StreamMap } from '../api/operators/stream-map.js';
import type {
  CheckpointedFunction,
  CheckpointListener,
  FunctionInitializationContext,
  FunctionSnapshotContext,
} from '../api/state/checkpointing.js';
import { ListStateDescriptor } from '../api/state/descriptors.js';
import type { ListState } from '../api/state/state.js';
import { NO_TIMESTAMP } from '../core/time.js';
import {
  KeyedOneInputOperatorTestHarness,
  OneInputOperatorTestHarness,
  ProcessFunctionTestHarnesses,
} from './index.js';

interface Click {
  readonly user: string;
  readonly page: string;
}

const COUNT = new ValueStateDescriptor<number>('count');
const TOO_MANY = new OutputTag<string>('too-many');

/** Counts clicks per user; an event-time timer at the end of the minute emits the count and clears it. */
class ClicksPerMinute extends KeyedProcessFunction<string, Click, string> {
  private count!: ValueState<number>;
  override open(context: RuntimeContext): void {
    this.count = context.getState(COUNT);
  }
  processElement(_click: Click, ctx: KeyedProcessFunctionContext<string>, _out: Collector<string>): void {
    const n = (this.count.value() ?? 0) + 1;
    this.count.update(n);
    if (n === 3) ctx.output(TOO_MANY, ctx.getCurrentKey());
    const ts = ctx.timestamp() ?? 0;
    ctx.timerService().registerEventTimeTimer(ts - (ts % 60_000) + 59_999);
  }
  override onTimer(_ts: number, ctx: KeyedOnTimerContext<string>, out: Collector<string>): void {
    out.collect(`${ctx.getCurrentKey()}:${this.count.value()}`);
    this.count.clear();
  }
}

describe('ProcessFunctionTestHarnesses.forKeyedProcessFunction', () => {
  it('keeps state per key and fires event-time timers at the watermark', async () => {
    const harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new ClicksPerMinute(), (c: Click) => c.user);
    harness.processElement({ user: 'ann', page: '/' }, 1_000);
    harness.processElement({ user: 'bob', page: '/' }, 2_000);
    harness.processElement({ user: 'ann', page: '/a' }, 3_000);
    assert.equal(harness.getState('ann', COUNT), 2);
    assert.equal(harness.getState('bob', COUNT), 1);
    assert.equal(harness.numEventTimeTimers(), 2);
    assert.deepEqual(
      harness.eventTimeTimers().map((t) => [t.timestamp, t.key]),
      [
        [59_999, 'ann'],
        [59_999, 'bob'],
      ],
    );
    assert.deepEqual(harness.extractOutputValues(), []);

    harness.processWatermark(59_999);
    assert.deepEqual(harness.extractOutputValues().sort(), ['ann:2', 'bob:1']);
    assert.deepEqual(
      harness.extractOutputRecords().map((r) => r.timestamp),
      [59_999, 59_999],
    );
    assert.equal(harness.getState('ann', COUNT), undefined);
    assert.equal(harness.numEventTimeTimers(), 0);
    assert.deepEqual(harness.extractWatermarks(), [59_999]);
    await harness.close();
  });

  it('routes side outputs by tag', () => {
    const harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new ClicksPerMinute(), (c: Click) => c.user);
    for (let i = 0; i < 4; i++) harness.processElement({ user: 'eve', page: `/${i}` }, i);
    assert.deepEqual(harness.getSideOutput(TOO_MANY), ['eve']);
    assert.deepEqual(harness.getSideOutput(new OutputTag<string>('other')), []);
  });
});

/** Emits a reminder one second (processing time) after each record. */
class Reminder extends KeyedProcessFunction<string, string, string> {
  processElement(value: string, ctx: KeyedProcessFunctionContext<string>): void {
    ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + 1_000);
    void value;
  }
  override onTimer(ts: number, ctx: KeyedOnTimerContext<string>, out: Collector<string>): void {
    out.collect(`${ctx.getCurrentKey()}@${ts}`);
  }
}

describe('processing time', () => {
  it('fires processing-time timers when the clock is set', () => {
    const harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new Reminder(), (v: string) => v, {
      startProcessingTime: 100,
    });
    harness.processElement('a');
    harness.setProcessingTime(600);
    harness.processElement('b');
    assert.equal(harness.numProcessingTimeTimers(), 2);
    harness.setProcessingTime(1_100);
    assert.deepEqual(harness.extractOutputValues(), ['a@1100']);
    harness.setProcessingTime(5_000);
    assert.deepEqual(harness.extractOutputValues(), ['a@1100', 'b@1600']);
    assert.equal(harness.getProcessingTime(), 5_000);
  });
});

/** Joins an order with its payment per order id, whichever comes first. */
class OrderPayment extends KeyedCoProcessFunction<number, { id: number }, { id: number; paid: number }, string> {
  private order!: ValueState<boolean>;
  private paid!: ValueState<number>;
  override open(context: RuntimeContext): void {
    this.order = context.getState(new ValueStateDescriptor<boolean>('order'));
    this.paid = context.getState(new ValueStateDescriptor<number>('paid'));
  }
  processElement1(o: { id: number }, _ctx: KeyedProcessFunctionContext<number>, out: Collector<string>): void {
    const paid = this.paid.value();
    if (paid === undefined) this.order.update(true);
    else out.collect(`${o.id} paid ${paid}`);
  }
  processElement2(p: { id: number; paid: number }, _ctx: KeyedProcessFunctionContext<number>, out: Collector<string>) {
    if (this.order.value() === true) out.collect(`${p.id} paid ${p.paid}`);
    else this.paid.update(p.paid);
  }
}

describe('ProcessFunctionTestHarnesses.forKeyedCoProcessFunction', () => {
  it('shares keyed state across both inputs and combines the watermarks', () => {
    const harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
      new OrderPayment(),
      (o: { id: number }) => o.id,
      (p: { id: number; paid: number }) => p.id,
    );
    harness.processElement1({ id: 1 }, 10);
    harness.processElement2({ id: 2, paid: 20 }, 11);
    harness.processElement2({ id: 1, paid: 5 }, 12);
    harness.processElement1({ id: 2 }, 13);
    assert.deepEqual(harness.extractOutputValues(), ['1 paid 5', '2 paid 20']);
    harness.processWatermark1(100);
    assert.deepEqual(harness.extractWatermarks(), [], 'input 2 still holds the watermark back');
    harness.processWatermark2(50);
    assert.deepEqual(harness.extractWatermarks(), [50]);
  });
});

describe('non-keyed harnesses', () => {
  it('runs a ProcessFunction and keeps record timestamps', () => {
    class Upper extends ProcessFunction<string, string> {
      processElement(value: string, _ctx: ProcessFunctionContext, out: Collector<string>): void {
        out.collect(value.toUpperCase());
      }
    }
    const harness = ProcessFunctionTestHarnesses.forProcessFunction(new Upper());
    harness.processElement('a', 5);
    harness.processElement('b');
    assert.deepEqual(harness.extractOutputRecords(), [
      { value: 'A', timestamp: 5 },
      { value: 'B', timestamp: NO_TIMESTAMP },
    ]);
    assert.throws(() => (harness as unknown as { keyed(): unknown }).keyed(), /no keyed state/);
  });

  it('drives any one-input operator after open()', () => {
    const harness = new OneInputOperatorTestHarness(new StreamMap((x: number) => x * 2)).open();
    harness.processElement(21, 1);
    assert.deepEqual(harness.extractOutputValues(), [42]);
    harness.clearOutput();
    assert.deepEqual(harness.getOutput(), []);
  });

  it('rejects what is not an operator, naming the problem', () => {
    assert.throws(() => new OneInputOperatorTestHarness({} as never), /needs a one-input stream operator/);
  });
});

/** Numbers records with a count kept in operator state (Flink's CheckpointedFunction pattern). */
class NumberingMap implements CheckpointedFunction, CheckpointListener {
  private count = 0;
  private state!: ListState<number>;
  readonly completed: number[] = [];
  readonly calls: string[] = [];
  initializeState(context: FunctionInitializationContext): void {
    this.calls.push(`initializeState restored=${context.isRestored()} id=${context.getRestoredCheckpointId()}`);
    this.state = context.getOperatorStateStore().getListState(new ListStateDescriptor<number>('count'));
    for (const n of this.state.get()) this.count += n;
  }
  open(): void {
    this.calls.push('open');
  }
  map(value: string): string {
    this.count++;
    return `${this.count}:${value}`;
  }
  snapshotState(context: FunctionSnapshotContext): void {
    this.calls.push(`snapshotState ${context.getCheckpointId()}`);
    this.state.update([this.count]);
  }
  notifyCheckpointComplete(checkpointId: number): void {
    this.completed.push(checkpointId);
  }
}

describe('checkpoint round trips', () => {
  it('forwards CheckpointedFunction calls to the user function and restores its count', async () => {
    const fn = new NumberingMap();
    const harness = new OneInputOperatorTestHarness(new StreamMap<string, string>(fn)).open();
    harness.processElement('a');
    harness.processElement('b');
    const snapshot = harness.snapshot(3);
    await harness.notifyCheckpointComplete(3);
    assert.deepEqual(fn.completed, [3]);
    assert.deepEqual(fn.calls, ['initializeState restored=false id=undefined', 'open', 'snapshotState 3']);
    harness.processElement('lost');

    const restoredFn = new NumberingMap();
    const restored = new OneInputOperatorTestHarness(new StreamMap<string, string>(restoredFn));
    restored.initializeState(snapshot, 3).open();
    restored.processElement('c');
    assert.deepEqual(restored.extractOutputValues(), ['3:c']);
    assert.deepEqual(restoredFn.calls, ['initializeState restored=true id=3', 'open']);
    assert.throws(() => restored.initializeState(), /initializeState must run once, before open\(\)/);
  });

  it('restores keyed state and timers of a keyed harness', () => {
    const clicks = (h: ReturnType<typeof build>) => {
      h.processElement({ user: 'ann', page: '/' }, 1_000);
      h.processElement({ user: 'bob', page: '/' }, 2_000);
    };
    const build = () =>
      ProcessFunctionTestHarnesses.forKeyedProcessFunction(new ClicksPerMinute(), (c: Click) => c.user);
    const first = build();
    clicks(first);
    const snapshot = first.snapshot(1);
    const restored = new KeyedOneInputOperatorTestHarness(
      new KeyedProcessOperator(new ClicksPerMinute()),
      (c: Click) => c.user,
    );
    restored.initializeState(snapshot).open();
    assert.equal(restored.getState('ann', COUNT), 1);
    restored.processElement({ user: 'ann', page: '/b' }, 3_000);
    restored.processWatermark(59_999);
    assert.deepEqual(restored.extractOutputValues().sort(), ['ann:2', 'bob:1']);
  });

  it('rejects keyed state in a non-keyed harness', () => {
    const keyed = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new ClicksPerMinute(), (c: Click) => c.user);
    const snapshot = keyed.snapshot(1);
    const plain = new OneInputOperatorTestHarness(new StreamMap((x: number) => x));
    assert.throws(() => plain.initializeState(snapshot), /this harness is not keyed/);
  });
});
