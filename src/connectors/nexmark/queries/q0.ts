import type { DataStream } from '../../../api/datastream/data-stream.js';
import type { Bid, NexmarkEvent } from '../model.js';
import { bidsOf } from './views.js';

// Nexmark q0, "pass through": every bid, projected to five columns. Mirrors nexmark-sql/q0.sql
// (`SELECT auction, bidder, price, dateTime, extra FROM bid`); it measures source, serialisation and sink cost.

export interface Q0Result {
  readonly auction: number;
  readonly bidder: number;
  readonly price: number;
  /** Epoch ms. */
  readonly dateTime: number;
  readonly extra: string;
}

function project(bid: Bid): Q0Result {
  return { auction: bid.auction, bidder: bid.bidder, price: bid.price, dateTime: bid.dateTime, extra: bid.extra };
}

export function q0(events: DataStream<NexmarkEvent>): DataStream<Q0Result> {
  return bidsOf(events).map(project).name('q0');
}
