import type { DataStream } from '../../../api/datastream/data-stream.js';
import type { Auction, NexmarkEvent, Person } from '../model.js';
import { RegularInnerJoin } from './regular-join.js';
import { auctionsOf, personsOf } from './views.js';

// Nexmark q3, "local item suggestion": sellers from Oregon, Idaho or California and their auctions in category 10.
// Mirrors nexmark-sql/q3.sql: a regular inner join auction ⋈ person on A.seller = P.id with the filters pushed
// below the join (as Flink's planner does). Both sides stay in keyed state (a seller's auctions may arrive before
// the seller). Output is insert-only.

export interface Q3Result {
  readonly name: string;
  readonly city: string;
  readonly state: string;
  /** The auction's id. */
  readonly id: number;
}

function inCategory10(auction: Auction): boolean {
  return auction.category === 10;
}

function inOregonIdahoOrCalifornia(person: Person): boolean {
  const state = person.state;
  return state === 'OR' || state === 'ID' || state === 'CA';
}

function combine(auction: Auction, person: Person): Q3Result {
  return { name: person.name, city: person.city, state: person.state, id: auction.id };
}

function sellerOf(auction: Auction): number {
  return auction.seller;
}

function idOf(person: Person): number {
  return person.id;
}

export function q3(events: DataStream<NexmarkEvent>): DataStream<Q3Result> {
  const auctions = auctionsOf(events).filter(inCategory10).name('q3-category-10');
  const persons = personsOf(events).filter(inOregonIdahoOrCalifornia).name('q3-or-id-ca');
  return auctions
    .connect(persons)
    .keyBy(sellerOf, idOf)
    .process(new RegularInnerJoin<number, Auction, Person, Q3Result>(combine))
    .name('q3-join');
}
