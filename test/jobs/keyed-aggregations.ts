// Rolling keyed aggregations on a small dataset whose results are worked out by hand in the test: reduce,
// sum/min/max (only the field changes, the rest is the key's first record) and minBy/maxBy (whole records; ties
// keep the first record, or the last with first = false), on objects and on tuples.
import { StreamExecutionEnvironment } from 'weir';

interface Reading {
  readonly key: string;
  readonly a: number;
  readonly b: number;
  readonly tag: string;
}

const readings: Reading[] = [
  { key: 'x', a: 3, b: 1, tag: 'x1' },
  { key: 'y', a: 5, b: 5, tag: 'y1' },
  { key: 'x', a: 1, b: 7, tag: 'x2' },
  { key: 'x', a: 2, b: 0, tag: 'x3' },
  { key: 'y', a: 5, b: 2, tag: 'y2' },
  { key: 'y', a: 9, b: 3, tag: 'y3' },
  { key: 'x', a: 1, b: 4, tag: 'x4' },
];

const env = StreamExecutionEnvironment.getExecutionEnvironment();
const keyed = env.fromCollection(readings).keyBy((r) => r.key);
const show = (kind: string) => (r: Reading) => `${kind}:${r.key},${r.a},${r.b},${r.tag}`;

keyed.sum('a').map(show('sum')).print();
keyed.min('a').map(show('min')).print();
keyed.max('b').map(show('max')).print();
keyed.minBy('a').map(show('minBy')).print();
keyed.minBy('a', false).map(show('minByLast')).print();
keyed.maxBy('b').map(show('maxBy')).print();
keyed.maxBy('a', false).map(show('maxByLast')).print();
keyed
  .reduce((acc, r) => ({ key: acc.key, a: acc.a + r.a, b: Math.max(acc.b, r.b), tag: acc.tag + r.tag }))
  .map(show('reduce'))
  .print();

// Tuples address fields by position.
env
  .fromData<[string, number, number]>(['p', 4, 40], ['q', 1, 10], ['p', 2, 20], ['p', 6, 60], ['q', 3, 30])
  .keyBy((t) => t[0])
  .min(1)
  .map((t) => `tupleMin:${t[0]},${t[1]},${t[2]}`)
  .print();

await env.execute('keyed aggregations');
