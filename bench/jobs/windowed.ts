// Issue 3's benchmark: Nexmark bids in event time (bounded out-of-orderness 4 s, as the Nexmark DDL), then
// (argument "tumbling") a count per auction in 10 s tumbling windows, or ("sliding") the hottest auction per
// 10 s window sliding by 2 s: a count per auction and window, then the top-1 per window (Nexmark q5's shape).
import {
  type AggregateFunction,
  type Collector,
  Duration,
  SlidingEventTimeWindows,
  StreamExecutionEnvironment,
  type TimeWindow,
  TumblingEventTimeWindows,
  WatermarkStrategy,
} from 'weir';
import { type NexmarkEvent, nexmarkSource } from 'weir/nexmark';
import { ThroughputSink } from './bench-sink.js';

const n = Number(process.argv[2] ?? '5000000');
const shape = process.argv[3] ?? 'tumbling';

const count: AggregateFunction<unknown, number, number> = {
  createAccumulator: () => 0,
  add: (_v, acc) => acc + 1,
  getResult: (acc) => acc,
  merge: (a, b) => a + b,
};

interface AuctionCount {
  readonly auction: number;
  readonly count: number;
  readonly windowEnd: number;
}

const env = StreamExecutionEnvironment.getExecutionEnvironment();
env.setParallelism(2);
// 100 k events/s of event time (Nexmark V2's rate): 5 M events span 50 s, so windows really open and close.
const bids = env
  .fromSource(
    nexmarkSource({ eventsNum: n, firstEventRate: 100_000, seed: 7 }),
    WatermarkStrategy.forBoundedOutOfOrderness<NexmarkEvent>(Duration.ofSeconds(4)),
    'nexmark',
  )
  .filter((e) => e.eventType === 2)
  .map((e) => e.bid!.auction);

const perAuction = bids
  .keyBy((auction) => auction)
  .window(
    shape === 'sliding'
      ? SlidingEventTimeWindows.of(Duration.ofSeconds(10), Duration.ofSeconds(2))
      : TumblingEventTimeWindows.of(Duration.ofSeconds(10)),
  )
  .aggregate(count, {
    process(key: number, ctx: { window(): TimeWindow }, counts: Iterable<number>, out: Collector<AuctionCount>) {
      for (const c of counts) out.collect({ auction: key, count: c, windowEnd: ctx.window().end });
    },
  });

if (shape === 'sliding') {
  perAuction
    .keyBy((c) => c.windowEnd)
    .reduce((a, b) => (b.count > a.count ? b : a))
    .sinkTo(new ThroughputSink('report'));
} else {
  perAuction.sinkTo(new ThroughputSink('report'));
}
export const client = await env.executeAsync(`bench: windowed (${shape})`);
