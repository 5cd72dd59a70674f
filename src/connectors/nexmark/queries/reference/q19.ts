import type { Bid, NexmarkEvent } from '../../model.js';
import { BID_EVENT } from '../../model.js';
import type { Q19Result } from '../q19.js';

// Plain q19, final result only: each auction's bids in stream order, stably sorted by price desc, the first n
// numbered from 1.
export function referenceQ19(events: readonly NexmarkEvent[], n = 10): Q19Result[] {
  const byAuction = new Map<number, Bid[]>();
  for (const event of events) {
    const bid = event.eventType === BID_EVENT ? event.bid : null;
    if (bid !== null) byAuction.set(bid.auction, [...(byAuction.get(bid.auction) ?? []), bid]);
  }
  const rows: Q19Result[] = [];
  for (const bids of byAuction.values()) {
    const top = bids.sort((x, y) => y.price - x.price).slice(0, n);
    top.forEach((bid, i) => rows.push({ ...bid, rank_number: i + 1 }));
  }
  return rows;
}
