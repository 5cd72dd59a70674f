import type { DataStream } from '../../../api/datastream/data-stream.js';
import type { Collector } from '../../../api/functions/functions.js';
import { EventTimeSessionWindows } from '../../../api/windowing/assigners.js';
import type { ProcessWindowFunctionContext } from '../../../api/windowing/window-functions.js';
import type { TimeWindow } from '../../../api/windowing/windows.js';
import { Types } from '../../../core/types/index.js';
import type { Bid, NexmarkEvent } from '../model.js';
import { COUNT } from './counting.js';
import { bidsOf } from './views.js';

// Nexmark q11, "user sessions": how many bids each bidder made per session, a session ending after 10 s without a
// bid. Mirrors nexmark-sql/q11.sql (GROUP BY bidder, SESSION(dateTime, 10 s)): event-time session windows per
// bidder, merged as Flink merges them (windows [t, t + gap) that touch or overlap become one).

export interface Q11Result {
  readonly bidder: number;
  readonly bid_count: number;
  readonly starttime: number;
  readonly endtime: number;
}

export interface Q11Options {
  /** Session gap in ms (default 10 000). */
  readonly gapMs?: number;
}

export function q11(events: DataStream<NexmarkEvent>, options: Q11Options = {}): DataStream<Q11Result> {
  return bidsOf(events)
    .map((bid: Bid) => bid.bidder, Types.LONG)
    .name('q11: bidder')
    .keyBy((bidder) => bidder)
    .window(EventTimeSessionWindows.withGap(options.gapMs ?? 10_000))
    .aggregate(
      COUNT,
      (
        bidder: number,
        ctx: ProcessWindowFunctionContext<TimeWindow>,
        count: Iterable<number>,
        out: Collector<Q11Result>,
      ) => {
        const w = ctx.window();
        for (const bid_count of count) out.collect({ bidder, bid_count, starttime: w.start, endtime: w.end });
      },
    )
    .name('q11: bids per session');
}
