// Processing-time timers in a KeyedProcessFunction, fed by a source slow enough for wall-clock time to pass between
// records (60 ms apart; it lingers 1.5 s after the last one, and buffers are flushed after every record, so that
// on a loaded machine too each record's timer is due before the end of input). Every record sets a timer 20 ms
// ahead, which must fire with its key current and the state the record left. Every key also sets a timer an hour
// ahead: as in Flink (FLINK-14231: the processing-time service is quiesced at the end of input), processing-time
// timers still pending then are dropped: the job ends without waiting for them and they never fire.
import {
  type Collector,
  type KeyedOnTimerContext,
  KeyedProcessFunction,
  type KeyedProcessFunctionContext,
  type ListState,
  ListStateDescriptor,
  type RuntimeContext,
  StreamExecutionEnvironment,
  type ValueState,
  ValueStateDescriptor,
  WatermarkStrategy,
} from 'weir';
import { TickSource } from './support/tick-source.js';

const SOON_MS = 20;
const ONE_HOUR_MS = 3_600_000;

class Echo extends KeyedProcessFunction<number, number, string> {
  /** Records of this key whose timer has not fired yet, with the time it is due. */
  private pending!: ListState<[number, number]>;
  private farDue!: ValueState<number>;

  override open(context: RuntimeContext): void {
    this.pending = context.getListState(new ListStateDescriptor<[number, number]>('pending'));
    this.farDue = context.getState(new ValueStateDescriptor<number>('far-due'));
  }

  processElement(n: number, ctx: KeyedProcessFunctionContext<number>, out: Collector<string>): void {
    const now = ctx.timerService().currentProcessingTime();
    if (this.farDue.value() === undefined) {
      this.farDue.update(now + ONE_HOUR_MS);
      ctx.timerService().registerProcessingTimeTimer(now + ONE_HOUR_MS);
    }
    // Records can arrive in bursts (start-up, exchange buffers): several may share a timer; each is reported.
    this.pending.add([n, now + SOON_MS]);
    ctx.timerService().registerProcessingTimeTimer(now + SOON_MS);
    out.collect(`element:${n}`);
  }

  override onTimer(timestamp: number, ctx: KeyedOnTimerContext<number>, out: Collector<string>): void {
    const now = ctx.timerService().currentProcessingTime();
    const left: Array<[number, number]> = [];
    for (const [n, due] of this.pending.get()) {
      if (due > timestamp) left.push([n, due]);
      else out.collect(`fired:${n}:key ${ctx.getCurrentKey()}:${ctx.timeDomain()}:${now >= due ? 'on time' : 'early'}`);
    }
    if (timestamp === this.farDue.value()) out.collect(`far timer fired:key ${ctx.getCurrentKey()}`);
    this.pending.update(left);
  }
}

const env = StreamExecutionEnvironment.getExecutionEnvironment({ 'execution.buffer-timeout.interval': '0' });
env
  .fromSource(new TickSource(12, 60, 1500), WatermarkStrategy.noWatermarks(), 'ticks')
  .setParallelism(1)
  .keyBy((n) => n % 3)
  .process(new Echo())
  .print();
await env.execute('processing-time timers');
