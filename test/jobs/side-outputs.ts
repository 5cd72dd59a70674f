// Side outputs: a ProcessFunction routes records to two OutputTags of different types besides its main output;
// a KeyedProcessFunction emits to a side output too. Each stream is printed with its own sink identifier, so the
// lines read "odd> 3" (parallelism 1) or "odd:2> 3" (parallel) as Flink prints them.
import {
  type Collector,
  OutputTag,
  ProcessFunction,
  type ProcessFunctionContext,
  StreamExecutionEnvironment,
} from 'weir';

const odd = new OutputTag<number>('odd');
const big = new OutputTag<string>('big');
const firstSeen = new OutputTag<string>('first-seen');

class Router extends ProcessFunction<number, number> {
  processElement(n: number, ctx: ProcessFunctionContext, out: Collector<number>): void {
    if (n % 2 === 0) out.collect(n);
    else ctx.output(odd, n);
    if (n > 8) ctx.output(big, `big-${n}`);
  }
}

const env = StreamExecutionEnvironment.getExecutionEnvironment();
const routed = env.fromSequence(1, 10).process(new Router());
routed.print('even');
routed.getSideOutput(odd).print('odd');
routed.getSideOutput(big).print('big');

const keyed = env
  .fromData('a', 'b', 'a', 'c', 'b', 'a')
  .keyBy((s) => s)
  .process((s: string, ctx, out: Collector<string>) => {
    // Plain-function form of a KeyedProcessFunction: the side output gets each record, the main output its key.
    ctx.output(firstSeen, `seen-${s}`);
    out.collect(`key-${ctx.getCurrentKey()}`);
  });
keyed.print('keys');
keyed.getSideOutput(firstSeen).print('side');

await env.execute('side outputs');
