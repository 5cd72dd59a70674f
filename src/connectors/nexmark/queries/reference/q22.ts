import type { NexmarkEvent } from '../../model.js';
import { BID_EVENT } from '../../model.js';
import type { Q22Result } from '../q22.js';

// Plain q22: one loop over the bids, SPLIT_INDEX as String.split (empty string: no parts at all).
export function referenceQ22(events: readonly NexmarkEvent[]): Q22Result[] {
  const rows: Q22Result[] = [];
  for (const event of events) {
    const bid = event.eventType === BID_EVENT ? event.bid : null;
    if (bid === null) continue;
    const parts = bid.url === '' ? [] : bid.url.split('/');
    rows.push({
      auction: bid.auction,
      bidder: bid.bidder,
      price: bid.price,
      channel: bid.channel,
      dir1: parts[3] ?? null,
      dir2: parts[4] ?? null,
      dir3: parts[5] ?? null,
    });
  }
  return rows;
}
