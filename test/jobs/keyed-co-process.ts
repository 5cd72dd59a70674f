// KeyedCoProcessFunction: orders and payments keyed by order id share keyed state across both inputs. Which input
// a subtask reads first is not fixed, so each key reports once, from an event-time timer that fires when the final
// watermark arrives at the end of input: the output does not depend on the interleaving or the parallelism.
import {
  type Collector,
  KeyedCoProcessFunction,
  type KeyedOnTimerContext,
  type KeyedProcessFunctionContext,
  type RuntimeContext,
  StreamExecutionEnvironment,
  type ValueState,
  ValueStateDescriptor,
} from 'weir';

interface Order {
  readonly id: number;
  readonly item: string;
}

interface Payment {
  readonly orderId: number;
  readonly amount: number;
}

class Reconcile extends KeyedCoProcessFunction<number, Order, Payment, string> {
  private item!: ValueState<string>;
  private paid!: ValueState<number>;

  override open(context: RuntimeContext): void {
    this.item = context.getState(new ValueStateDescriptor<string>('item'));
    this.paid = context.getState(new ValueStateDescriptor<number>('paid'));
  }

  processElement1(order: Order, ctx: KeyedProcessFunctionContext<number>, out: Collector<string>): void {
    this.item.update(order.item);
    ctx.timerService().registerEventTimeTimer(0);
    out.collect(`order:${ctx.getCurrentKey()}`);
  }

  processElement2(payment: Payment, ctx: KeyedProcessFunctionContext<number>, out: Collector<string>): void {
    this.paid.update((this.paid.value() ?? 0) + payment.amount);
    ctx.timerService().registerEventTimeTimer(0);
    out.collect(`payment:${ctx.getCurrentKey()}:${payment.amount}`);
  }

  override onTimer(_timestamp: number, ctx: KeyedOnTimerContext<number>, out: Collector<string>): void {
    const item = this.item.value() ?? '-';
    const paid = this.paid.value() ?? 0;
    out.collect(`final:${ctx.getCurrentKey()}:${item}:${paid}:${ctx.timeDomain()}`);
  }
}

const orders: Order[] = [
  { id: 1, item: 'book' },
  { id: 2, item: 'lamp' },
  { id: 3, item: 'desk' },
  { id: 4, item: 'pen' },
];
const payments: Payment[] = [
  { orderId: 2, amount: 30 },
  { orderId: 1, amount: 12 },
  { orderId: 2, amount: 5 },
  { orderId: 5, amount: 99 },
  { orderId: 4, amount: 2 },
];

const env = StreamExecutionEnvironment.getExecutionEnvironment();
env
  .fromCollection(orders)
  .connect(env.fromCollection(payments))
  .keyBy(
    (o) => o.id,
    (p) => p.orderId,
  )
  .process(new Reconcile())
  .print();
await env.execute('keyed co-process');
