import type { Auction, Bid, NexmarkEvent } from '../../model.js';
import { AUCTION_EVENT, BID_EVENT } from '../../model.js';
import type { Q4Result } from '../q4.js';

// Plain q4, final result only: collect auctions and bids, take each auction's max price over the bids in its
// lifetime, then the per-category average with BigInt division (Flink's AVG(BIGINT) truncates).
export function referenceQ4(events: readonly NexmarkEvent[]): Q4Result[] {
  const auctions: Auction[] = [];
  const bidsByAuction = new Map<number, Bid[]>();
  for (const event of events) {
    if (event.eventType === AUCTION_EVENT && event.auction !== null) auctions.push(event.auction);
    const bid = event.eventType === BID_EVENT ? event.bid : null;
    if (bid !== null) bidsByAuction.set(bid.auction, [...(bidsByAuction.get(bid.auction) ?? []), bid]);
  }
  const finals = new Map<number, bigint[]>(); // category -> winning prices
  for (const a of auctions) {
    const valid = (bidsByAuction.get(a.id) ?? []).filter((b) => b.dateTime >= a.dateTime && b.dateTime <= a.expires);
    if (valid.length === 0) continue;
    const max = Math.max(...valid.map((b) => b.price));
    finals.set(a.category, [...(finals.get(a.category) ?? []), BigInt(max)]);
  }
  return [...finals].map(([category, prices]) => ({
    id: category,
    final: Number(prices.reduce((x, y) => x + y, 0n) / BigInt(prices.length)),
  }));
}
