import type { NexmarkEvent } from '../../model.js';
import { BID_EVENT } from '../../model.js';
import type { Q11Result } from '../q11.js';

// Plain q11: per bidder, walk its bids in time order; a bid at t opens [t, t + gap), which joins the bidder's open
// session when t <= that session's end (Flink merges windows that touch or overlap).
// Test oracle; assumes each bidder's bids arrive in time order (the generator's single line is in order).

export function referenceQ11(events: readonly NexmarkEvent[], gapMs = 10_000): Q11Result[] {
  const open = new Map<number, { start: number; end: number; count: number }>();
  const results: Q11Result[] = [];
  const close = (bidder: number, s: { start: number; end: number; count: number }) =>
    results.push({ bidder, bid_count: s.count, starttime: s.start, endtime: s.end });
  for (const e of events) {
    if (e.eventType !== BID_EVENT || e.bid === null) continue;
    const t = e.bid.dateTime;
    const session = open.get(e.bid.bidder);
    if (session !== undefined && t <= session.end) {
      session.count++;
      session.end = Math.max(session.end, t + gapMs);
      continue;
    }
    if (session !== undefined) close(e.bid.bidder, session);
    open.set(e.bid.bidder, { start: t, end: t + gapMs, count: 1 });
  }
  for (const [bidder, session] of open) close(bidder, session);
  return results;
}
