import type { Auction, Bid, NexmarkEvent } from '../../model.js';
import { AUCTION_EVENT, BID_EVENT } from '../../model.js';
import type { Q9Result } from '../q9.js';

// Plain q9, final result only: for each auction, its valid bids in stream order, stably sorted by price desc then
// time asc; the first one wins (ties keep the earliest to arrive).
export function referenceQ9(events: readonly NexmarkEvent[]): Q9Result[] {
  const auctions: Auction[] = [];
  const bids: Bid[] = [];
  for (const event of events) {
    if (event.eventType === AUCTION_EVENT && event.auction !== null) auctions.push(event.auction);
    if (event.eventType === BID_EVENT && event.bid !== null) bids.push(event.bid);
  }
  const rows: Q9Result[] = [];
  for (const a of auctions) {
    const valid = bids.filter((b) => b.auction === a.id && b.dateTime >= a.dateTime && b.dateTime <= a.expires);
    if (valid.length === 0) continue;
    const winner = valid.sort((x, y) => y.price - x.price || x.dateTime - y.dateTime)[0];
    rows.push({
      ...a,
      auction: winner.auction,
      bidder: winner.bidder,
      price: winner.price,
      bid_dateTime: winner.dateTime,
      bid_extra: winner.extra,
    });
  }
  return rows;
}
