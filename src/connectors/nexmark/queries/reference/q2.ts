import type { NexmarkEvent } from '../../model.js';
import { BID_EVENT } from '../../model.js';
import type { Q2Result } from '../q2.js';

// Plain q2: one loop, bids whose auction is a multiple of `modulus`.
export function referenceQ2(events: readonly NexmarkEvent[], modulus = 123): Q2Result[] {
  const rows: Q2Result[] = [];
  for (const event of events) {
    const bid = event.eventType === BID_EVENT ? event.bid : null;
    if (bid !== null && bid.auction % modulus === 0) rows.push({ auction: bid.auction, price: bid.price });
  }
  return rows;
}
