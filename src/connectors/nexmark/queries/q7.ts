import type { DataStream } from '../../../api/datastream/data-stream.js';
import type { AggregateFunction, Collector } from '../../../api/functions/functions.js';
import { TumblingEventTimeWindows } from '../../../api/windowing/assigners.js';
import type { ProcessWindowFunctionContext } from '../../../api/windowing/window-functions.js';
import type { TimeWindow } from '../../../api/windowing/windows.js';
import type { TypeInformation } from '../../../core/types/index.js';
import { Types } from '../../../core/types/index.js';
import type { Bid, NexmarkEvent } from '../model.js';
import { bidsOf } from './views.js';

// Nexmark q7, "highest bid": the bids whose price equals the highest price of a 10 s tumbling window, for bids
// whose time lies in [window_end − 10 s, window_end] (both ends inclusive, as SQL BETWEEN: a bid exactly at a
// window's end also matches that window). Mirrors nexmark-sql/q7.sql: a TUMBLE max(price) joined back to the bids
// on price and time range. Here: windowAll max per window, then an interval join keyed by price whose bounds map
// the window result's timestamp (end − 1) onto [end − 10 s, end].

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

interface WindowMax {
  readonly maxprice: number;
  /** window_end, epoch ms. */
  readonly dateTime: number;
}

const WINDOW_MAX_TYPE: TypeInformation<WindowMax> = Types.ROW({ maxprice: Types.LONG, dateTime: Types.LONG });

const MAX_PRICE: AggregateFunction<Bid, number, number> = {
  createAccumulator: () => Number.NEGATIVE_INFINITY,
  add: (bid, acc) => Math.max(bid.price, acc),
  getResult: (acc) => acc,
  merge: (a, b) => Math.max(a, b),
};

export function q7(events: DataStream<NexmarkEvent>, options: Q7Options = {}): DataStream<Q7Result> {
  const size = options.sizeMs ?? 10_000;
  const bids = bidsOf(events);
  const maxes = bids
    .windowAll(TumblingEventTimeWindows.of(size))
    .aggregate(
      MAX_PRICE,
      (ctx: ProcessWindowFunctionContext<TimeWindow>, max: Iterable<number>, out: Collector<WindowMax>) => {
        for (const maxprice of max) out.collect({ maxprice, dateTime: ctx.window().end });
      },
      WINDOW_MAX_TYPE,
    )
    .name('q7: max price per window');
  // The window result's timestamp is end − 1; bids in [end − size, end] are at offsets [1 − size, +1] from it.
  return maxes
    .keyBy((m) => m.maxprice)
    .intervalJoin(bids.keyBy((b) => b.price))
    .between(1 - size, 1)
    .process((_max: WindowMax, b: Bid, _ctx: unknown, out: Collector<Q7Result>) => {
      out.collect({ auction: b.auction, price: b.price, bidder: b.bidder, dateTime: b.dateTime, extra: b.extra });
    })
    .name('q7: bids at the max price');
}
