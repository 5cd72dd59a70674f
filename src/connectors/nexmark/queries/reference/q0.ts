import type { NexmarkEvent } from '../../model.js';
import { BID_EVENT } from '../../model.js';
import type { Q0Result } from '../q0.js';

// Plain q0: one loop, every bid's five columns.
export function referenceQ0(events: readonly NexmarkEvent[]): Q0Result[] {
  const rows: Q0Result[] = [];
  for (const event of events) {
    if (event.eventType !== BID_EVENT || event.bid === null) continue;
    const { auction, bidder, price, dateTime, extra } = event.bid;
    rows.push({ auction, bidder, price, dateTime, extra });
  }
  return rows;
}
