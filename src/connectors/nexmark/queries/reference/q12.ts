import type { NexmarkEvent } from '../../model.js';
import { BID_EVENT } from '../../model.js';
import type { Q12Result } from '../q12.js';

// Plain q12: `processingTimeOf(i)` is the clock when event i arrived; count bids per (bidder, window of that time).
// Test oracle only.

export function referenceQ12(
  events: readonly NexmarkEvent[],
  processingTimeOf: (index: number) => number,
  sizeMs = 10_000,
): Q12Result[] {
  const counts = new Map<string, Q12Result>();
  events.forEach((e, i) => {
    if (e.eventType !== BID_EVENT || e.bid === null) return;
    const pt = processingTimeOf(i);
    const starttime = pt - (pt % sizeMs);
    const key = `${e.bid.bidder}/${starttime}`;
    const before = counts.get(key);
    counts.set(key, {
      bidder: e.bid.bidder,
      bid_count: (before?.bid_count ?? 0) + 1,
      starttime,
      endtime: starttime + sizeMs,
    });
  });
  return [...counts.values()];
}
