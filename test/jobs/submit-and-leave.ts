// Submits with executeAsync() and does not wait; the job lasts longer than the CLI's 2 s exit grace: weir run must
// still run it to its end.
import { StreamExecutionEnvironment, WatermarkStrategy } from 'weir';
import { TickSource } from './support/tick-source.js';

const env = StreamExecutionEnvironment.getExecutionEnvironment();
env
  .fromSource(new TickSource(30, 100), WatermarkStrategy.noWatermarks<number>(), 'ticks')
  .setParallelism(1)
  .map((i) => `tick ${i}`)
  .print();
await env.executeAsync('submit and leave');
