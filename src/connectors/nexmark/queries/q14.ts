import type { DataStream } from '../../../api/datastream/data-stream.js';
import type { Collector } from '../../../api/functions/functions.js';
import type { Bid, NexmarkEvent } from '../model.js';
import { dollarsToEuros } from './q1.js';
import { bidsOf } from './views.js';

// Nexmark q14, "calculation": bids priced between 1 M and 50 M euros, with a day/night label from the bid's hour
// and the number of 'c' characters in `extra`. Mirrors nexmark-sql/q14.sql (`0.908 * price` range filter, CASE on
// HOUR(dateTime), UDF count_char(extra, 'c')). The price is q1's DECIMAL(23, 3) as the nearest double; the filter
// compares the exact decimal (price × 908 against 10^9 and 5 × 10^10, integers). HOUR reads the TIMESTAMP(3) as UTC
// (the generator's epoch ms carry no zone; Flink's LocalDateTime of them is UTC).

export type BidTimeType = 'dayTime' | 'nightTime' | 'otherTime';

export interface Q14Result {
  readonly auction: number;
  readonly bidder: number;
  /** Euros, as in q1. */
  readonly price: number;
  readonly bidTimeType: BidTimeType;
  /** Epoch ms. */
  readonly dateTime: number;
  readonly extra: string;
  readonly c_counts: number;
}

const HOUR_MS = 3_600_000;
const C = 99; // 'c'

/** HOUR(ts) of a UTC epoch-ms timestamp: 0..23, also before 1970. */
export function utcHour(epochMs: number): number {
  const hour = Math.floor(epochMs / HOUR_MS) % 24;
  return hour < 0 ? hour + 24 : hour;
}

export function bidTimeType(hour: number): BidTimeType {
  if (hour >= 8 && hour <= 18) return 'dayTime';
  if (hour <= 6 || hour >= 20) return 'nightTime';
  return 'otherTime';
}

/** The nexmark UDF count_char(s, 'c'), without allocating. */
export function countC(s: string): number {
  let count = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === C) count++;
  return count;
}

function calculate(bid: Bid, out: Collector<Q14Result>): void {
  const thousandths = bid.price * 908; // 1000 × (0.908 × price), exact
  if (!(thousandths > 1_000_000_000 && thousandths < 50_000_000_000)) return;
  out.collect({
    auction: bid.auction,
    bidder: bid.bidder,
    price: dollarsToEuros(bid.price),
    bidTimeType: bidTimeType(utcHour(bid.dateTime)),
    dateTime: bid.dateTime,
    extra: bid.extra,
    c_counts: countC(bid.extra),
  });
}

export function q14(events: DataStream<NexmarkEvent>): DataStream<Q14Result> {
  return bidsOf(events).flatMap(calculate).name('q14');
}
