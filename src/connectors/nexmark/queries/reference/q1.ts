import type { NexmarkEvent } from '../../model.js';
import { BID_EVENT } from '../../model.js';
import type { Q1Result } from '../q1.js';
import { referenceEuros } from './decimal.js';

// Plain q1: one loop, every bid with its price as the exact decimal price × 0.908, parsed from text.
export function referenceQ1(events: readonly NexmarkEvent[]): Q1Result[] {
  const rows: Q1Result[] = [];
  for (const event of events) {
    if (event.eventType !== BID_EVENT || event.bid === null) continue;
    const { auction, bidder, price, dateTime, extra } = event.bid;
    rows.push({ auction, bidder, price: referenceEuros(price), dateTime, extra });
  }
  return rows;
}
