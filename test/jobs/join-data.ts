// The inputs of the join jobs (test/jobs/join-*.ts), generated deterministically: orders of users u0-u5 and clicks
// of users u0-u6 (so some windows have one side only), each stream in ascending timestamp order so monotonous
// watermarks never make an element late. test/joins.test.ts imports the same data to work out the expected results
// independently of the engine.

export interface Order {
  readonly id: number;
  readonly user: string;
  readonly t: number;
}

export interface Click {
  readonly id: number;
  readonly user: string;
  readonly t: number;
}

/** 60 orders, about 50 ms apart with jitter (strictly increasing), users u0-u5 in a 7-step cycle. */
export const ORDERS: readonly Order[] = Array.from({ length: 60 }, (_, i) => ({
  id: i,
  user: `u${(i * 7) % 6}`,
  t: 1000 + i * 50 + ((i * 13) % 40),
}));

/** 90 clicks, about 33 ms apart with jitter (strictly increasing), users u0-u6 in a 3-step cycle. */
export const CLICKS: readonly Click[] = Array.from({ length: 90 }, (_, j) => ({
  id: j,
  user: `u${(j * 3 + 1) % 7}`,
  t: 1000 + j * 33 + ((j * 7) % 20),
}));

/** Window sizes of the window-join jobs, in ms. */
export const TUMBLING = 500;
export const SLIDING_SIZE = 1000;
export const SLIDING_SLIDE = 250;
/** Interval of the interval-join job: clicks from 95 ms before to 67 ms after an order (both bounds hit pairs). */
export const LOWER = -95;
export const UPPER = 67;
