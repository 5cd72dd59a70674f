// Rescaling an unaligned savepoint that holds in-flight records: counts the numbers 1..N per key (x % 10) in keyed
// state behind a slow keyed operator, so the rebalance and keyBy exchanges in front of it are full of records when
// a barrier overtakes them. Each key reports its count from an event-time timer that fires only at the end of input.
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

/** Counts per key; sleeps 1 ms every 20 records (about 20,000 records/s per subtask), so input backs up. */
class SlowCountPerKey extends KeyedProcessFunction<number, number, string> {
  private count!: ValueState<number>;
  private seen = 0;

  override open(ctx: RuntimeContext): void {
    this.count = ctx.getState(new ValueStateDescriptor<number>('count'));
  }

  processElement(_x: number, ctx: KeyedProcessFunctionContext<number>): void {
    if (++this.seen % 20 === 0) Atomics.wait(pause, 0, 0, 1);
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
  .rebalance()
  .map((x: number) => x)
  .keyBy((x) => x % 10)
  .process(new SlowCountPerKey())
  .print();

await stopWithSavepointAfter(await env.executeAsync('unaligned rescale counts'), stopAfter, savepointDir);
