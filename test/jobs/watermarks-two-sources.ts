// Two sources feed one keyed operator; the 'slow' source's event time stops at 3000 while 'fast' reaches 10000.
// Periodic watermarks (every 20 ms, out-of-orderness 0) reach 2999 and 9999, so the keyed operator's input
// watermark is 2999, held back by 'slow'. Both readers linger `lingerMs` (first job argument, default 6000) after
// their last event, so the job keeps running while a test asks REST why its watermark does not move. With the
// second argument 'one-source', one source reads both splits and its split 'slow-0' holds it back.
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

class FireTimers extends KeyedProcessFunction<string, TimedEvent, string> {
  processElement(e: TimedEvent, ctx: KeyedProcessFunctionContext<string>, _out: Collector<string>): void {
    ctx.timerService().registerEventTimeTimer(e.ts);
  }

  override onTimer(timestamp: number, ctx: KeyedOnTimerContext<string>, out: Collector<string>): void {
    out.collect(`${ctx.getCurrentKey()} ${timestamp}`);
  }
}

function events(key: string, from: number, to: number): TimedEvent[] {
  const out: TimedEvent[] = [];
  for (let ts = from; ts <= to; ts += 1000) out.push({ key, ts, value: 1 });
  return out;
}

const lingerMs = Number(process.argv[2] ?? 6000);
const env = StreamExecutionEnvironment.getExecutionEnvironment({ 'pipeline.auto-watermark-interval': '20 ms' });
const strategy = WatermarkStrategy.forBoundedOutOfOrderness<TimedEvent>(Duration.ZERO).withTimestampAssigner(
  (e) => e.ts,
);
const fastSplit = { splitId: 'fast-0', events: events('a', 1000, 10_000), lingerMs };
const slowSplit = { splitId: 'slow-0', events: events('b', 1000, 3000), lingerMs };
const input =
  process.argv[3] === 'one-source'
    ? // Both splits in one reader: the source's own watermark is held back by split 'slow-0'.
      env.fromSource(new EventSplitSource([fastSplit, slowSplit], { allToFirst: true }), strategy, 'both')
    : env
        .fromSource(new EventSplitSource([fastSplit]), strategy, 'fast')
        .union(env.fromSource(new EventSplitSource([slowSplit]), strategy, 'slow'));
input
  .keyBy((e) => e.key)
  .process(new FireTimers())
  .name('fire timers')
  .print();
await env.execute('watermarks two sources');
