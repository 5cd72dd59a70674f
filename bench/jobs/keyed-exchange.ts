// (b) a keyBy exchange between two slots with a keyed count: the data plane across worker threads, or across
// TaskManagers over TCP.  argv: <records> [taskManagers in the MiniCluster] [report id, '-' prints to stdout]
import { StreamExecutionEnvironment, Types } from 'weir';
import { ThroughputSink } from './bench-sink.js';

const n = Number(process.argv[2] ?? '10000000');
const taskManagers = process.argv[3] ?? '1';
const reportId = process.argv[4] ?? 'report';
const env = StreamExecutionEnvironment.getExecutionEnvironment({ 'minicluster.number-of-taskmanagers': taskManagers });
env.setParallelism(2);
env
  .fromSequence(1, n)
  .map((x): [number, number] => [x % 1000, 1], Types.TUPLE([Types.INT, Types.INT]))
  .keyBy((t) => t[0])
  .sum(1)
  .sinkTo(new ThroughputSink(reportId));
export const client = await env.executeAsync('bench: keyed exchange');
