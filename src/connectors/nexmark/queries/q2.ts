import type { DataStream } from '../../../api/datastream/data-stream.js';
import type { Bid, NexmarkEvent } from '../model.js';
import { bidsOf } from './views.js';

// Nexmark q2, "selection": the auction and price of bids on every 123rd auction. Mirrors nexmark-sql/q2.sql
// (`SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0`).

export interface Q2Result {
  readonly auction: number;
  readonly price: number;
}

export interface Q2Options {
  /** The modulus of the selection (default 123, as the SQL). */
  readonly modulus?: number;
}

function project(bid: Bid): Q2Result {
  return { auction: bid.auction, price: bid.price };
}

export function q2(events: DataStream<NexmarkEvent>, options: Q2Options = {}): DataStream<Q2Result> {
  const modulus = options.modulus ?? 123;
  if (!Number.isSafeInteger(modulus) || modulus <= 0) {
    throw new RangeError(`q2: modulus must be a positive integer, got ${modulus}; the Nexmark query uses 123`);
  }
  return bidsOf(events)
    .filter((bid: Bid) => bid.auction % modulus === 0)
    .name('q2-filter')
    .map(project)
    .name('q2');
}
