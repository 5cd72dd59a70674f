import type { AggregateFunction } from '../../../api/functions/functions.js';

// `count(*)` for the windowed Nexmark queries (q5, q11, q12).

/** `count(*)` as an AggregateFunction (accumulator = the count). */
export const COUNT: AggregateFunction<unknown, number, number> = {
  createAccumulator: () => 0,
  add: (_value, acc) => acc + 1,
  getResult: (acc) => acc,
  merge: (a, b) => a + b,
};
