// Chaining and slot placement settings change where operators run, never what they compute: a keyed running count
// (a sum of ones, so the result does not depend on the order records from different subtasks arrive in) through
// operators in another slot sharing group, one that refuses chaining and one that starts a new chain.
// With "no-chaining" as argument the whole job runs unchained (env.disableOperatorChaining()).
import { StreamExecutionEnvironment } from 'weir';

const env = StreamExecutionEnvironment.getExecutionEnvironment();
if (process.argv[2] === 'no-chaining') env.disableOperatorChaining();

env
  .fromSequence(1, 300)
  .map((n) => ({ key: n % 7, n, count: 1 }))
  .name('to record')
  .slotSharingGroup('parsing')
  .filter((r) => r.n % 3 !== 0)
  .name('drop threes')
  .disableChaining()
  .keyBy((r) => r.key)
  .sum('count')
  .name('running count')
  .slotSharingGroup('aggregating')
  .map((r) => `${r.key}=${r.count}`)
  .name('format')
  .startNewChain()
  .print();

await env.execute('chaining and slots');
