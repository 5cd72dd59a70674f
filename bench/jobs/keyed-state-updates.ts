// Checkpoint benchmark (d), incremental checkpoints: builds keyed heap state as jobs/keyed-state.ts does (`keys` keys,
// each a distinct flat string of `valueBytes` characters), then updates `fraction` of the keys per `intervalMs`
// (paced) for `rounds` intervals, walking the keys in order so each update hits a key not updated in that interval.
// The source runs at parallelism 1 in its own slot (its pacing blocks that thread only), so the build phase ends
// before the updates start.
//   argv: <keys> <valueBytes> <fraction> <intervalMs> <rounds>
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

const [keysArg = '10000000', bytesArg = '100', fractionArg = '0.01', intervalArg = '2000', roundsArg = '5'] =
  process.argv.slice(2);
const keys = Number(keysArg);
const valueBytes = Number(bytesArg);
const perRound = Math.round(Number(fractionArg) * keys);
const updates = perRound * Number(roundsArg);
/** Updates per ms while pacing. */
const rate = perRound / Number(intervalArg);
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Passes numbers on; in the update phase no faster than `rate` (checked every 1 000 records, blocking its thread). */
class Pace {
  private startMs = -1;

  map(x: number): number {
    if (x > keys && (x - keys) % 1000 === 0) {
      if (this.startMs < 0) this.startMs = performance.now();
      const due = this.startMs + (x - keys) / rate;
      for (let ahead = due - performance.now(); ahead > 0; ahead = due - performance.now()) {
        Atomics.wait(pause, 0, 0, Math.min(ahead, 5));
      }
    }
    return x;
  }
}

class StoreValue extends KeyedProcessFunction<number, number, number> {
  private value!: ValueState<string>;

  override open(ctx: RuntimeContext): void {
    this.value = ctx.getState(new ValueStateDescriptor<string>('value', Types.STRING));
  }

  processElement(x: number, _ctx: KeyedProcessFunctionContext<number>): void {
    this.value.update(String(x).padStart(valueBytes, x > keys ? 'u' : 'v'));
  }
}

const env = StreamExecutionEnvironment.getExecutionEnvironment();
env
  .fromSequence(1, keys + updates)
  .setParallelism(1)
  .slotSharingGroup('source')
  .map(new Pace(), Types.LONG)
  .setParallelism(1)
  .slotSharingGroup('source')
  .keyBy((x) => (x > keys ? ((x - keys - 1) % keys) + 1 : x), Types.LONG)
  .process(new StoreValue(), Types.LONG)
  .setParallelism(2)
  .sinkTo(new ThroughputSink('report'))
  .setParallelism(2);
export const client = await env.executeAsync('bench: keyed heap state updates');
