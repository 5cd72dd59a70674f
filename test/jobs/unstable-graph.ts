// A job module that builds a different graph in workers than on the client: must be rejected clearly.
import { isMainThread } from 'node:worker_threads';
import { StreamExecutionEnvironment } from 'weir';

const env = StreamExecutionEnvironment.getExecutionEnvironment();
let stream = env.fromSequence(1, 10).map((i) => i + 1);
if (!isMainThread) stream = stream.filter((i) => i > 3);
stream.print();
await env.execute('unstable');
