import type { DataStream } from '../../../api/datastream/data-stream.js';
import type { Bid, NexmarkEvent } from '../model.js';
import { formatDay, formatMinute } from './bid-statistics.js';
import { DistinctBidCounts, MAX_TIME, TOTAL_AUCTIONS, TOTAL_BIDDERS, TOTAL_BIDS } from './distinct-bid-counts.js';
import { bidsOf } from './views.js';

// Nexmark q16, "channel statistics": q15's counts per (channel, day), plus the latest 'HH:mm' of the day seen
// (max(DATE_FORMAT(dateTime, 'HH:mm'))). Mirrors nexmark-sql/q16.sql. Updating: the last row per (channel, day) is
// the result. The key is one string `channel + '\u0000' + day` (a channel name never holds a NUL).

export interface Q16Result {
  readonly channel: string;
  readonly day: string;
  readonly minute: string;
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

function q16Row(_key: string, a: readonly number[], bid: Bid): Q16Result {
  return {
    channel: bid.channel,
    day: formatDay(bid.dateTime),
    minute: formatMinute(a[MAX_TIME]),
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

export function q16(events: DataStream<NexmarkEvent>): DataStream<Q16Result> {
  return bidsOf(events)
    .keyBy((b) => `${b.channel}\u0000${formatDay(b.dateTime)}`)
    .process(new DistinctBidCounts<string, Q16Result>('q16', q16Row))
    .name('q16: statistics per channel and day');
}
