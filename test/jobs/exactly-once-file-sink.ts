// Exactly-once end to end: numbers 1..N with event time x ms, keyed by x % 7, counted in 1 s tumbling windows and
// by a keyed running count, written by the exactly-once FileSink. Failures are injected by plan:
//   argv: <outDir> <N> <failures> [checkpointDir] [records]   failures: comma-separated "kind@count", one per attempt in order,
//   where kind is "throw" (the user function throws), "exit" (process.exit in the worker: the slot's thread dies) or
//   "corrupt" (overwrite the newest checkpoint's _metadata under checkpointDir, then throw).
// Attempt k fails in the first subtask that processed `count` records in that attempt once a checkpoint completed
// in it. The output files must equal a failure-free run's.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Duration,
  FileSink,
  OnCheckpointRollingPolicy,
  type RuntimeContext,
  SimpleStringEncoder,
  StreamExecutionEnvironment,
  TumblingEventTimeWindows,
  WatermarkStrategy,
} from 'weir';

// With "records", every input number is also written as "seen,<x>" (a stateless check for at-least-once runs, where
// aggregates may count replayed records twice).
const [outDir, nArg, plan = '', checkpointDir = '', records = ''] = process.argv.slice(2);
const n = Number(nArg);
const failures = plan === '' ? [] : plan.split(',').map((f) => f.split('@'));
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Passes numbers on; fails as the plan says, but only once a checkpoint completed in this attempt (it is a
 * CheckpointListener), so every restart restores real state rather than starting over.
 */
class FailingMap {
  private failAfter = -1;
  private kind = '';
  private seen = 0;
  private checkpoints = 0;

  open(ctx: RuntimeContext): void {
    const failure = failures[ctx.getAttemptNumber()];
    if (failure !== undefined) {
      this.kind = failure[0];
      this.failAfter = Number(failure[1]);
    }
  }

  notifyCheckpointComplete(): void {
    this.checkpoints++;
  }

  map(x: number): number {
    // Slow enough that checkpoints (every 50 ms) complete between failures.
    if (x % 50 === 0) Atomics.wait(pause, 0, 0, 1);
    // "corrupt" needs two checkpoints of this attempt: the newest is garbled, the one before must be used.
    const needed = this.kind === 'corrupt' ? 2 : 1;
    if (++this.seen >= this.failAfter && this.failAfter >= 0 && this.checkpoints >= needed) {
      this.failAfter = -1;
      if (this.kind === 'exit') process.exit(3);
      if (this.kind === 'corrupt') corruptNewestCheckpoint();
      throw new Error(`injected failure after ${this.seen} records`);
    }
    return x;
  }
}

/** Garbles the `_metadata` of the newest completed checkpoint: recovery must fall back to the one before. */
function corruptNewestCheckpoint(): void {
  const [job] = readdirSync(checkpointDir);
  const dirs = readdirSync(join(checkpointDir, job))
    .filter((d) => d.startsWith('chk-') && existsSync(join(checkpointDir, job, d, '_metadata')))
    .sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)));
  writeFileSync(join(checkpointDir, job, dirs[dirs.length - 1], '_metadata'), 'not a checkpoint');
}

const env = StreamExecutionEnvironment.getExecutionEnvironment();
const numbers = env
  .fromSequence(1, n)
  .assignTimestampsAndWatermarks(WatermarkStrategy.forMonotonousTimestamps<number>().withTimestampAssigner((x) => x))
  .map(new FailingMap());

const windows = numbers
  .keyBy((x) => x % 7)
  .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
  .aggregate({
    createAccumulator: (): [number, number] => [0, 0],
    add: (x: number, acc: [number, number]): [number, number] => [acc[0] + 1, acc[1] + x],
    getResult: (acc: [number, number]) => acc,
    merge: (a: [number, number], b: [number, number]): [number, number] => [a[0] + b[0], a[1] + b[1]],
  })
  .map(([count, sum]) => `window,${count},${sum}`);

// A keyed running count (order-independent, unlike a running sum): every 1000th record of each key is reported.
const totals = numbers
  .map((x): [number, number] => [x % 7, 1])
  .keyBy(([key]) => key)
  .reduce((a, b) => [a[0], a[1] + b[1]])
  .filter(([, count]) => count % 1000 === 0)
  .map(([key, count]) => `count,${key},${count}`);

const results =
  records === 'records'
    ? windows.union(
        totals,
        numbers.map((x) => `seen,${x}`),
      )
    : windows.union(totals);
results.sinkTo(
  FileSink.forRowFormat(outDir, new SimpleStringEncoder<string>())
    .withRollingPolicy(OnCheckpointRollingPolicy.build())
    .build(),
);

await env.execute('exactly-once file sink');
