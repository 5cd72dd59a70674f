import type { DataStream } from '../../../api/datastream/data-stream.js';
import type { Collector } from '../../../api/functions/functions.js';
import type { Auction, Bid, NexmarkEvent, Person } from '../model.js';
import { AUCTION_EVENT, AUCTION_TYPE, BID_EVENT, BID_TYPE, PERSON_EVENT, PERSON_TYPE } from '../model.js';

// The DDL's `person` / `auction` / `bid` views (ddl_views.sql: `SELECT <entity>.* FROM datagen WHERE event_type =
// n`) as one flat-map each: a filter and the unwrap in one operator, so no wrapper records cross an operator
// boundary. Module-level functions, so nothing is allocated per record.

function bidOnly(event: NexmarkEvent, out: Collector<Bid>): void {
  if (event.eventType === BID_EVENT) out.collect(event.bid as Bid);
}

function auctionOnly(event: NexmarkEvent, out: Collector<Auction>): void {
  if (event.eventType === AUCTION_EVENT) out.collect(event.auction as Auction);
}

function personOnly(event: NexmarkEvent, out: Collector<Person>): void {
  if (event.eventType === PERSON_EVENT) out.collect(event.person as Person);
}

/** The `bid` view. */
export function bidsOf(events: DataStream<NexmarkEvent>): DataStream<Bid> {
  return events.flatMap(bidOnly, BID_TYPE).name('bid');
}

/** The `auction` view. */
export function auctionsOf(events: DataStream<NexmarkEvent>): DataStream<Auction> {
  return events.flatMap(auctionOnly, AUCTION_TYPE).name('auction');
}

/** The `person` view. */
export function personsOf(events: DataStream<NexmarkEvent>): DataStream<Person> {
  return events.flatMap(personOnly, PERSON_TYPE).name('person');
}
