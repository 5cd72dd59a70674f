import type { DataStream } from '../../../api/datastream/data-stream.js';
import type { Collector } from '../../../api/functions/functions.js';
import type { KeyedProcessFunctionContext } from '../../../api/functions/process-functions.js';
import { KeyedProcessFunction } from '../../../api/functions/process-functions.js';
import type { RuntimeContext } from '../../../api/functions/runtime-context.js';
import { MapStateDescriptor } from '../../../api/state/descriptors.js';
import type { MapState } from '../../../api/state/state.js';
import type { Bid, NexmarkEvent } from '../model.js';
import { bidsOf } from './views.js';

// Nexmark q18, "find last bid": each bidder's latest bid (by event time) on each auction. Mirrors
// nexmark-sql/q18.sql: ROW_NUMBER() OVER (PARTITION BY bidder, auction ORDER BY dateTime DESC) <= 1, which Flink
// plans as a keep-last deduplication on the rowtime: a bid replaces the kept one when its time is the same or later
// (so of equal times the last to arrive wins), and each replacement is emitted at once. An updating query: the
// rows are upserts keyed by (bidder, auction); the last row per key is the result. The stream is keyed by auction
// alone with the bidder as a map key in state, so no composite key is built per record.

/** The bid's own columns (the SQL selects them all). */
export type Q18Result = Bid;

class LastBidPerBidder extends KeyedProcessFunction<number, Bid, Q18Result> {
  private lastByBidder!: MapState<number, Bid>;

  override open(context: RuntimeContext): void {
    this.lastByBidder = context.getMapState(new MapStateDescriptor<number, Bid>('q18-last-bid-by-bidder'));
  }

  processElement(bid: Bid, _ctx: KeyedProcessFunctionContext<number>, out: Collector<Q18Result>): void {
    const kept = this.lastByBidder.get(bid.bidder);
    if (kept !== undefined && bid.dateTime < kept.dateTime) return;
    this.lastByBidder.put(bid.bidder, bid);
    out.collect(bid);
  }
}

function auctionOf(bid: Bid): number {
  return bid.auction;
}

export function q18(events: DataStream<NexmarkEvent>): DataStream<Q18Result> {
  return bidsOf(events).keyBy(auctionOf).process(new LastBidPerBidder()).name('q18-last-bid');
}
