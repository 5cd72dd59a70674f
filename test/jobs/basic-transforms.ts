// Stateless transformations end to end: map, flatMap (collector, returned array, generator), filter, a union of
// three streams, and connect with CoMap and CoFlatMap. Every line is tagged with the operation that made it, so the
// test can check each against values it computes itself; the multiset must not depend on the parallelism.
import { type Collector, StreamExecutionEnvironment } from 'weir';

const env = StreamExecutionEnvironment.getExecutionEnvironment();
const numbers = env.fromSequence(1, 20);
const words = env.fromData('alpha', 'beta', 'gamma', 'delta');

numbers.map((n) => `map:${n * 10}`).print();
numbers
  .flatMap((n: number, out: Collector<string>) => {
    for (let i = 0; i < n % 3; i++) out.collect(`collector:${n}.${i}`);
  })
  .print();
numbers.flatMap((n: number) => (n % 4 === 0 ? [`array:${n}`, `array:${-n}`] : [])).print();
numbers
  .flatMap(function* (n: number) {
    if (n <= 3) yield `generator:${n}`;
  })
  .print();
numbers
  .filter((n) => n % 5 === 0)
  .map((n) => `filter:${n}`)
  .print();
// A rich filter object, as Flink's FilterFunction.
numbers
  .filter({ filter: (n: number) => n > 18 })
  .map((n) => `filter-object:${n}`)
  .print();

const evens = numbers.filter((n) => n % 2 === 0).map((n) => `union:even:${n}`);
const tens = numbers.filter((n) => n % 10 === 0).map((n) => `union:ten:${n}`);
const letters = words.map((w) => `union:word:${w}`);
evens.union(tens, letters).print();

numbers
  .connect(words)
  .map({ map1: (n: number) => `comap:n:${n * n}`, map2: (w: string) => `comap:w:${w.toUpperCase()}` })
  .print();
numbers
  .connect(words)
  .flatMap({
    flatMap1(n: number, out: Collector<string>) {
      if (n > 17) out.collect(`coflatmap:n:${n}`);
    },
    flatMap2(w: string) {
      return [...w].filter((c) => c === 'a').map((c) => `coflatmap:w:${w}:${c}`);
    },
  })
  .print();

await env.execute('basic transforms');
