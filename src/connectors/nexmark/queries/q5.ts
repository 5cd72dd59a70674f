import type { DataStream } from '../../../api/datastream/data-stream.js';
import type { Collector } from '../../../api/functions/functions.js';
import type { KeyedOnTimerContext, KeyedProcessFunctionContext } from '../../../api/functions/process-functions.js';
import { KeyedProcessFunction } from '../../../api/functions/process-functions.js';
import type { RuntimeContext } from '../../../api/functions/runtime-context.js';
import { ListStateDescriptor } from '../../../api/state/descriptors.js';
import type { ListState } from '../../../api/state/state.js';
import { SlidingEventTimeWindows } from '../../../api/windowing/assigners.js';
import type { ProcessWindowFunctionContext } from '../../../api/windowing/window-functions.js';
import type { TimeWindow } from '../../../api/windowing/windows.js';
import type { TypeInformation } from '../../../core/types/index.js';
import { Types } from '../../../core/types/index.js';
import type { Bid, NexmarkEvent } from '../model.js';
import { COUNT } from './counting.js';
import { bidsOf } from './views.js';

// Nexmark q5, "hot items": for every 10 s window sliding by 2 s, the auctions that got the most bids in it (all of
// them on a tie). Mirrors nexmark-sql/q5.sql: a HOP window count per auction, joined with the per-window maximum of
// those counts on `num >= maxn`. Here: count per (auction, window), then key the counts by window and, once the
// watermark passes the window's end, emit the ones equal to the maximum.

export interface Q5Result {
  readonly auction: number;
  readonly num: number;
  /** window_start / window_end (epoch ms); the SQL sink keeps only auction and num. */
  readonly starttime: number;
  readonly endtime: number;
}

export interface Q5Options {
  /** Window size in ms (default 10 000). */
  readonly sizeMs?: number;
  /** Slide in ms (default 2 000). */
  readonly slideMs?: number;
}

/** The per-window counts cross a keyBy exchange: a ROW type gives them a generated codec. */
const Q5_TYPE: TypeInformation<Q5Result> = Types.ROW({
  auction: Types.LONG,
  num: Types.LONG,
  starttime: Types.LONG,
  endtime: Types.LONG,
});

/** Keeps a window's auction counts until the watermark passes the window, then emits those with the top count. */
class HottestPerWindow extends KeyedProcessFunction<number, Q5Result, Q5Result> {
  private counts!: ListState<Q5Result>;

  override open(context: RuntimeContext): void {
    this.counts = context.getListState(new ListStateDescriptor<Q5Result>('q5-window-counts'));
  }

  processElement(value: Q5Result, ctx: KeyedProcessFunctionContext<number>): void {
    this.counts.add(value);
    // Counts carry the window's maxTimestamp (end − 1); all of a window's counts precede that watermark.
    ctx.timerService().registerEventTimeTimer(value.endtime - 1);
  }

  override onTimer(_timestamp: number, _ctx: KeyedOnTimerContext<number>, out: Collector<Q5Result>): void {
    let max = 0;
    for (const c of this.counts.get()) if (c.num > max) max = c.num;
    for (const c of this.counts.get()) if (c.num >= max) out.collect(c);
    this.counts.clear();
  }
}

export function q5(events: DataStream<NexmarkEvent>, options: Q5Options = {}): DataStream<Q5Result> {
  const size = options.sizeMs ?? 10_000;
  const slide = options.slideMs ?? 2_000;
  return bidsOf(events)
    .map((bid: Bid) => bid.auction, Types.LONG)
    .name('q5: auction')
    .keyBy((auction) => auction)
    .window(SlidingEventTimeWindows.of(size, slide))
    .aggregate(
      COUNT,
      (
        auction: number,
        ctx: ProcessWindowFunctionContext<TimeWindow>,
        counts: Iterable<number>,
        out: Collector<Q5Result>,
      ) => {
        const w = ctx.window();
        for (const num of counts) out.collect({ auction, num, starttime: w.start, endtime: w.end });
      },
      Q5_TYPE,
    )
    .name('q5: count per auction and window')
    .keyBy((c) => c.endtime)
    .process(new HottestPerWindow())
    .name('q5: max per window');
}
