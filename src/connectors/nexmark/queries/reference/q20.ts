import type { Auction, Bid, NexmarkEvent } from '../../model.js';
import { AUCTION_EVENT, BID_EVENT } from '../../model.js';
import type { Q20Result } from '../q20.js';

// Plain q20: index category-10 auctions by id, then one row per bid whose auction is there.
export function referenceQ20(events: readonly NexmarkEvent[]): Q20Result[] {
  const auctions = new Map<number, Auction[]>();
  const bids: Bid[] = [];
  for (const event of events) {
    if (event.eventType === BID_EVENT && event.bid !== null) bids.push(event.bid);
    const a = event.eventType === AUCTION_EVENT ? event.auction : null;
    if (a !== null && a.category === 10) auctions.set(a.id, [...(auctions.get(a.id) ?? []), a]);
  }
  const rows: Q20Result[] = [];
  for (const b of bids) {
    for (const a of auctions.get(b.auction) ?? []) {
      rows.push({
        auction: b.auction,
        bidder: b.bidder,
        price: b.price,
        channel: b.channel,
        url: b.url,
        bid_dateTime: b.dateTime,
        bid_extra: b.extra,
        itemName: a.itemName,
        description: a.description,
        initialBid: a.initialBid,
        reserve: a.reserve,
        auction_dateTime: a.dateTime,
        expires: a.expires,
        seller: a.seller,
        category: a.category,
        auction_extra: a.extra,
      });
    }
  }
  return rows;
}
