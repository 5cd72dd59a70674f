import type { DataStream } from '../../../api/datastream/data-stream.js';
import type { Collector } from '../../../api/functions/functions.js';
import { TumblingProcessingTimeWindows } from '../../../api/windowing/assigners.js';
import type { ProcessWindowFunctionContext } from '../../../api/windowing/window-functions.js';
import type { TimeWindow } from '../../../api/windowing/windows.js';
import { Types } from '../../../core/types/index.js';
import type { Bid, NexmarkEvent } from '../model.js';
import { COUNT } from './counting.js';
import { bidsOf } from './views.js';

// Nexmark q12, "processing-time windows": bids per bidder in 10 s tumbling windows of processing time (the
// wall-clock time a record reaches the window operator, not its dateTime). Mirrors nexmark-sql/q12.sql (TUMBLE
// over PROCTIME()). Results depend on the clock, so tests drive it by hand (JobTestDriver's processing time).

export interface Q12Result {
  readonly bidder: number;
  readonly bid_count: number;
  readonly starttime: number;
  readonly endtime: number;
}

export interface Q12Options {
  /** Window size in ms (default 10 000). */
  readonly sizeMs?: number;
}

export function q12(events: DataStream<NexmarkEvent>, options: Q12Options = {}): DataStream<Q12Result> {
  return bidsOf(events)
    .map((bid: Bid) => bid.bidder, Types.LONG)
    .name('q12: bidder')
    .keyBy((bidder) => bidder)
    .window(TumblingProcessingTimeWindows.of(options.sizeMs ?? 10_000))
    .aggregate(
      COUNT,
      (
        bidder: number,
        ctx: ProcessWindowFunctionContext<TimeWindow>,
        count: Iterable<number>,
        out: Collector<Q12Result>,
      ) => {
        const w = ctx.window();
        for (const bid_count of count) out.collect({ bidder, bid_count, starttime: w.start, endtime: w.end });
      },
    )
    .name('q12: bids per processing-time window');
}
