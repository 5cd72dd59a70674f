import type { NexmarkEvent } from '../../model.js';
import { BID_EVENT } from '../../model.js';
import { priceBand } from '../bid-statistics.js';
import type { Q15Result } from '../q15.js';

// Plain q15: per day, counters and Sets of bidders / auctions overall and per band. Test oracle only; the day is
// formatted with Date.toISOString (UTC), independently of the query's formatter.

interface DayStats {
  bids: number[];
  bidders: Set<number>[];
  auctions: Set<number>[];
}

export function referenceQ15(events: readonly NexmarkEvent[]): Q15Result[] {
  const days = new Map<string, DayStats>();
  for (const e of events) {
    if (e.eventType !== BID_EVENT || e.bid === null) continue;
    const day = new Date(e.bid.dateTime).toISOString().slice(0, 10);
    let s = days.get(day);
    if (s === undefined) {
      const sets = () => [new Set<number>(), new Set<number>(), new Set<number>(), new Set<number>()];
      days.set(day, (s = { bids: [0, 0, 0, 0], bidders: sets(), auctions: sets() }));
    }
    const band = 1 + priceBand(e.bid.price);
    for (const i of [0, band]) {
      s.bids[i]++;
      s.bidders[i].add(e.bid.bidder);
      s.auctions[i].add(e.bid.auction);
    }
  }
  return [...days].map(([day, s]) => ({
    day,
    total_bids: s.bids[0],
    rank1_bids: s.bids[1],
    rank2_bids: s.bids[2],
    rank3_bids: s.bids[3],
    total_bidders: s.bidders[0].size,
    rank1_bidders: s.bidders[1].size,
    rank2_bidders: s.bidders[2].size,
    rank3_bidders: s.bidders[3].size,
    total_auctions: s.auctions[0].size,
    rank1_auctions: s.auctions[1].size,
    rank2_auctions: s.auctions[2].size,
    rank3_auctions: s.auctions[3].size,
  }));
}
