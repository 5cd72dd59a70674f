// A keyed running count that runs slowly enough to be controlled from outside (weir savepoint / stop / list):
// for each of 1..N it prints "count <key> <running count>" with key = x % 5. Across a stop-with-savepoint and a
// resume, each key's printed counts must be exactly 1..N/5 once each (exactly once: nothing lost, nothing twice).
//   argv: <N> <pause every M records for 1 ms; 0 = never>
import {
  type Collector,
  KeyedProcessFunction,
  type KeyedProcessFunctionContext,
  type RuntimeContext,
  StreamExecutionEnvironment,
  type ValueState,
  ValueStateDescriptor,
} from 'weir';

const n = Number(process.argv[2] ?? '5000');
const pauseEvery = Number(process.argv[3] ?? '0');
const pause = new Int32Array(new SharedArrayBuffer(4));

class RunningCount extends KeyedProcessFunction<number, number, string> {
  private count!: ValueState<number>;

  override open(ctx: RuntimeContext): void {
    this.count = ctx.getState(new ValueStateDescriptor<number>('count'));
  }

  processElement(_x: number, ctx: KeyedProcessFunctionContext<number>, out: Collector<string>): void {
    const count = (this.count.value() ?? 0) + 1;
    this.count.update(count);
    out.collect(`count ${ctx.getCurrentKey()} ${count}`);
  }
}

const env = StreamExecutionEnvironment.getExecutionEnvironment();
env
  .fromSequence(1, n)
  .map((x: number) => {
    if (pauseEvery > 0 && x % pauseEvery === 0) Atomics.wait(pause, 0, 0, 1);
    return x;
  })
  .keyBy((x) => x % 5)
  .process(new RunningCount())
  .print();
await env.execute('slow keyed count');
