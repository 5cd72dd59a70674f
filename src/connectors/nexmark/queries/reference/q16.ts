import type { NexmarkEvent } from '../../model.js';
import { BID_EVENT } from '../../model.js';
import { priceBand } from '../bid-statistics.js';
import type { Q16Result } from '../q16.js';

// Plain q16: q15's counters and Sets per (channel, day), plus the max 'HH:mm' string. Test oracle only.

interface Stats {
  channel: string;
  day: string;
  minute: string;
  bids: number[];
  bidders: Set<number>[];
  auctions: Set<number>[];
}

export function referenceQ16(events: readonly NexmarkEvent[]): Q16Result[] {
  const groups = new Map<string, Stats>();
  for (const e of events) {
    if (e.eventType !== BID_EVENT || e.bid === null) continue;
    const iso = new Date(e.bid.dateTime).toISOString();
    const day = iso.slice(0, 10);
    const minute = iso.slice(11, 16);
    const key = `${e.bid.channel}|${day}`;
    let s = groups.get(key);
    if (s === undefined) {
      const sets = () => [new Set<number>(), new Set<number>(), new Set<number>(), new Set<number>()];
      s = { channel: e.bid.channel, day, minute, bids: [0, 0, 0, 0], bidders: sets(), auctions: sets() };
      groups.set(key, s);
    }
    if (minute > s.minute) s.minute = minute;
    const band = 1 + priceBand(e.bid.price);
    for (const i of [0, band]) {
      s.bids[i]++;
      s.bidders[i].add(e.bid.bidder);
      s.auctions[i].add(e.bid.auction);
    }
  }
  return [...groups.values()].map((s) => ({
    channel: s.channel,
    day: s.day,
    minute: s.minute,
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
