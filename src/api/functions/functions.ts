import type { RuntimeContext } from './runtime-context.js';

// User function types. Wherever Flink takes a one-method interface, a plain function is accepted too; objects may
// add open/close (Flink's RichFunction). Functions are synchronous: a function that returns a Promise is an error
// (use AsyncDataStream for I/O).

export interface RichFunction {
  open?(context: RuntimeContext): void;
  close?(): void;
}

export interface Collector<T> {
  collect(value: T): void;
}

export type MapFunction<I, O> = ((value: I) => O) | ({ map(value: I): O } & RichFunction);
/** Emits through the collector or returns an iterable of results (either, not both). */
export type FlatMapFunction<I, O> =
  | ((value: I, out: Collector<O>) => Iterable<O> | undefined | void)
  | ({ flatMap(value: I, out: Collector<O>): Iterable<O> | undefined | void } & RichFunction);
export type FilterFunction<T> = ((value: T) => boolean) | ({ filter(value: T): boolean } & RichFunction);
export type KeySelector<T, K> = ((value: T) => K) | { getKey(value: T): K };
export type ReduceFunction<T> = ((a: T, b: T) => T) | ({ reduce(a: T, b: T): T } & RichFunction);

export interface AggregateFunction<IN, ACC, OUT> {
  createAccumulator(): ACC;
  add(value: IN, accumulator: ACC): ACC;
  getResult(accumulator: ACC): OUT;
  merge(a: ACC, b: ACC): ACC;
}

export interface Partitioner<K> {
  partition(key: K, numPartitions: number): number;
}
export type PartitionerFunction<K> = ((key: K, numPartitions: number) => number) | Partitioner<K>;

export type CoMapFunction<I1, I2, O> = { map1(value: I1): O; map2(value: I2): O } & RichFunction;
export type CoFlatMapFunction<I1, I2, O> = {
  flatMap1(value: I1, out: Collector<O>): Iterable<O> | undefined | void;
  flatMap2(value: I2, out: Collector<O>): Iterable<O> | undefined | void;
} & RichFunction;
