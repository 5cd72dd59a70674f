import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NO_TIMESTAMP } from '../../core/time.js';
import type { Collector } from '../functions/functions.js';
import {
  type KeyedOnTimerContext,
  KeyedProcessFunction,
  type KeyedProcessFunctionContext,
} from '../functions/process-functions.js';
import type { RuntimeContext } from '../functions/runtime-context.js';
import { OutputTag } from '../output-tag.js';
import { ValueStateDescriptor } from '../state/descriptors.js';
import type { ValueState } from '../state/state.js';
import { harnessServices } from './harness-services.test.js';
import { KeyedProcessOperator } from './keyed-process-operator.js';
import { OneInputOperatorHarness } from './operator-harness.js';

type Event = { user: string; n: number };
const fired = new OutputTag<string>('fired');

/** Counts per user and reports the count 100 ms (processing time) after the first event of a burst. */
class CountWithTimeout extends KeyedProcessFunction<string, Event, string> {
  private count!: ValueState<number>;
  override open(ctx: RuntimeContext): void {
    this.count = ctx.getState(new ValueStateDescriptor<number>('count'));
  }
  processElement(value: Event, ctx: KeyedProcessFunctionContext<string>, _out: Collector<string>): void {
    const current = this.count.value() ?? 0;
    if (current === 0) ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + 100);
    this.count.update(current + value.n);
  }
  override onTimer(timestamp: number, ctx: KeyedOnTimerContext<string>, out: Collector<string>): void {
    out.collect(`${ctx.getCurrentKey()}=${this.count.value()}`);
    ctx.output(fired, `${ctx.timeDomain()}@${timestamp}`);
    this.count.clear();
  }
}

function harness<K, I, O>(op: KeyedProcessOperator<K, I, O>, key: (v: I) => unknown) {
  return new OneInputOperatorHarness(op, { services: harnessServices(), keySelector: key }).open();
}

describe('KeyedProcessOperator', () => {
  it('fires processing-time timers on the manual clock with the timer’s key current', () => {
    const h = harness(new KeyedProcessOperator(new CountWithTimeout()), (e: Event) => e.user);
    h.processElement({ user: 'ann', n: 1 }, 1);
    h.setProcessingTime(50);
    h.processElement({ user: 'bob', n: 5 }, 2);
    h.processElement({ user: 'ann', n: 2 }, 3);
    h.setProcessingTime(99);
    assert.deepEqual(h.values(), []);
    h.setProcessingTime(100);
    // processing-time timer output carries no timestamp; its side output carries the timer's
    assert.deepEqual(h.output.records(), [{ value: 'ann=3', timestamp: NO_TIMESTAMP }]);
    h.setProcessingTime(150);
    assert.deepEqual(h.values(), ['ann=3', 'bob=5']);
    assert.deepEqual(h.output.sideOutput(fired), [
      { value: 'PROCESSING_TIME@100', timestamp: 100 },
      { value: 'PROCESSING_TIME@150', timestamp: 150 },
    ]);
  });

  it('fires event-time timers before forwarding the watermark; outputs carry the timer’s timestamp', () => {
    const h = harness(
      new KeyedProcessOperator<string, Event, string>({
        processElement(_value, ctx, out) {
          out.collect(`${ctx.getCurrentKey()} at ${ctx.timestamp()}`);
          ctx.timerService().registerEventTimeTimer((ctx.timestamp() ?? 0) + 10);
        },
        onTimer(timestamp, ctx, out) {
          out.collect(`${ctx.getCurrentKey()} ${ctx.timeDomain()} ${timestamp} ${ctx.timestamp()}`);
        },
      }),
      (e) => e.user,
    );
    h.processElement({ user: 'x', n: 0 }, 5);
    h.processElement({ user: 'y', n: 0 }, 7);
    h.processWatermark(16);
    assert.deepEqual(h.output.events, [
      { kind: 'record', value: 'x at 5', timestamp: 5 },
      { kind: 'record', value: 'y at 7', timestamp: 7 },
      { kind: 'record', value: 'x EVENT_TIME 15 15', timestamp: 15 },
      { kind: 'watermark', watermark: 16 },
    ]);
    h.processWatermark(17);
    assert.deepEqual(h.output.records().at(-1), { value: 'y EVENT_TIME 17 17', timestamp: 17 });
  });

  it('deletes timers and keeps keyed state per key', () => {
    const h = harness(
      new KeyedProcessOperator<string, Event, string>({
        processElement(value, ctx) {
          if (value.n > 0) ctx.timerService().registerEventTimeTimer(100);
          else ctx.timerService().deleteEventTimeTimer(100);
        },
        onTimer(_t, ctx, out) {
          out.collect(ctx.getCurrentKey());
        },
      }),
      (e) => e.user,
    );
    h.processElement({ user: 'a', n: 1 });
    h.processElement({ user: 'b', n: 1 });
    h.processElement({ user: 'a', n: 0 });
    h.processWatermark(200);
    assert.deepEqual(h.values(), ['b']);
  });

  it('needs keyed input and rejects async functions', () => {
    const op = new KeyedProcessOperator({ processElement() {} });
    const unkeyed = new OneInputOperatorHarness(op, { services: harnessServices({ keyed: false }) });
    assert.throws(() => unkeyed.open(), /A KeyedProcessFunction needs a keyed stream: call keyBy/);
    const h = harness(new KeyedProcessOperator(async () => {}), () => 'k');
    assert.throws(() => h.processElement(1), /processElement of the keyed process function returned a Promise/);
  });
});
