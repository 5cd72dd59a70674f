// An operator that mutates the record it was given: allowed to pass silently in production (records are handed
// over without copying), caught in test mode where records are frozen between chained operators.
import { StreamExecutionEnvironment } from 'weir';

const env = StreamExecutionEnvironment.getExecutionEnvironment();
env
  .fromData({ n: 1 }, { n: 2 })
  .map((r) => ({ n: r.n * 10 }))
  .map((r) => {
    (r as { n: number }).n += 1;
    return r;
  })
  .name('mutator')
  .map((r) => r.n)
  .print();
await env.execute('mutating');
