import type { DataStream } from '../../../api/datastream/data-stream.js';
import type { NexmarkEvent } from '../model.js';
import { formatDay } from './bid-statistics.js';
import { DistinctBidCounts, TOTAL_AUCTIONS, TOTAL_BIDDERS, TOTAL_BIDS } from './distinct-bid-counts.js';
import { bidsOf } from './views.js';

// Nexmark q15, "bidding statistics": per day, the number of bids, distinct bidders and distinct auctions, overall
// and per price band (< 10 K, 10 K – 1 M, >= 1 M). Mirrors nexmark-sql/q15.sql (GROUP BY DATE_FORMAT(dateTime,
// 'yyyy-MM-dd') with count(*) / count(DISTINCT) FILTER). An updating query: it emits the day's new row after every
// bid; the last row per day is the result.

export interface Q15Result {
  readonly day: string;
  readonly total_bids: number;
  readonly rank1_bids: number;
  readonly rank2_bids: number;
  readonly rank3_bids: number;
  readonly total_bidders: number;
  readonly rank1_bidders: number;
  readonly rank2_bidders: number;
  readonly rank3_bidders: number;
  readonly total_auctions: number;
  readonly rank1_auctions: number;
  readonly rank2_auctions: number;
  readonly rank3_auctions: number;
}

function q15Row(day: string, a: readonly number[]): Q15Result {
  return {
    day,
    total_bids: a[TOTAL_BIDS],
    rank1_bids: a[TOTAL_BIDS + 1],
    rank2_bids: a[TOTAL_BIDS + 2],
    rank3_bids: a[TOTAL_BIDS + 3],
    total_bidders: a[TOTAL_BIDDERS],
    rank1_bidders: a[TOTAL_BIDDERS + 1],
    rank2_bidders: a[TOTAL_BIDDERS + 2],
    rank3_bidders: a[TOTAL_BIDDERS + 3],
    total_auctions: a[TOTAL_AUCTIONS],
    rank1_auctions: a[TOTAL_AUCTIONS + 1],
    rank2_auctions: a[TOTAL_AUCTIONS + 2],
    rank3_auctions: a[TOTAL_AUCTIONS + 3],
  };
}

export function q15(events: DataStream<NexmarkEvent>): DataStream<Q15Result> {
  return bidsOf(events)
    .keyBy((b) => formatDay(b.dateTime))
    .process(new DistinctBidCounts<string, Q15Result>('q15', q15Row))
    .name('q15: statistics per day');
}
