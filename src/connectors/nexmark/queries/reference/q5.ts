import type { NexmarkEvent } from '../../model.js';
import { BID_EVENT } from '../../model.js';
import type { Q5Result } from '../q5.js';

// Plain q5: one loop counting bids per (window, auction) for every 10 s window sliding by 2 s that holds the bid,
// then the auctions with the top count per window. Test oracle only.

export function referenceQ5(events: readonly NexmarkEvent[], sizeMs = 10_000, slideMs = 2_000): Q5Result[] {
  const perWindow = new Map<number, Map<number, number>>();
  for (const e of events) {
    if (e.eventType !== BID_EVENT || e.bid === null) continue;
    const ts = e.bid.dateTime;
    const lastStart = ts - (((ts % slideMs) + slideMs) % slideMs);
    for (let start = lastStart; start > ts - sizeMs; start -= slideMs) {
      let counts = perWindow.get(start);
      if (counts === undefined) perWindow.set(start, (counts = new Map()));
      counts.set(e.bid.auction, (counts.get(e.bid.auction) ?? 0) + 1);
    }
  }
  const results: Q5Result[] = [];
  for (const [start, counts] of perWindow) {
    const max = Math.max(...counts.values());
    for (const [auction, num] of counts) {
      if (num >= max) results.push({ auction, num, starttime: start, endtime: start + sizeMs });
    }
  }
  return results;
}
