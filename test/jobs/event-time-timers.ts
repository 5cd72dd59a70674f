// Event-time timers end to end: a split-based source (4 splits, each in order within the out-of-orderness bound),
// per-split punctuated watermarks (max − 1000 − 1 after every event), and a KeyedProcessFunction that sums values
// per key in 1-second tumbling windows, firing each window with an event-time timer at its end − 1. Records at or
// below the operator's current watermark are reported late instead; a record with a negative value deletes its
// window's timer (key w: its window never fires).
//   mode 'source' (default): the strategy goes to fromSource, so each split has its own generator and the source's
//     watermark is the min over its splits: nothing is late.
//   mode 'operator': the source has no watermarks and assignTimestampsAndWatermarks applies the same strategy to the
//     interleaved splits as one stream: records of the splits that lag behind become late.
import {
  type Collector,
  type KeyedOnTimerContext,
  KeyedProcessFunction,
  type KeyedProcessFunctionContext,
  type MapState,
  MapStateDescriptor,
  type RuntimeContext,
  StreamExecutionEnvironment,
  WatermarkStrategy,
} from 'weir';
import { type EventSplit, EventSplitSource, type TimedEvent } from './event-time-split-source.js';

const WINDOW = 1000;
const BOUND = 1000;

const splits: EventSplit[] = [
  { splitId: 'a', events: [ev('x', 10_000, 1), ev('x', 10_500, 2), ev('x', 11_200, 3)] },
  { splitId: 'b', events: [ev('x', 0, 1), ev('y', 300, 2), ev('x', 1500, 4), ev('x', 900, 8)] },
  { splitId: 'c', events: [ev('y', 5000, 16), ev('y', 5100, 32), ev('w', 7000, 1), ev('w', 7500, -1)] },
  { splitId: 'd', events: [ev('z', 2000, 64), ev('z', 2999, 128), ev('z', 3000, 256)] },
];

function ev(key: string, ts: number, value: number): TimedEvent {
  return { key, ts, value };
}

/** Emits max − BOUND − 1 after every event: watermarks depend on the data only, not on wall-clock time. */
const punctuated = WatermarkStrategy.forGenerator<TimedEvent>(() => {
  let max = Number.NEGATIVE_INFINITY;
  return {
    onEvent(_e, ts, out) {
      max = Math.max(max, ts);
      out.emitWatermark(max - BOUND - 1);
    },
    onPeriodicEmit() {},
  };
}).withTimestampAssigner((e) => e.ts);

class WindowSum extends KeyedProcessFunction<string, TimedEvent, string> {
  private sums!: MapState<number, number>;

  override open(ctx: RuntimeContext): void {
    this.sums = ctx.getMapState(new MapStateDescriptor<number, number>('sums'));
  }

  processElement(e: TimedEvent, ctx: KeyedProcessFunctionContext<string>, out: Collector<string>): void {
    const ts = ctx.timestamp() ?? Number.NaN;
    if (ts !== e.ts) throw new Error(`record ${e.key}@${e.ts} arrived with timestamp ${ts}`);
    if (ts <= ctx.timerService().currentWatermark()) {
      out.collect(`late ${e.key} ${e.ts}`);
      return;
    }
    const end = ts - (ts % WINDOW) + WINDOW;
    if (e.value < 0) {
      ctx.timerService().deleteEventTimeTimer(end - 1);
      return;
    }
    this.sums.put(end, (this.sums.get(end) ?? 0) + e.value);
    ctx.timerService().registerEventTimeTimer(end - 1);
  }

  override onTimer(timestamp: number, ctx: KeyedOnTimerContext<string>, out: Collector<string>): void {
    const end = timestamp + 1;
    const wm = ctx.timerService().currentWatermark();
    out.collect(
      `${ctx.getCurrentKey()} [${end - WINDOW},${end}) sum=${this.sums.get(end)} ${ctx.timeDomain()} ` +
        `ts=${ctx.timestamp()} wm>=ts=${wm >= timestamp}`,
    );
    this.sums.remove(end);
  }
}

const mode = process.argv[2] ?? 'source';
const env = StreamExecutionEnvironment.getExecutionEnvironment();
const source = new EventSplitSource(splits);
const events =
  mode === 'operator'
    ? env.fromSource(source, WatermarkStrategy.noWatermarks(), 'events').assignTimestampsAndWatermarks(punctuated)
    : env.fromSource(source, punctuated, 'events');
events
  .keyBy((e) => e.key)
  .process(new WindowSum())
  .print();
await env.execute(`event-time timers (${mode})`);
