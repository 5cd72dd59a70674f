import type { DataStream } from '../../../api/datastream/data-stream.js';
import type { Collector } from '../../../api/functions/functions.js';
import type { KeyedProcessFunctionContext } from '../../../api/functions/process-functions.js';
import { KeyedProcessFunction } from '../../../api/functions/process-functions.js';
import type { RuntimeContext } from '../../../api/functions/runtime-context.js';
import { ValueStateDescriptor } from '../../../api/state/descriptors.js';
import type { ValueState } from '../../../api/state/state.js';
import type { Bid, NexmarkEvent } from '../model.js';
import { epochDay, formatDay, priceBand } from './bid-statistics.js';
import { bidsOf } from './views.js';

// Nexmark q17, "auction statistics": per (auction, day), the number of bids overall and per price band, and the
// min / max / avg / sum of the prices. Mirrors nexmark-sql/q17.sql; avg of a BIGINT is a BIGINT in Flink (sum /
// count, truncated). Updating: the row is re-emitted after every bid; the last row per (auction, day) is the result.

export interface Q17Result {
  readonly auction: number;
  readonly day: string;
  readonly total_bids: number;
  readonly rank1_bids: number;
  readonly rank2_bids: number;
  readonly rank3_bids: number;
  readonly min_price: number;
  readonly max_price: number;
  readonly avg_price: number;
  readonly sum_price: number;
}

/**
 * The group key (auction, day) as one number, so no string is built per bid: auction × 100 000 + days since the
 * epoch. Exact while auction ids stay below 2^53 / 10^5 (≈ 9 × 10^10) and dates before the year 2243.
 */
function auctionDay(bid: Bid): number {
  return bid.auction * 100_000 + epochDay(bid.dateTime);
}

/** The previous row is the accumulator: each bid replaces it with the next (rows are immutable once emitted). */
class AuctionDayStatistics extends KeyedProcessFunction<number, Bid, Q17Result> {
  private last!: ValueState<Q17Result>;

  override open(context: RuntimeContext): void {
    this.last = context.getState(new ValueStateDescriptor<Q17Result>('q17-row'));
  }

  processElement(bid: Bid, _ctx: KeyedProcessFunctionContext<number>, out: Collector<Q17Result>): void {
    const p = this.last.value();
    const band = priceBand(bid.price);
    const total = (p?.total_bids ?? 0) + 1;
    const sum = (p?.sum_price ?? 0) + bid.price;
    const row: Q17Result = {
      auction: bid.auction,
      day: formatDay(bid.dateTime),
      total_bids: total,
      rank1_bids: (p?.rank1_bids ?? 0) + (band === 0 ? 1 : 0),
      rank2_bids: (p?.rank2_bids ?? 0) + (band === 1 ? 1 : 0),
      rank3_bids: (p?.rank3_bids ?? 0) + (band === 2 ? 1 : 0),
      min_price: p === undefined || bid.price < p.min_price ? bid.price : p.min_price,
      max_price: p === undefined || bid.price > p.max_price ? bid.price : p.max_price,
      avg_price: Math.trunc(sum / total),
      sum_price: sum,
    };
    this.last.update(row);
    out.collect(row);
  }
}

export function q17(events: DataStream<NexmarkEvent>): DataStream<Q17Result> {
  return bidsOf(events)
    .keyBy(auctionDay)
    .process(new AuctionDayStatistics())
    .name('q17: statistics per auction and day');
}
