// Records, for a fixed set of keys, the subtask that processed each: routing must match Flink's formulas.
import {
  type Collector,
  KeyedProcessFunction,
  type KeyedProcessFunctionContext,
  type RuntimeContext,
  StreamExecutionEnvironment,
} from 'weir';

class WhereAmI extends KeyedProcessFunction<string | number, string | number, string> {
  private subtask = -1;
  override open(context: RuntimeContext): void {
    this.subtask = context.getIndexOfThisSubtask();
  }
  processElement(
    value: string | number,
    _ctx: KeyedProcessFunctionContext<string | number>,
    out: Collector<string>,
  ): void {
    out.collect(`${JSON.stringify(value)}@${this.subtask}`);
  }
}

const keys: Array<string | number> = [
  'hello',
  'world',
  'flink',
  'weir',
  '',
  'a',
  'Zebra',
  '42',
  'ünïcödé',
  'x'.repeat(40),
];
const env = StreamExecutionEnvironment.getExecutionEnvironment();
env
  .fromCollection([...keys, 0, 1, -1, 127, 128, 65536, 2 ** 40, -(2 ** 33)])
  .keyBy((k) => k)
  .process(new WhereAmI())
  .print();
await env.execute('key placement');
