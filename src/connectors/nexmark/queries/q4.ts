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

// Nexmark q4, "average price per category": the winning (highest) bid of each auction among bids placed during
// its lifetime, averaged per category. Mirrors nexmark-sql/q4.sql: regular join bid ⋈ auction on B.auction = A.id
// with `B.dateTime BETWEEN A.dateTime AND A.expires`, MAX(price) GROUP BY auction, then AVG GROUP BY category.
// An updating query: each time an auction's maximum rises, its category's average is emitted again (an upsert
// keyed by `id`); the last row per category is the result. The second level gets the auction's previous maximum
// with the new one (the retraction Flink sends as -U), so it keeps only a sum and a count per category.
// AVG of BIGINT is BIGINT in Flink: the quotient truncated; sums stay exact below 2^53 (90 M auctions at the top
// price of 10^8).

export interface Q4Result {
  /** The category. */
  readonly id: number;
  /** Average winning price, truncated to an integer as Flink's AVG(BIGINT). */
  readonly final: number;
}

/** A valid (in-lifetime) bid on an auction: a row of the join. */
interface AuctionBid {
  readonly auction: number;
  readonly category: number;
  readonly price: number;
}

/** An auction's maximum rose from `previous` (null: first valid bid) to `final`. */
interface MaxChange {
  readonly auction: number;
  readonly category: number;
  readonly previous: number | null;
  readonly final: number;
}

interface SumCount {
  readonly sum: number;
  readonly count: number;
}

function joinInLifetime(bid: Bid, auction: Auction): AuctionBid | undefined {
  if (bid.dateTime < auction.dateTime || bid.dateTime > auction.expires) return undefined;
  return { auction: auction.id, category: auction.category, price: bid.price };
}

/** MAX(price) GROUP BY auction, emitting a change only when the maximum rises. Keyed by auction id. */
class MaxPerAuction extends KeyedProcessFunction<number, AuctionBid, MaxChange> {
  private max!: ValueState<number>;

  override open(context: RuntimeContext): void {
    this.max = context.getState(new ValueStateDescriptor<number>('q4-max-price'));
  }

  processElement(row: AuctionBid, _ctx: KeyedProcessFunctionContext<number>, out: Collector<MaxChange>): void {
    const previous = this.max.value();
    if (previous !== undefined && row.price <= previous) return;
    this.max.update(row.price);
    out.collect({ auction: row.auction, category: row.category, previous: previous ?? null, final: row.price });
  }
}

/** AVG(final) GROUP BY category over the changes of the auctions' maxima. Keyed by category. */
class AveragePerCategory extends KeyedProcessFunction<number, MaxChange, Q4Result> {
  private totals!: ValueState<SumCount>;

  override open(context: RuntimeContext): void {
    this.totals = context.getState(new ValueStateDescriptor<SumCount>('q4-sum-count'));
  }

  processElement(change: MaxChange, _ctx: KeyedProcessFunctionContext<number>, out: Collector<Q4Result>): void {
    const held = this.totals.value();
    const sum = (held === undefined ? 0 : held.sum) + change.final - (change.previous ?? 0);
    const count = (held === undefined ? 0 : held.count) + (change.previous === null ? 1 : 0);
    // A new object, not the held one changed in place: a snapshot may still hold the old one by reference.
    const totals: SumCount = { sum, count };
    this.totals.update(totals);
    out.collect({ id: change.category, final: truncatedQuotient(totals.sum, totals.count) });
  }
}

/** ⌊sum / count⌋ for non-negative safe integers, exact (the float quotient can round up across an integer). */
export function truncatedQuotient(sum: number, count: number): number {
  let q = Math.floor(sum / count);
  if (q * count > sum) q--;
  else if ((q + 1) * count <= sum) q++;
  return q;
}

function auctionOfBid(bid: Bid): number {
  return bid.auction;
}

function idOf(auction: Auction): number {
  return auction.id;
}

function auctionOfRow(row: AuctionBid): number {
  return row.auction;
}

function categoryOf(change: MaxChange): number {
  return change.category;
}

export function q4(events: DataStream<NexmarkEvent>): DataStream<Q4Result> {
  return bidsOf(events)
    .connect(auctionsOf(events))
    .keyBy(auctionOfBid, idOf)
    .process(new RegularInnerJoin<number, Bid, Auction, AuctionBid>(joinInLifetime))
    .name('q4-join')
    .keyBy(auctionOfRow)
    .process(new MaxPerAuction())
    .name('q4-max-per-auction')
    .keyBy(categoryOf)
    .process(new AveragePerCategory())
    .name('q4-avg-per-category');
}
