// Exactly-once files: counts clicks per user in 1-minute event-time windows and writes the results with the
// FileSink, which makes part files visible only when the checkpoint that covers them completes. Kill a worker or
// the whole run, start it again from the latest checkpoint or a savepoint, and every result is in the output once.
//
//   npx weir run examples/exactly-once-files.ts -D execution.checkpointing.interval=2s -- /tmp/clicks-out
import {
  Duration,
  FileSink,
  SimpleStringEncoder,
  StreamExecutionEnvironment,
  TumblingEventTimeWindows,
  WatermarkStrategy,
} from 'weir';

const out = process.argv[2] ?? '/tmp/weir-clicks';
const users = ['ada', 'grace', 'linus', 'margaret', 'ken'];

const env = StreamExecutionEnvironment.getExecutionEnvironment();
env
  // A click every 10 ms of event time, for 10 minutes of event time: (user, timestamp).
  .fromSequence(0, 59_999)
  .map((i: number): [string, number] => [users[(i * 7) % users.length], i * 10])
  .assignTimestampsAndWatermarks(
    WatermarkStrategy.forBoundedOutOfOrderness<[string, number]>(Duration.ofSeconds(1)).withTimestampAssigner(
      ([, ts]) => ts,
    ),
  )
  .keyBy(([user]) => user)
  .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
  .aggregate({
    createAccumulator: (): [string, number] => ['', 0],
    add: ([user]: [string, number], [, count]: [string, number]): [string, number] => [user, count + 1],
    getResult: ([user, count]: [string, number]) => `${user} ${count}`,
    merge: (a: [string, number], b: [string, number]): [string, number] => [a[0] || b[0], a[1] + b[1]],
  })
  .sinkTo(FileSink.forRowFormat(out, new SimpleStringEncoder<string>()).build());

await env.execute('exactly-once files');
