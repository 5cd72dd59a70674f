import type { DataStream } from '../../../api/datastream/data-stream.js';
import type { Bid, NexmarkEvent } from '../model.js';
import { bidsOf } from './views.js';

// Nexmark q1, "currency conversion": every bid with its price converted from dollars to euros. Mirrors
// nexmark-sql/q1.sql (`0.908 * price` into a DECIMAL(23, 3) column).
//
// DECIMAL decision: `0.908 * price` of a BIGINT price is exactly price × 908 / 1000, a decimal with at most three
// fraction digits, so Flink's DECIMAL(23, 3) holds it without rounding. We return a JS number: the double nearest
// to that exact decimal. `price * 908` is an exact integer (prices are far below 2^53 / 908) and one division by
// 1000 rounds once, correctly; `price * 0.908` would not (0.908 is not a double). Consumers that need the decimal
// text get it exactly from `toFixed(3)`.

export interface Q1Result {
  readonly auction: number;
  readonly bidder: number;
  /** Euros: the double nearest to price × 0.908 (exact as DECIMAL(23, 3)). */
  readonly price: number;
  /** Epoch ms. */
  readonly dateTime: number;
  readonly extra: string;
}

/** Dollars to euros as DECIMAL(23, 3), as the nearest double (see the header). */
export function dollarsToEuros(price: number): number {
  return (price * 908) / 1000;
}

function convert(bid: Bid): Q1Result {
  return {
    auction: bid.auction,
    bidder: bid.bidder,
    price: dollarsToEuros(bid.price),
    dateTime: bid.dateTime,
    extra: bid.extra,
  };
}

export function q1(events: DataStream<NexmarkEvent>): DataStream<Q1Result> {
  return bidsOf(events).map(convert).name('q1');
}
