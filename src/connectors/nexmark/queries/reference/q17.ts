import type { NexmarkEvent } from '../../model.js';
import { BID_EVENT } from '../../model.js';
import type { Q17Result } from '../q17.js';

// Plain q17: per (auction, day), all prices in a list; the statistics computed at the end. Test oracle only.

export function referenceQ17(events: readonly NexmarkEvent[]): Q17Result[] {
  const groups = new Map<string, { auction: number; day: string; prices: number[] }>();
  for (const e of events) {
    if (e.eventType !== BID_EVENT || e.bid === null) continue;
    const day = new Date(e.bid.dateTime).toISOString().slice(0, 10);
    const key = `${e.bid.auction}|${day}`;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { auction: e.bid.auction, day, prices: [] }));
    g.prices.push(e.bid.price);
  }
  return [...groups.values()].map(({ auction, day, prices }) => {
    const sum = prices.reduce((a, b) => a + b, 0);
    return {
      auction,
      day,
      total_bids: prices.length,
      rank1_bids: prices.filter((p) => p < 10_000).length,
      rank2_bids: prices.filter((p) => p >= 10_000 && p < 1_000_000).length,
      rank3_bids: prices.filter((p) => p >= 1_000_000).length,
      min_price: Math.min(...prices),
      max_price: Math.max(...prices),
      avg_price: Math.floor(sum / prices.length),
      sum_price: sum,
    };
  });
}
