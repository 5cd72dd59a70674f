import type { Collector } from '../../../api/functions/functions.js';
import type { KeyedProcessFunctionContext } from '../../../api/functions/process-functions.js';
import { KeyedProcessFunction } from '../../../api/functions/process-functions.js';
import type { RuntimeContext } from '../../../api/functions/runtime-context.js';
import { MapStateDescriptor, ValueStateDescriptor } from '../../../api/state/descriptors.js';
import type { MapState, ValueState } from '../../../api/state/state.js';
import type { Bid } from '../model.js';
import { priceBand } from './bid-statistics.js';

// The unbounded group aggregation of q15 and q16: per key, count(*) and count(DISTINCT bidder / auction), overall
// and per price band, emitting the updated row after every bid (an updating stream: the last row per key is the
// result). Distinct sets are MapStates from id to a bit mask of the bands the id was seen in, so one lookup per
// set and bid answers both "new overall" and "new in this band". Called on the task thread, one key at a time.

/** Index of each count in the accumulator (and the order of the SQL columns). */
export const TOTAL_BIDS = 0;
export const TOTAL_BIDDERS = 4;
export const TOTAL_AUCTIONS = 8;
/** Index of the largest dateTime seen (q16's max minute). */
export const MAX_TIME = 12;
const ACC_LENGTH = 13;

/** Builds the output row of key `key` from the accumulator (read-only view; copy what you keep). */
export type BidStatisticsRow<K, R> = (key: K, acc: readonly number[], bid: Bid) => R;

/** Adds `id` in `band` to a distinct set; adds 1 to acc[base] if new overall and acc[base + 1 + band] if new there. */
function addDistinct(seen: MapState<number, number>, id: number, band: number, acc: number[], base: number): void {
  const mask = seen.get(id) ?? 0;
  const bit = 1 << band;
  if ((mask & bit) !== 0) return;
  seen.put(id, mask | bit);
  if (mask === 0) acc[base]++;
  acc[base + 1 + band]++;
}

export class DistinctBidCounts<K, R> extends KeyedProcessFunction<K, Bid, R> {
  private acc!: ValueState<number[]>;
  private bidders!: MapState<number, number>;
  private auctions!: MapState<number, number>;

  constructor(
    private readonly stateName: string,
    private readonly row: BidStatisticsRow<K, R>,
  ) {
    super();
  }

  override open(context: RuntimeContext): void {
    this.acc = context.getState(new ValueStateDescriptor<number[]>(`${this.stateName}-counts`));
    this.bidders = context.getMapState(new MapStateDescriptor<number, number>(`${this.stateName}-bidders`));
    this.auctions = context.getMapState(new MapStateDescriptor<number, number>(`${this.stateName}-auctions`));
  }

  processElement(bid: Bid, ctx: KeyedProcessFunctionContext<K>, out: Collector<R>): void {
    const acc = this.acc.value() ?? new Array<number>(ACC_LENGTH).fill(0);
    const band = priceBand(bid.price);
    acc[TOTAL_BIDS]++;
    acc[TOTAL_BIDS + 1 + band]++;
    addDistinct(this.bidders, bid.bidder, band, acc, TOTAL_BIDDERS);
    addDistinct(this.auctions, bid.auction, band, acc, TOTAL_AUCTIONS);
    if (bid.dateTime > acc[MAX_TIME]) acc[MAX_TIME] = bid.dateTime;
    this.acc.update(acc);
    out.collect(this.row(ctx.getCurrentKey(), acc, bid));
  }
}
