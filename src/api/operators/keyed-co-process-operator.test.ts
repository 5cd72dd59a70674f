import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NO_TIMESTAMP } from '../../core/time.js';
import type { Collector } from '../functions/functions.js';
import {
  KeyedCoProcessFunction,
  type KeyedOnTimerContext,
  type KeyedProcessFunctionContext,
} from '../functions/process-functions.js';
import type { RuntimeContext } from '../functions/runtime-context.js';
import { ValueStateDescriptor } from '../state/descriptors.js';
import type { ValueState } from '../state/state.js';
import { harnessServices } from './harness-services.test.js';
import { KeyedCoProcessOperator } from './keyed-co-process-operator.js';
import { TwoInputOperatorHarness } from './operator-harness.js';

type Order = { id: string; item: string };
type Payment = { orderId: string; amount: number };

/** Joins an order with its payment; reports orders still unpaid 1 s (processing time) after they arrived. */
class MatchPayments extends KeyedCoProcessFunction<string, Order, Payment, string> {
  private order!: ValueState<Order>;
  private paid!: ValueState<number>;
  override open(ctx: RuntimeContext): void {
    this.order = ctx.getState(new ValueStateDescriptor<Order>('order'));
    this.paid = ctx.getState(new ValueStateDescriptor<number>('paid'));
  }
  processElement1(order: Order, ctx: KeyedProcessFunctionContext<string>, out: Collector<string>): void {
    const paid = this.paid.value();
    if (paid !== undefined) out.collect(`${order.id}:${order.item}:${paid}`);
    else {
      this.order.update(order);
      ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + 1000);
    }
  }
  processElement2(payment: Payment, _ctx: KeyedProcessFunctionContext<string>, out: Collector<string>): void {
    const order = this.order.value();
    if (order !== undefined) {
      out.collect(`${order.id}:${order.item}:${payment.amount}`);
      this.order.clear();
    } else this.paid.update(payment.amount);
  }
  override onTimer(_ts: number, ctx: KeyedOnTimerContext<string>, out: Collector<string>): void {
    if (this.order.value() !== undefined) out.collect(`unpaid ${ctx.getCurrentKey()} (${ctx.timeDomain()})`);
  }
}

describe('KeyedCoProcessOperator', () => {
  it('shares keyed state and timers across both inputs', () => {
    const h = new TwoInputOperatorHarness(new KeyedCoProcessOperator(new MatchPayments()), {
      services: harnessServices(),
      keySelector1: (o: Order) => o.id,
      keySelector2: (p: Payment) => p.orderId,
    }).open();
    h.processElement1({ id: 'o1', item: 'book' }, 1);
    h.processElement2({ orderId: 'o2', amount: 7 }, 2);
    h.processElement1({ id: 'o2', item: 'pen' }, 3);
    h.processElement1({ id: 'o3', item: 'cup' }, 4);
    h.processElement2({ orderId: 'o1', amount: 20 }, 5);
    h.setProcessingTime(1000);
    assert.deepEqual(h.output.records(), [
      { value: 'o2:pen:7', timestamp: 3 },
      { value: 'o1:book:20', timestamp: 5 },
      { value: 'unpaid o3 (PROCESSING_TIME)', timestamp: NO_TIMESTAMP },
    ]);
  });

  it('needs keyed inputs', () => {
    const op = new KeyedCoProcessOperator({ processElement1() {}, processElement2() {} });
    const h = new TwoInputOperatorHarness(op, { services: harnessServices({ keyed: false }) });
    assert.throws(() => h.open(), /needs keyed inputs: call keyBy/);
  });
});
