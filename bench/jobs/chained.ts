// (a) source → map → filter → sink, all chained in one slot: the engine's per-record overhead.
import { StreamExecutionEnvironment } from 'weir';
import { ThroughputSink } from './bench-sink.js';

const n = Number(process.argv[2] ?? '20000000');
const env = StreamExecutionEnvironment.getExecutionEnvironment();
env.setParallelism(1);
env
  .fromSequence(1, n)
  .map((x) => x * 3 + 1)
  .filter((x) => x % 7 !== 0)
  .sinkTo(new ThroughputSink('report'));
export const client = await env.executeAsync('bench: chained map/filter');
