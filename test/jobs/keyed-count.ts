// A keyed count over a parallel sequence: the same multiset of (key, running count) at any parallelism.
import { StreamExecutionEnvironment } from 'weir';

const n = Number(process.argv[2] ?? '10000');
const env = StreamExecutionEnvironment.getExecutionEnvironment();
env
  .fromSequence(1, n)
  .map((i) => ({ key: `k${i % 37}`, one: 1 }))
  .keyBy((r) => r.key)
  .sum('one')
  .map((r) => `${r.key}=${r.one}`)
  .print();
await env.execute('keyed count');
