// The watermark is the min over what feeds an operator. Two splits progress differently in event time: 'fast'
// (key a, timestamps 1000..10000) and 'slow' (key b, 1000..3000). Periodic watermarks (every 20 ms, bounded
// out-of-orderness 0) reach 9999 and 2999; the fast split's reader ends 0.5 s after its last event, the slow one's
// after 2 s. An event-time timer per event reports whether it fired while the slow split still held the
// watermark (finite) or at the end (+Infinity).
//   -p 1: one reader holds both splits: the source's watermark is the min over its splits, 2999.
//   -p 2: one split per source subtask: the keyed operator's watermark is the min over its input channels, 2999.
// Either way timers 1000 and 2000 fire while running and the rest at the end.
import {
  type Collector,
  Duration,
  type KeyedOnTimerContext,
  KeyedProcessFunction,
  type KeyedProcessFunctionContext,
  StreamExecutionEnvironment,
  WatermarkStrategy,
} from 'weir';
import { EventSplitSource, type TimedEvent } from './event-time-split-source.js';

class ReportTimers extends KeyedProcessFunction<string, TimedEvent, string> {
  processElement(e: TimedEvent, ctx: KeyedProcessFunctionContext<string>, _out: Collector<string>): void {
    ctx.timerService().registerEventTimeTimer(e.ts);
  }

  override onTimer(timestamp: number, ctx: KeyedOnTimerContext<string>, out: Collector<string>): void {
    const wm = ctx.timerService().currentWatermark();
    out.collect(`${ctx.getCurrentKey()} ${timestamp} ${wm === Number.POSITIVE_INFINITY ? 'at end' : 'while running'}`);
  }
}

function events(key: string, from: number, to: number): TimedEvent[] {
  const out: TimedEvent[] = [];
  for (let ts = from; ts <= to; ts += 1000) out.push({ key, ts, value: 1 });
  return out;
}

const env = StreamExecutionEnvironment.getExecutionEnvironment({ 'pipeline.auto-watermark-interval': '20 ms' });
const source = new EventSplitSource([
  { splitId: 'fast', events: events('a', 1000, 10_000), lingerMs: 500 },
  { splitId: 'slow', events: events('b', 1000, 3000), lingerMs: 2000 },
]);
env
  .fromSource(
    source,
    WatermarkStrategy.forBoundedOutOfOrderness<TimedEvent>(Duration.ZERO).withTimestampAssigner((e) => e.ts),
    'events',
  )
  .keyBy((e) => e.key)
  .process(new ReportTimers())
  .print();
await env.execute('event-time two speeds');
