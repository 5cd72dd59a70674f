import type { NexmarkEvent } from '../../model.js';
import { AUCTION_EVENT, PERSON_EVENT } from '../../model.js';
import type { Q8Result } from '../q8.js';

// Plain q8: distinct (window, id, name) of persons and (window, seller) of auctions, then their join. Test oracle.

export function referenceQ8(events: readonly NexmarkEvent[], sizeMs = 10_000): Q8Result[] {
  const persons = new Map<string, Q8Result>();
  const sellers = new Set<string>();
  for (const e of events) {
    if (e.eventType === PERSON_EVENT && e.person !== null) {
      const stime = e.person.dateTime - (e.person.dateTime % sizeMs);
      persons.set(`${stime}/${e.person.id}/${e.person.name}`, { id: e.person.id, name: e.person.name, stime });
    } else if (e.eventType === AUCTION_EVENT && e.auction !== null) {
      sellers.add(`${e.auction.dateTime - (e.auction.dateTime % sizeMs)}/${e.auction.seller}`);
    }
  }
  return [...persons.values()].filter((p) => sellers.has(`${p.stime}/${p.id}`));
}
