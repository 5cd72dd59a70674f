import type { NexmarkEvent } from '../../model.js';
import { BID_EVENT } from '../../model.js';
import type { Q21Result } from '../q21.js';

// Plain q21: one loop over the bids, the SQL's CASE and REGEXP_EXTRACT written with a lookup table and the regex.
const KNOWN: Readonly<Record<string, string>> = { apple: '0', google: '1', facebook: '2', baidu: '3' };

export function referenceQ21(events: readonly NexmarkEvent[]): Q21Result[] {
  const rows: Q21Result[] = [];
  for (const event of events) {
    const bid = event.eventType === BID_EVENT ? event.bid : null;
    if (bid === null) continue;
    const lower = bid.channel.toLowerCase();
    const extracted = /(&|^)channel_id=([^&]*)/.exec(bid.url)?.[2] ?? null;
    const known = Object.hasOwn(KNOWN, lower) ? KNOWN[lower] : null;
    if (extracted === null && known === null) continue;
    const channelId = (known ?? extracted) as string;
    rows.push({
      auction: bid.auction,
      bidder: bid.bidder,
      price: bid.price,
      channel: bid.channel,
      channel_id: channelId,
    });
  }
  return rows;
}
