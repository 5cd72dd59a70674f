// Checkpoint benchmark (b): builds large keyed heap state — one ValueState per key holding a distinct flat string of
// `valueBytes` characters — for `keys` keys spread over the slots, then ends; the coordinator's periodic checkpoints
// and the final one (taken once the sources ended, with every key in state) show checkpoint duration and size.
//   argv: <keys> <valueBytes>
import {
  KeyedProcessFunction,
  type KeyedProcessFunctionContext,
  type RuntimeContext,
  StreamExecutionEnvironment,
  Types,
  type ValueState,
  ValueStateDescriptor,
} from 'weir';
import { ThroughputSink } from './bench-sink.js';

const [keysArg = '10000000', bytesArg = '100'] = process.argv.slice(2);
const valueBytes = Number(bytesArg);

class StoreValue extends KeyedProcessFunction<number, number, number> {
  private value!: ValueState<string>;

  override open(ctx: RuntimeContext): void {
    this.value = ctx.getState(new ValueStateDescriptor<string>('value', Types.STRING));
  }

  processElement(x: number, _ctx: KeyedProcessFunctionContext<number>): void {
    // padStart makes a flat one-byte string (not a cons of a shared prefix), so each key really holds valueBytes.
    this.value.update(String(x).padStart(valueBytes, 'v'));
  }
}

const env = StreamExecutionEnvironment.getExecutionEnvironment();
env
  .fromSequence(1, Number(keysArg))
  .keyBy((x) => x, Types.LONG)
  .process(new StoreValue(), Types.LONG)
  .sinkTo(new ThroughputSink('report'));
export const client = await env.executeAsync('bench: keyed heap state');
