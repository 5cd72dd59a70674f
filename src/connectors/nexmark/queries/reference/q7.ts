import type { Bid, NexmarkEvent } from '../../model.js';
import { BID_EVENT } from '../../model.js';
import type { Q7Result } from '../q7.js';

// Plain q7: one loop for the max price per tumbling window, one for the bids matching a window's max with
// window_end − size <= dateTime <= window_end. Test oracle only.

export function referenceQ7(events: readonly NexmarkEvent[], sizeMs = 10_000): Q7Result[] {
  const maxByStart = new Map<number, number>();
  const bids: Bid[] = [];
  for (const e of events) {
    if (e.eventType !== BID_EVENT || e.bid === null) continue;
    bids.push(e.bid);
    const start = e.bid.dateTime - (e.bid.dateTime % sizeMs);
    maxByStart.set(start, Math.max(maxByStart.get(start) ?? Number.NEGATIVE_INFINITY, e.bid.price));
  }
  const results: Q7Result[] = [];
  for (const b of bids) {
    const start = b.dateTime - (b.dateTime % sizeMs);
    // Its own window, and the previous one when the bid lies exactly on that window's end.
    const candidates = b.dateTime === start ? [start, start - sizeMs] : [start];
    for (const s of candidates) {
      if (maxByStart.get(s) === b.price) {
        results.push({ auction: b.auction, price: b.price, bidder: b.bidder, dateTime: b.dateTime, extra: b.extra });
      }
    }
  }
  return results;
}
