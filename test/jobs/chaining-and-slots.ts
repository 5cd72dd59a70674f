// Chaining and slot placement settings change where operators run, never what they compute: a keyed running sum
// through operators in another slot sharing group, one that refuses chaining and one that starts a new chain.
// With "no-chaining" as argument the whole job runs unchained (env.disableOperatorChaining()).
import { StreamExecutionEnvironment } from 'weir';

const env = StreamExecutionEnvironment.getExecutionEnvironment();
if (process.argv[2] === 'no-chaining') env.disableOperatorChaining();

env
  .fromSequence(1, 300)
  .map((n) => ({ key: n % 7, n }))
  .name('to record')
  .slotSharingGroup('parsing')
  .filter((r) => r.n % 3 !== 0)
  .name('drop threes')
  .disableChaining()
  .keyBy((r) => r.key)
  .sum('n')
  .name('running sum')
  .slotSharingGroup('aggregating')
  .map((r) => `${r.key}=${r.n}`)
  .name('format')
  .startNewChain()
  .print();

await env.execute('chaining and slots');
