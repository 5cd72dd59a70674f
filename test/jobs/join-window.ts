// Window joins end to end: orders and clicks (test/jobs/join-data.ts) joined per user in event-time windows.
//   mode 'tumbling' (default): join in 500 ms tumbling windows, one line per (order, click) pair.
//   mode 'sliding': join in 1000 ms windows sliding by 250 ms (a pair repeats in every window holding both).
//   mode 'cogroup': coGroup in 500 ms tumbling windows, one line per user and window listing both sides.
// Each result line ends with the record's timestamp as the next operator sees it (the window's end - 1).
import {
  type Collector,
  Duration,
  SlidingEventTimeWindows,
  StreamExecutionEnvironment,
  TumblingEventTimeWindows,
  WatermarkStrategy,
} from 'weir';
import { CLICKS, type Click, ORDERS, type Order, SLIDING_SIZE, SLIDING_SLIDE, TUMBLING } from './join-data.js';

const mode = process.argv[2] ?? 'tumbling';
const env = StreamExecutionEnvironment.getExecutionEnvironment();
const orders = env
  .fromData<Order>(...ORDERS)
  .assignTimestampsAndWatermarks(WatermarkStrategy.forMonotonousTimestamps<Order>().withTimestampAssigner((o) => o.t));
const clicks = env
  .fromData<Click>(...CLICKS)
  .assignTimestampsAndWatermarks(WatermarkStrategy.forMonotonousTimestamps<Click>().withTimestampAssigner((c) => c.t));

const pair = (o: Order, c: Click): string => `${o.user} o${o.id} c${c.id}`;
const results =
  mode === 'cogroup'
    ? orders
        .coGroup(clicks)
        .where((o) => o.user)
        .equalTo((c) => c.user)
        .window(TumblingEventTimeWindows.of(Duration.ofMillis(TUMBLING)))
        .apply((os: Iterable<Order>, cs: Iterable<Click>, out: Collector<string>) => {
          const user = [...os, ...cs][0]?.user;
          const o = [...os].map((x) => x.id).sort((a, b) => a - b);
          const c = [...cs].map((x) => x.id).sort((a, b) => a - b);
          out.collect(`${user} [${o.join(',')}] [${c.join(',')}]`);
        })
    : orders
        .join(clicks)
        .where((o) => o.user)
        .equalTo((c) => c.user)
        .window(
          mode === 'sliding'
            ? SlidingEventTimeWindows.of(Duration.ofMillis(SLIDING_SIZE), Duration.ofMillis(SLIDING_SLIDE))
            : TumblingEventTimeWindows.of(Duration.ofMillis(TUMBLING)),
        )
        .apply(pair);
results.process((line, ctx, out) => out.collect(`${line} ts=${ctx.timestamp()}`)).print();
await env.execute(`window join (${mode})`);
