import type { Bid, NexmarkEvent } from '../../model.js';
import { BID_EVENT } from '../../model.js';
import type { Q18Result } from '../q18.js';

// Plain q18, final result only: per (bidder, auction), the bid with the latest time, the last to arrive on a tie.
export function referenceQ18(events: readonly NexmarkEvent[]): Q18Result[] {
  const last = new Map<string, Bid>();
  for (const event of events) {
    const bid = event.eventType === BID_EVENT ? event.bid : null;
    if (bid === null) continue;
    const key = `${bid.bidder}/${bid.auction}`;
    const kept = last.get(key);
    if (kept === undefined || bid.dateTime >= kept.dateTime) last.set(key, bid);
  }
  return [...last.values()];
}
