import type { DataStream } from '../../../api/datastream/data-stream.js';
import type { Collector } from '../../../api/functions/functions.js';
import {
  type KeyedOnTimerContext,
  KeyedProcessFunction,
  type KeyedProcessFunctionContext,
} from '../../../api/functions/process-functions.js';
import type { RuntimeContext } from '../../../api/functions/runtime-context.js';
import { ValueStateDescriptor } from '../../../api/state/descriptors.js';
import type { ValueState } from '../../../api/state/state.js';
import type { Bid, NexmarkEvent } from '../model.js';
import { bidsOf } from './views.js';

// Nexmark q7, "highest bid": the bids whose price equals the highest price of a 10 s tumbling window, for bids
// whose time lies in [window_end − 10 s, window_end] (both ends inclusive, as SQL BETWEEN: a bid exactly at a
// window's end also matches that window). Mirrors nexmark-sql/q7.sql, a TUMBLE max(price) joined back to the bids
// on price and time range, without buffering every bid: each window keeps only its candidates.
//   1. Keyed by (window, auction % PARTS), in parallel: the partial max of the window and the bids at it; a bid
//      exactly on the previous window's end is also sent on at once as a candidate of that window.
//   2. Keyed by window: once the watermark passes the window's end, the global max and the candidates at it.

export interface Q7Result {
  readonly auction: number;
  readonly price: number;
  readonly bidder: number;
  readonly dateTime: number;
  readonly extra: string;
}

export interface Q7Options {
  /** Window size in ms (default 10 000). */
  readonly sizeMs?: number;
}

/** A window's candidates from one part: its max and the bids at it, or one bid on the window's end. */
interface Candidates {
  readonly window: number;
  /** −∞ for a bid on the window's end: it does not count towards the window's max. */
  readonly max: number;
  readonly bids: readonly Bid[];
  readonly onEnd: boolean;
}

/** Spreads one window over this many keys in step 1 (so over the parallel subtasks). */
const PARTS = 64;

class PartialMax extends KeyedProcessFunction<number, Bid, Candidates> {
  private max!: ValueState<number>;
  private atMax!: ValueState<Bid[]>;

  constructor(private readonly size: number) {
    super();
  }

  override open(context: RuntimeContext): void {
    this.max = context.getState(new ValueStateDescriptor<number>('q7-partial-max'));
    this.atMax = context.getState(new ValueStateDescriptor<Bid[]>('q7-partial-bids'));
  }

  processElement(bid: Bid, ctx: KeyedProcessFunctionContext<number>, out: Collector<Candidates>): void {
    const size = this.size;
    const window = Math.floor(bid.dateTime / size);
    if (bid.dateTime % size === 0)
      out.collect({ window: window - 1, max: Number.NEGATIVE_INFINITY, bids: [bid], onEnd: true });
    const max = this.max.value();
    if (max === undefined || bid.price > max) {
      if (max === undefined) ctx.timerService().registerEventTimeTimer((window + 1) * size);
      this.max.update(bid.price);
      this.atMax.update([bid]);
    } else if (bid.price === max) {
      this.atMax.update([...(this.atMax.value() ?? []), bid]);
    }
  }

  override onTimer(timestamp: number, _ctx: KeyedOnTimerContext<number>, out: Collector<Candidates>): void {
    const max = this.max.value();
    if (max !== undefined) {
      out.collect({ window: timestamp / this.size - 1, max, bids: this.atMax.value() ?? [], onEnd: false });
    }
    this.max.update(undefined);
    this.atMax.update(undefined);
  }
}

class HighestBids extends KeyedProcessFunction<number, Candidates, Q7Result> {
  private max!: ValueState<number>;
  private atMax!: ValueState<Bid[]>;
  private onEnd!: ValueState<Bid[]>;

  constructor(private readonly size: number) {
    super();
  }

  override open(context: RuntimeContext): void {
    this.max = context.getState(new ValueStateDescriptor<number>('q7-max'));
    this.atMax = context.getState(new ValueStateDescriptor<Bid[]>('q7-bids'));
    this.onEnd = context.getState(new ValueStateDescriptor<Bid[]>('q7-on-end'));
  }

  processElement(c: Candidates, ctx: KeyedProcessFunctionContext<number>): void {
    if (this.max.value() === undefined && this.onEnd.value() === undefined) {
      ctx.timerService().registerEventTimeTimer((c.window + 1) * this.size);
    }
    if (c.onEnd) {
      this.onEnd.update([...(this.onEnd.value() ?? []), ...c.bids]);
      this.max.update(this.max.value() ?? Number.NEGATIVE_INFINITY);
      return;
    }
    const max = this.max.value() ?? Number.NEGATIVE_INFINITY;
    if (c.max > max) {
      this.max.update(c.max);
      this.atMax.update([...c.bids]);
    } else if (c.max === max) {
      this.atMax.update([...(this.atMax.value() ?? []), ...c.bids]);
    }
  }

  override onTimer(_timestamp: number, _ctx: KeyedOnTimerContext<number>, out: Collector<Q7Result>): void {
    const max = this.max.value();
    for (const b of [...(this.atMax.value() ?? []), ...(this.onEnd.value() ?? [])]) {
      if (b.price === max) {
        out.collect({ auction: b.auction, price: b.price, bidder: b.bidder, dateTime: b.dateTime, extra: b.extra });
      }
    }
    this.max.update(undefined);
    this.atMax.update(undefined);
    this.onEnd.update(undefined);
  }
}

export function q7(events: DataStream<NexmarkEvent>, options: Q7Options = {}): DataStream<Q7Result> {
  const size = options.sizeMs ?? 10_000;
  return bidsOf(events)
    .keyBy((b: Bid) => Math.floor(b.dateTime / size) * PARTS + (b.auction % PARTS))
    .process(new PartialMax(size))
    .name('q7: max price per window and part')
    .keyBy((c: Candidates) => c.window)
    .process(new HighestBids(size))
    .name('q7: bids at the max price');
}
