// (b) a keyBy exchange between two slots with a keyed count: the data plane across worker threads.
import { StreamExecutionEnvironment, Types } from 'weir';
import { ThroughputSink } from './bench-sink.js';

const n = Number(process.argv[2] ?? '10000000');
const env = StreamExecutionEnvironment.getExecutionEnvironment();
env.setParallelism(2);
env
  .fromSequence(1, n)
  .map((x): [number, number] => [x % 1000, 1], Types.TUPLE([Types.INT, Types.INT]))
  .keyBy((t) => t[0])
  .sum(1)
  .sinkTo(new ThroughputSink('report'));
export const client = await env.executeAsync('bench: keyed exchange');
