import type { DataStream } from '../../../api/datastream/data-stream.js';
import type { Bid, NexmarkEvent } from '../model.js';
import { bidsOf } from './views.js';

// Nexmark q22, "URL directories": every bid with the 3rd–5th '/'-separated parts of its url. Mirrors
// nexmark-sql/q22.sql (SPLIT_INDEX(url, '/', 3..5)). SPLIT_INDEX keeps empty parts, counts from 0, and is null past
// the last part and for an empty string (Flink splits with splitByWholeSeparatorPreserveAllTokens).

export interface Q22Result {
  readonly auction: number;
  readonly bidder: number;
  readonly price: number;
  readonly channel: string;
  readonly dir1: string | null;
  readonly dir2: string | null;
  readonly dir3: string | null;
}

/** SPLIT_INDEX(s, separator, index) for a one-character separator, without splitting the whole string. */
export function splitIndex(s: string, separator: string, index: number): string | null {
  if (s.length === 0 || index < 0) return null;
  let start = 0;
  for (let i = 0; i < index; i++) {
    const next = s.indexOf(separator, start);
    if (next < 0) return null;
    start = next + 1;
  }
  const end = s.indexOf(separator, start);
  return end < 0 ? s.slice(start) : s.slice(start, end);
}

function directories(bid: Bid): Q22Result {
  const url = bid.url;
  return {
    auction: bid.auction,
    bidder: bid.bidder,
    price: bid.price,
    channel: bid.channel,
    dir1: splitIndex(url, '/', 3),
    dir2: splitIndex(url, '/', 4),
    dir3: splitIndex(url, '/', 5),
  };
}

export function q22(events: DataStream<NexmarkEvent>): DataStream<Q22Result> {
  return bidsOf(events).map(directories).name('q22');
}
