// Fraud detection (the seed's use case, after Flink's walkthrough): a card thief tests a card with a tiny
// transaction, then makes a large one. Per account, keyed state remembers a small transaction and a processing-time
// timer forgets it after a minute; a large transaction while the flag is set raises an alert.
// Run it with: npx weir run examples/fraud-detection.ts
import {
  type Collector,
  type KeyedOnTimerContext,
  KeyedProcessFunction,
  type KeyedProcessFunctionContext,
  type RuntimeContext,
  StreamExecutionEnvironment,
  type ValueState,
  ValueStateDescriptor,
} from 'weir';

export interface Transaction {
  readonly accountId: number;
  readonly amount: number;
}

export interface Alert {
  readonly accountId: number;
  readonly amount: number;
}

const SMALL_AMOUNT = 1.0;
const LARGE_AMOUNT = 500.0;
const ONE_MINUTE = 60_000;

export class FraudDetector extends KeyedProcessFunction<number, Transaction, Alert> {
  private flag!: ValueState<boolean>;
  private timer!: ValueState<number>;

  override open(context: RuntimeContext): void {
    this.flag = context.getState(new ValueStateDescriptor<boolean>('flag'));
    this.timer = context.getState(new ValueStateDescriptor<number>('timer-state'));
  }

  processElement(tx: Transaction, ctx: KeyedProcessFunctionContext<number>, out: Collector<Alert>): void {
    if (this.flag.value() === true) {
      if (tx.amount > LARGE_AMOUNT) out.collect({ accountId: tx.accountId, amount: tx.amount });
      this.cleanUp(ctx);
    }
    if (tx.amount < SMALL_AMOUNT) {
      this.flag.update(true);
      const at = ctx.timerService().currentProcessingTime() + ONE_MINUTE;
      ctx.timerService().registerProcessingTimeTimer(at);
      this.timer.update(at);
    }
  }

  override onTimer(_timestamp: number, _ctx: KeyedOnTimerContext<number>, _out: Collector<Alert>): void {
    this.timer.clear();
    this.flag.clear();
  }

  private cleanUp(ctx: KeyedProcessFunctionContext<number>): void {
    const at = this.timer.value();
    if (at !== undefined) ctx.timerService().deleteProcessingTimeTimer(at);
    this.timer.clear();
    this.flag.clear();
  }
}

/** A deterministic day of card transactions across 8 accounts, with three small-then-large patterns planted. */
export function transactions(): Transaction[] {
  const result: Transaction[] = [];
  let seed = 42;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  for (let i = 0; i < 400; i++) {
    const accountId = 1 + Math.floor(next() * 8);
    result.push({ accountId, amount: Math.round((5 + next() * 490) * 100) / 100 });
  }
  // Planted frauds: small test charge, then a large one on the same account.
  result.splice(50, 0, { accountId: 3, amount: 0.42 }, { accountId: 3, amount: 871.15 });
  result.splice(200, 0, { accountId: 5, amount: 0.99 }, { accountId: 1, amount: 12.5 }, { accountId: 5, amount: 1200 });
  result.splice(300, 0, { accountId: 8, amount: 0.01 }, { accountId: 8, amount: 501 });
  // Not fraud: a small charge followed by a normal one resets the flag.
  result.splice(350, 0, { accountId: 2, amount: 0.5 }, { accountId: 2, amount: 20 }, { accountId: 2, amount: 900 });
  return result;
}

const env = StreamExecutionEnvironment.getExecutionEnvironment();

env
  .fromCollection(transactions())
  .name('transactions')
  .keyBy((tx) => tx.accountId)
  .process(new FraudDetector())
  .name('fraud-detector')
  .print();

await env.execute('Fraud Detection');
