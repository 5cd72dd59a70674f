// An idle source subtask must not stall event time. All splits go to source subtask 0; the other subtasks get
// none and stay open (they linger 4.5 s, subtask 0 only 3 s after its last event, so subtask 0 always ends first;
// 3 s leaves a loaded machine time to start every subtask and carry idleness and watermarks downstream).
// Periodic watermarks every 20 ms (pipeline.auto-watermark-interval), bounded out-of-orderness 0, so subtask 0's
// watermark reaches 3999 (the highest timestamp − 1) soon after its events. An event-time timer per event reports
// whether it fired while the input was still running (finite watermark) or only at its end (+Infinity).
//   'idleness' (default): withIdleness(100 ms) marks the split-less subtasks idle, so timers 1000..3000 fire while
//     running and only 4000 waits for the end.
//   'no-idleness': at parallelism > 1 the split-less subtasks hold the watermark back: every timer fires at the end.
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

const mode = process.argv[2] ?? 'idleness';
const env = StreamExecutionEnvironment.getExecutionEnvironment({ 'pipeline.auto-watermark-interval': '20 ms' });
const source = new EventSplitSource(
  [
    {
      splitId: 'only',
      events: [1000, 2000, 3000, 4000].flatMap((ts) => [
        { key: 'a', ts, value: 1 },
        { key: 'b', ts, value: 1 },
      ]),
    },
  ],
  { allToFirst: true, lingerMs: 3000, emptyLingerMs: 4500 },
);
const bounded = WatermarkStrategy.forBoundedOutOfOrderness<TimedEvent>(Duration.ZERO).withTimestampAssigner(
  (e) => e.ts,
);
env
  .fromSource(source, mode === 'no-idleness' ? bounded : bounded.withIdleness(Duration.ofMillis(100)), 'events')
  .keyBy((e) => e.key)
  .process(new ReportTimers())
  .print();
await env.execute(`event-time idle source (${mode})`);
