// One Nexmark query as a job, for bench/nexmark.ts: the unified event stream from the Nexmark source with the DDL's
// watermark (dateTime − 4 s), the query from weir/nexmark's registry, and a counting sink that reports through the
// collect channel. Arguments: <query> <events> <parallelism> <first-event rate> [checkpoint interval ms].
import { Duration, StreamExecutionEnvironment, WatermarkStrategy } from 'weir';
import { NEXMARK_QUERIES, type NexmarkEvent, nexmarkSource } from 'weir/nexmark';
import { CountingSink } from './counting-sink.js';

const [name = 'q5', eventsArg = '1000000', parallelismArg = '1', rateArg = '10000000', intervalArg] =
  process.argv.slice(2);
const query = NEXMARK_QUERIES[name];
if (query === undefined) {
  throw new Error(`Unknown Nexmark query '${name}'; written so far: ${Object.keys(NEXMARK_QUERIES).join(', ')}`);
}
const env = StreamExecutionEnvironment.getExecutionEnvironment();
env.setParallelism(Number(parallelismArg));
if (intervalArg !== undefined && intervalArg !== '') env.enableCheckpointing(Number(intervalArg));
const events = env.fromSource(
  nexmarkSource({ eventsNum: Number(eventsArg), firstEventRate: Number(rateArg), seed: 7 }),
  WatermarkStrategy.forBoundedOutOfOrderness<NexmarkEvent>(Duration.ofSeconds(4)),
  'nexmark',
);
query(events).sinkTo(new CountingSink('report'), 'counting sink');
export const client = await env.executeAsync(`nexmark ${name}`);
