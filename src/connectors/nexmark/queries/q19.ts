import type { DataStream } from '../../../api/datastream/data-stream.js';
import type { Collector } from '../../../api/functions/functions.js';
import type { KeyedProcessFunctionContext } from '../../../api/functions/process-functions.js';
import { KeyedProcessFunction } from '../../../api/functions/process-functions.js';
import type { RuntimeContext } from '../../../api/functions/runtime-context.js';
import { ValueStateDescriptor } from '../../../api/state/descriptors.js';
import type { ValueState } from '../../../api/state/state.js';
import type { Bid, NexmarkEvent } from '../model.js';
import { bidsOf } from './views.js';

// Nexmark q19, "auction top-10 price": the ten highest bids of each auction with their rank. Mirrors
// nexmark-sql/q19.sql: ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) <= 10 with the row number in the
// output (Flink's append-only Top-N). Equal prices keep arrival order (a new bid goes after those of its price). An
// updating query: when a bid enters the top ten, the rows of its rank and of every rank below it are emitted
// again, as upserts keyed by (auction, rank_number); the last row per key is the result.

export interface Q19Result extends Bid {
  /** 1 … n, 1 = highest price. */
  readonly rank_number: number;
}

export interface Q19Options {
  /** How many bids per auction to rank (default 10, as the SQL). */
  readonly topN?: number;
}

class TopBidsPerAuction extends KeyedProcessFunction<number, Bid, Q19Result> {
  /** The auction's best bids, highest first (at most n); replaced, never changed in place. */
  private top!: ValueState<Bid[]>;

  constructor(private readonly n: number) {
    super();
  }

  override open(context: RuntimeContext): void {
    this.top = context.getState(new ValueStateDescriptor<Bid[]>('q19-top-bids'));
  }

  processElement(bid: Bid, _ctx: KeyedProcessFunctionContext<number>, out: Collector<Q19Result>): void {
    const held = this.top.value();
    let at = held === undefined ? 0 : held.length;
    while (at > 0 && (held as Bid[])[at - 1].price < bid.price) at--;
    if (at >= this.n) return;
    // A new array, not the held one changed in place: a snapshot may still hold the old one by reference.
    const top = held === undefined ? [] : held.slice();
    top.splice(at, 0, bid);
    if (top.length > this.n) top.pop();
    this.top.update(top);
    for (let i = at; i < top.length; i++) out.collect(ranked(top[i], i + 1));
  }
}

function ranked(bid: Bid, rank: number): Q19Result {
  return {
    auction: bid.auction,
    bidder: bid.bidder,
    price: bid.price,
    channel: bid.channel,
    url: bid.url,
    dateTime: bid.dateTime,
    extra: bid.extra,
    rank_number: rank,
  };
}

function auctionOf(bid: Bid): number {
  return bid.auction;
}

export function q19(events: DataStream<NexmarkEvent>, options: Q19Options = {}): DataStream<Q19Result> {
  const n = options.topN ?? 10;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new RangeError(`q19: topN must be a positive integer, got ${n}; the Nexmark query ranks the top 10`);
  }
  return bidsOf(events).keyBy(auctionOf).process(new TopBidsPerAuction(n)).name('q19-top-n');
}
