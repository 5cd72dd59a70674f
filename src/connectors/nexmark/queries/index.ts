import type { DataStream } from '../../../api/datastream/data-stream.js';
import type { NexmarkEvent } from '../model.js';
import { q0 } from './q0.js';
import { q1 } from './q1.js';
import { q2 } from './q2.js';
import { q3 } from './q3.js';
import { q4 } from './q4.js';
import { q5 } from './q5.js';
import { q7 } from './q7.js';
import { q8 } from './q8.js';
import { q9 } from './q9.js';
import { q11 } from './q11.js';
import { q12 } from './q12.js';
import { q14 } from './q14.js';
import { q15 } from './q15.js';
import { q16 } from './q16.js';
import { q17 } from './q17.js';
import { q18 } from './q18.js';
import { q19 } from './q19.js';
import { q20 } from './q20.js';
import { q21 } from './q21.js';
import { q22 } from './q22.js';

// The Nexmark queries written with the DataStream API, one file each (qN.ts, mirroring nexmark-sql/qN.sql), and a
// registry by name for runners (bench/nexmark.ts). Each query takes the unified event stream (timestamps and
// watermarks already assigned) and returns its result stream.

export { type Q0Result, q0 } from './q0.js';
export { type Q1Result, q1 } from './q1.js';
export { type Q2Options, type Q2Result, q2 } from './q2.js';
export { type Q3Result, q3 } from './q3.js';
export { type Q4Result, q4 } from './q4.js';
export { type Q5Options, type Q5Result, q5 } from './q5.js';
export { type Q7Options, type Q7Result, q7 } from './q7.js';
export { type Q8Options, type Q8Result, q8 } from './q8.js';
export { type Q9Result, q9 } from './q9.js';
export { type Q11Options, type Q11Result, q11 } from './q11.js';
export { type Q12Options, type Q12Result, q12 } from './q12.js';
export { type Q14Result, q14 } from './q14.js';
export { type Q15Result, q15 } from './q15.js';
export { type Q16Result, q16 } from './q16.js';
export { type Q17Result, q17 } from './q17.js';
export { type Q18Result, q18 } from './q18.js';
export { type Q19Options, type Q19Result, q19 } from './q19.js';
export { type Q20Result, q20 } from './q20.js';
export { type Q21Result, q21 } from './q21.js';
export { type Q22Result, q22 } from './q22.js';

/** What a runner does with a query's result: end it in a sink. A view, because DataStream<R> is invariant in R. */
export type NexmarkQueryResult = Pick<DataStream<unknown>, 'sinkTo' | 'getTransformation' | 'getExecutionEnvironment'>;

/** A query with its default options, as a runner applies it. */
export type NexmarkQuery = (events: DataStream<NexmarkEvent>) => NexmarkQueryResult;

/** The queries by name ('q5', ...); a name that is absent has not been written yet. One line per query. */
export const NEXMARK_QUERIES: Readonly<Record<string, NexmarkQuery>> = {
  q0: (events) => q0(events),
  q1: (events) => q1(events),
  q2: (events) => q2(events),
  q3: (events) => q3(events),
  q4: (events) => q4(events),
  q5: (events) => q5(events),
  q7: (events) => q7(events),
  q8: (events) => q8(events),
  q9: (events) => q9(events),
  q11: (events) => q11(events),
  q12: (events) => q12(events),
  q14: (events) => q14(events),
  q15: (events) => q15(events),
  q16: (events) => q16(events),
  q17: (events) => q17(events),
  q18: (events) => q18(events),
  q19: (events) => q19(events),
  q20: (events) => q20(events),
  q21: (events) => q21(events),
  q22: (events) => q22(events),
};
