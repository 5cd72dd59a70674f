// executeAndCollect() in a job module: the client iterates the job's results and prints them as JSON lines (the
// code after the loop runs only in the client; in workers the iterator never yields). Modes (first argument):
// "all" reads every result of a bounded keyed job; "limit" asks for the first 5 of an endless job; "break" leaves a
// `for await` over an endless job after 10 results, which must cancel the job and let the process end with 0.
import { StreamExecutionEnvironment } from 'weir';

const mode = process.argv[2] ?? 'all';
const env = StreamExecutionEnvironment.getExecutionEnvironment();

if (mode === 'all') {
  const sums = env
    .fromSequence(1, 100)
    .map((n) => ({ key: n % 4, total: n }))
    .keyBy((r) => r.key)
    .sum('total');
  for await (const r of sums.executeAndCollect('collect all')) process.stdout.write(`${JSON.stringify(r)}\n`);
  process.stdout.write('done\n');
} else if (mode === 'limit') {
  const first = await env
    .fromSequence(1, Number.MAX_SAFE_INTEGER)
    .setParallelism(1)
    .map((n) => n * 2)
    .setParallelism(1)
    .executeAndCollect(5);
  process.stdout.write(`${JSON.stringify(first)}\n`);
} else if (mode === 'break') {
  let seen = 0;
  for await (const n of env.fromSequence(1, Number.MAX_SAFE_INTEGER).setParallelism(1).executeAndCollect()) {
    process.stdout.write(`${JSON.stringify(n)}\n`);
    if (++seen === 10) break;
  }
  process.stdout.write('left the loop\n');
} else {
  throw new Error(`unknown mode ${mode}: use all, limit or break`);
}
