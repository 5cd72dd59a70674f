// Savepoints and rescaling end to end: counts the numbers 1..N per key (x % 10) in keyed state; each key reports its
// count from an event-time timer that fires only at the end of input, so a run stopped with a savepoint reports
// nothing and its counts (and timers, and the source's split positions) travel in the savepoint.
//   argv: <N> <stopAfterMs | "end"> <savepointDir>
// With a number, the job is stopped with a savepoint after that many ms and prints "SAVEPOINT <path>".
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
import { stopWithSavepointAfter } from './support/stop-with-savepoint.js';

const [nArg, stopAfter, savepointDir] = process.argv.slice(2);
const pause = new Int32Array(new SharedArrayBuffer(4));

class CountPerKey extends KeyedProcessFunction<number, number, string> {
  private count!: ValueState<number>;

  override open(ctx: RuntimeContext): void {
    this.count = ctx.getState(new ValueStateDescriptor<number>('count'));
  }

  processElement(_x: number, ctx: KeyedProcessFunctionContext<number>): void {
    const count = this.count.value() ?? 0;
    if (count === 0) ctx.timerService().registerEventTimeTimer(1);
    this.count.update(count + 1);
  }

  override onTimer(_ts: number, ctx: KeyedOnTimerContext<number>, out: Collector<string>): void {
    out.collect(`key ${ctx.getCurrentKey()} count ${this.count.value()}`);
  }
}

const env = StreamExecutionEnvironment.getExecutionEnvironment();
env
  .fromSequence(1, Number(nArg))
  .map((x: number) => {
    if (x % 100 === 0) Atomics.wait(pause, 0, 0, 1);
    return x;
  })
  .keyBy((x) => x % 10)
  .process(new CountPerKey())
  .print();

await stopWithSavepointAfter(await env.executeAsync('savepoint counts'), stopAfter, savepointDir);
