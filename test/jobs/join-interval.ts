// Interval join end to end: each order (test/jobs/join-data.ts) with the clicks of its user from 95 ms before to
// 67 ms after it. mode 'inclusive' (default) keeps both bounds; 'exclusive' excludes both.
// Each line ends with the timestamps the join function saw and the record's timestamp downstream (max of both).
import { StreamExecutionEnvironment, WatermarkStrategy } from 'weir';
import { CLICKS, type Click, LOWER, ORDERS, type Order, UPPER } from './join-data.js';

const mode = process.argv[2] ?? 'inclusive';
const env = StreamExecutionEnvironment.getExecutionEnvironment();
const orders = env
  .fromData<Order>(...ORDERS)
  .assignTimestampsAndWatermarks(WatermarkStrategy.forMonotonousTimestamps<Order>().withTimestampAssigner((o) => o.t));
const clicks = env
  .fromData<Click>(...CLICKS)
  .assignTimestampsAndWatermarks(WatermarkStrategy.forMonotonousTimestamps<Click>().withTimestampAssigner((c) => c.t));

const joined = orders
  .keyBy((o) => o.user)
  .intervalJoin(clicks.keyBy((c) => c.user))
  .between(LOWER, UPPER);
if (mode === 'exclusive') joined.lowerBoundExclusive().upperBoundExclusive();
joined
  .process((o: Order, c: Click, ctx, out) =>
    out.collect(
      `${o.user} o${o.id} c${c.id} ${ctx.getLeftTimestamp()}/${ctx.getRightTimestamp()}/${ctx.getTimestamp()}`,
    ),
  )
  .process((line, ctx, out) => out.collect(`${line} ts=${ctx.timestamp()}`))
  .print();
await env.execute(`interval join (${mode})`);
