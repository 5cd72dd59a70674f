import type { NexmarkEvent } from '../../model.js';
import { BID_EVENT } from '../../model.js';
import type { BidTimeType, Q14Result } from '../q14.js';
import { referenceEuros } from './decimal.js';

// Plain q14: one loop over the bids, written straight from the SQL with Date and exact decimals.
export function referenceQ14(events: readonly NexmarkEvent[]): Q14Result[] {
  const rows: Q14Result[] = [];
  for (const event of events) {
    const bid = event.eventType === BID_EVENT ? event.bid : null;
    if (bid === null) continue;
    const euros = BigInt(bid.price) * 908n; // thousandths of a euro
    if (!(euros > 1_000_000n * 1000n && euros < 50_000_000n * 1000n)) continue;
    const hour = new Date(bid.dateTime).getUTCHours();
    let type: BidTimeType = 'otherTime';
    if (hour >= 8 && hour <= 18) type = 'dayTime';
    else if (hour <= 6 || hour >= 20) type = 'nightTime';
    rows.push({
      auction: bid.auction,
      bidder: bid.bidder,
      price: referenceEuros(bid.price),
      bidTimeType: type,
      dateTime: bid.dateTime,
      extra: bid.extra,
      c_counts: bid.extra.split('c').length - 1,
    });
  }
  return rows;
}
