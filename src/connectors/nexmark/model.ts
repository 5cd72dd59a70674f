// The Nexmark records, shaped as the nexmark project's Flink `datagen` table: one unified event carrying exactly one
// of Person / Auction / Bid. Field names are Flink's; BIGINT is a JS number (a safe integer), TIMESTAMP(3) is
// epoch milliseconds. Objects are created with every field in declaration order so V8 gives each type one shape
// (the generated ROW codecs decode to literals in the same order, so decoded records share that shape).

import type { TypeInformation } from '../../core/types/index.js';
import { Types } from '../../core/types/index.js';

export interface Person {
  readonly id: number;
  readonly name: string;
  readonly emailAddress: string;
  readonly creditCard: string;
  readonly city: string;
  readonly state: string;
  /** Epoch ms. */
  readonly dateTime: number;
  readonly extra: string;
}

export interface Auction {
  readonly id: number;
  readonly itemName: string;
  readonly description: string;
  readonly initialBid: number;
  readonly reserve: number;
  /** Epoch ms. */
  readonly dateTime: number;
  /** Epoch ms. */
  readonly expires: number;
  readonly seller: number;
  readonly category: number;
  readonly extra: string;
}

export interface Bid {
  readonly auction: number;
  readonly bidder: number;
  readonly price: number;
  readonly channel: string;
  readonly url: string;
  /** Epoch ms. */
  readonly dateTime: number;
  readonly extra: string;
}

/** `event_type` of the datagen row. */
export const PERSON_EVENT = 0;
export const AUCTION_EVENT = 1;
export const BID_EVENT = 2;
export type NexmarkEventType = typeof PERSON_EVENT | typeof AUCTION_EVENT | typeof BID_EVENT;

/** One row of the unified stream: exactly the field that `eventType` names is non-null. */
export interface NexmarkEvent {
  readonly eventType: NexmarkEventType;
  readonly person: Person | null;
  readonly auction: Auction | null;
  readonly bid: Bid | null;
}

/** The event's `dateTime` (the datagen table's computed rowtime column). */
export function eventTimestamp(event: NexmarkEvent): number {
  switch (event.eventType) {
    case PERSON_EVENT:
      return (event.person as Person).dateTime;
    case AUCTION_EVENT:
      return (event.auction as Auction).dateTime;
    case BID_EVENT:
      return (event.bid as Bid).dateTime;
    default: {
      const never: never = event.eventType;
      throw new Error(`Unknown Nexmark event_type ${String(never)}; expected 0 (person), 1 (auction) or 2 (bid).`);
    }
  }
}

export function personEvent(person: Person): NexmarkEvent {
  return { eventType: PERSON_EVENT, person, auction: null, bid: null };
}

export function auctionEvent(auction: Auction): NexmarkEvent {
  return { eventType: AUCTION_EVENT, person: null, auction, bid: null };
}

export function bidEvent(bid: Bid): NexmarkEvent {
  return { eventType: BID_EVENT, person: null, auction: null, bid };
}

export const PERSON_TYPE: TypeInformation<Person> = Types.ROW({
  id: Types.LONG,
  name: Types.STRING,
  emailAddress: Types.STRING,
  creditCard: Types.STRING,
  city: Types.STRING,
  state: Types.STRING,
  dateTime: Types.LONG,
  extra: Types.STRING,
});

export const AUCTION_TYPE: TypeInformation<Auction> = Types.ROW({
  id: Types.LONG,
  itemName: Types.STRING,
  description: Types.STRING,
  initialBid: Types.LONG,
  reserve: Types.LONG,
  dateTime: Types.LONG,
  expires: Types.LONG,
  seller: Types.LONG,
  category: Types.LONG,
  extra: Types.STRING,
});

export const BID_TYPE: TypeInformation<Bid> = Types.ROW({
  auction: Types.LONG,
  bidder: Types.LONG,
  price: Types.LONG,
  channel: Types.STRING,
  url: Types.STRING,
  dateTime: Types.LONG,
  extra: Types.STRING,
});

/** The datagen row: event_type INT plus three nullable nested rows. (eventType is declared INT, narrowed here.) */
export const NEXMARK_EVENT_TYPE = Types.ROW({
  eventType: Types.INT,
  person: Types.NULLABLE(PERSON_TYPE),
  auction: Types.NULLABLE(AUCTION_TYPE),
  bid: Types.NULLABLE(BID_TYPE),
}) as TypeInformation<NexmarkEvent>;
