// (a, realistic) Nexmark q1 + q2 on the bid stream, chained in one slot: generate events, keep bids, convert the
// price (q1), keep auctions divisible by 123 (q2).
import { StreamExecutionEnvironment } from 'weir';
import { nexmarkSource } from 'weir/nexmark';
import { ThroughputSink } from './bench-sink.js';

const n = Number(process.argv[2] ?? '5000000');
const env = StreamExecutionEnvironment.getExecutionEnvironment();
env.setParallelism(1);
env
  .fromSource(nexmarkSource({ eventsNum: n, seed: 7 }), {}, 'nexmark')
  .filter((e) => e.eventType === 2)
  .map((e) => {
    const bid = e.bid!;
    return { auction: bid.auction, bidder: bid.bidder, price: bid.price * 0.908, dateTime: bid.dateTime };
  })
  .filter((b) => b.auction % 123 === 0)
  .sinkTo(new ThroughputSink('report'));
export const client = await env.executeAsync('bench: nexmark q1+q2');
