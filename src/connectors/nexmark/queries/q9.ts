import type { DataStream } from '../../../api/datastream/data-stream.js';
import type { Collector } from '../../../api/functions/functions.js';
import type { KeyedProcessFunctionContext } from '../../../api/functions/process-functions.js';
import { KeyedProcessFunction } from '../../../api/functions/process-functions.js';
import type { RuntimeContext } from '../../../api/functions/runtime-context.js';
import { ValueStateDescriptor } from '../../../api/state/descriptors.js';
import type { ValueState } from '../../../api/state/state.js';
import type { Auction, Bid, NexmarkEvent } from '../model.js';
import { RegularInnerJoin } from './regular-join.js';
import { auctionsOf, bidsOf } from './views.js';

// Nexmark q9, "winning bids": each auction with its winning bid, the highest then earliest among bids placed
// during its lifetime. Mirrors nexmark-sql/q9.sql: regular join bid ⋈ auction on B.auction = A.id with
// `B.dateTime BETWEEN A.dateTime AND A.expires`, then ROW_NUMBER() OVER (PARTITION BY A.id ORDER BY B.price DESC,
// B.dateTime ASC) <= 1 (Flink's append-only Top-N). An updating query: a row is emitted whenever an auction's winner
// changes (an upsert keyed by `id`); the last row per auction is the result. Bids equal in price and time keep the
// first to arrive, as Flink's Top-N does (it inserts equal sort keys after those it holds).

export interface Q9Result {
  readonly id: number;
  readonly itemName: string;
  readonly description: string;
  readonly initialBid: number;
  readonly reserve: number;
  readonly dateTime: number;
  readonly expires: number;
  readonly seller: number;
  readonly category: number;
  readonly extra: string;
  readonly auction: number;
  readonly bidder: number;
  readonly price: number;
  readonly bid_dateTime: number;
  readonly bid_extra: string;
}

function joinInLifetime(bid: Bid, a: Auction): Q9Result | undefined {
  if (bid.dateTime < a.dateTime || bid.dateTime > a.expires) return undefined;
  return {
    id: a.id,
    itemName: a.itemName,
    description: a.description,
    initialBid: a.initialBid,
    reserve: a.reserve,
    dateTime: a.dateTime,
    expires: a.expires,
    seller: a.seller,
    category: a.category,
    extra: a.extra,
    auction: bid.auction,
    bidder: bid.bidder,
    price: bid.price,
    bid_dateTime: bid.dateTime,
    bid_extra: bid.extra,
  };
}

/** Top-1 per auction by (price desc, bid time asc); emits the row each time it takes first place. Keyed by id. */
class WinningBid extends KeyedProcessFunction<number, Q9Result, Q9Result> {
  private best!: ValueState<Q9Result>;

  override open(context: RuntimeContext): void {
    this.best = context.getState(new ValueStateDescriptor<Q9Result>('q9-winning-bid'));
  }

  processElement(row: Q9Result, _ctx: KeyedProcessFunctionContext<number>, out: Collector<Q9Result>): void {
    const best = this.best.value();
    if (best !== undefined && !beats(row, best)) return;
    this.best.update(row);
    out.collect(row);
  }
}

function beats(row: Q9Result, best: Q9Result): boolean {
  return row.price > best.price || (row.price === best.price && row.bid_dateTime < best.bid_dateTime);
}

function auctionOfBid(bid: Bid): number {
  return bid.auction;
}

function idOf(row: Auction | Q9Result): number {
  return row.id;
}

export function q9(events: DataStream<NexmarkEvent>): DataStream<Q9Result> {
  return bidsOf(events)
    .connect(auctionsOf(events))
    .keyBy(auctionOfBid, idOf)
    .process(new RegularInnerJoin<number, Bid, Auction, Q9Result>(joinInLifetime))
    .name('q9-join')
    .keyBy(idOf)
    .process(new WinningBid())
    .name('q9-top-1');
}
