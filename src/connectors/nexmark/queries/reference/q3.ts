import type { Auction, NexmarkEvent, Person } from '../../model.js';
import { AUCTION_EVENT, PERSON_EVENT } from '../../model.js';
import type { Q3Result } from '../q3.js';

// Plain q3: collect every auction and person, then the nested-loop join of the SQL with its WHERE clause.
export function referenceQ3(events: readonly NexmarkEvent[]): Q3Result[] {
  const auctions: Auction[] = [];
  const persons: Person[] = [];
  for (const event of events) {
    if (event.eventType === AUCTION_EVENT && event.auction !== null) auctions.push(event.auction);
    if (event.eventType === PERSON_EVENT && event.person !== null) persons.push(event.person);
  }
  const rows: Q3Result[] = [];
  for (const a of auctions) {
    for (const p of persons) {
      if (a.seller !== p.id) continue;
      if (a.category === 10 && (p.state === 'OR' || p.state === 'ID' || p.state === 'CA')) {
        rows.push({ name: p.name, city: p.city, state: p.state, id: a.id });
      }
    }
  }
  return rows;
}
