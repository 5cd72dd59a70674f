// A job whose user function throws on one record: the job must fail with the user's error, operator and subtask.
import { StreamExecutionEnvironment } from 'weir';

const env = StreamExecutionEnvironment.getExecutionEnvironment();
env
  .fromSequence(1, 1000)
  .map(function explode(i) {
    if (i === 777) throw new RangeError(`record ${i} is cursed`);
    return i;
  })
  .name('cursed-map')
  .print();
await env.execute('failing job');
