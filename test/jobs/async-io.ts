// Asynchronous I/O (AsyncDataStream) end to end. The first argument picks the case:
// - "ordered": orderedWait over calls that finish out of order; each subtask must emit in its input order.
// - "unordered": unorderedWait emits as calls finish; every result must arrive.
// - "timeout": one call never settles; the job must fail with a TimeoutError naming that input.
// - "promise-map": a map function returns a Promise, which a synchronous operator must refuse.
import { AsyncDataStream, StreamExecutionEnvironment } from 'weir';

const mode = process.argv[2] ?? 'ordered';
const env = StreamExecutionEnvironment.getExecutionEnvironment();

/** Later inputs finish sooner: (7 - n % 8) * 5 ms, so completion order differs from input order. */
function slowLookup(n: number): Promise<string> {
  return new Promise((resolve) => setTimeout(() => resolve(`looked-up:${n}`), (7 - (n % 8)) * 5));
}

const inputs = env.fromCollection(Array.from({ length: 40 }, (_, i) => i + 1));

switch (mode) {
  case 'ordered':
    AsyncDataStream.orderedWait(inputs.rebalance(), slowLookup, 5000, 20).print();
    break;
  case 'unordered':
    AsyncDataStream.unorderedWait(inputs.rebalance(), slowLookup, 5000, 20).print();
    break;
  case 'timeout':
    AsyncDataStream.orderedWait(
      inputs,
      (n: number) => (n === 13 ? new Promise<string>(() => {}) : slowLookup(n)),
      300,
    ).print();
    break;
  case 'promise-map':
    inputs
      .map(async (n: number) => n * 2)
      .name('async-by-mistake')
      .print();
    break;
  default:
    throw new Error(`unknown mode ${mode}: use ordered, unordered, timeout or promise-map`);
}
await env.execute(`async io ${mode}`);
