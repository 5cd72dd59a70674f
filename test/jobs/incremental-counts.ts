// Incremental checkpoints end to end: numbers 1..N keyed into K keys (keyOf) into every kind of keyed state, with puts and
// removals, TTL and timers; each key reports its state from an event-time timer that fires only at the end of input,
// so the output checks the whole restored state. Every state's final value is independent of arrival order.
//   argv: <N> <K> <plan> [checkpointDir]
//   plan: comma-separated "kind@count", one per attempt in order; kind is "throw", "exit" (the slot's worker thread
//   dies), "corrupt" (damage the newest checkpoint's own increment file under checkpointDir, then throw) or "fail"
//   (throw, after 6 checkpoints; the test runs without restarts). Attempt k fails once its first map subtask processed
//   `count` records and saw 3 checkpoints complete.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AggregatingState,
  AggregatingStateDescriptor,
  type Collector,
  Duration,
  type KeyedOnTimerContext,
  KeyedProcessFunction,
  type KeyedProcessFunctionContext,
  type ListState,
  ListStateDescriptor,
  type MapState,
  MapStateDescriptor,
  type ReducingState,
  ReducingStateDescriptor,
  type RuntimeContext,
  StateTtlConfig,
  StreamExecutionEnvironment,
  type ValueState,
  ValueStateDescriptor,
} from 'weir';

const [nArg, kArg, plan = '', checkpointDir = ''] = process.argv.slice(2);
const n = Number(nArg);
const k = Number(kArg);
const failures = plan === '' ? [] : plan.split(',').map((f) => f.split('@'));
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Mostly ten hot keys; every 37th number goes to one of K keys, so an increment holds a fraction of the keys. */
function keyOf(x: number): number {
  return x % 37 === 0 ? x % k : x % 10;
}

class FailingMap {
  private failAfter = -1;
  private kind = '';
  private seen = 0;
  private checkpoints = 0;

  open(ctx: RuntimeContext): void {
    const failure = failures[ctx.getAttemptNumber()];
    if (failure !== undefined && ctx.getIndexOfThisSubtask() === 0) {
      this.kind = failure[0];
      this.failAfter = Number(failure[1]);
    }
  }

  notifyCheckpointComplete(): void {
    this.checkpoints++;
  }

  map(x: number): number {
    if (x % 50 === 0) Atomics.wait(pause, 0, 0, 1);
    // "fail" waits for more checkpoints, so some are subsumed while their files are still referenced.
    const needed = this.kind === 'fail' ? 6 : 3;
    if (++this.seen >= this.failAfter && this.failAfter >= 0 && this.checkpoints >= needed) {
      this.failAfter = -1;
      if (this.kind === 'exit') process.exit(3);
      if (this.kind === 'corrupt') corruptNewestIncrement();
      throw new Error(`injected failure after ${this.seen} records`);
    }
    return x;
  }
}

/** Flips bytes in the middle of the newest completed checkpoint's own file of a subtask that has a chain. */
function corruptNewestIncrement(): void {
  const [job] = readdirSync(checkpointDir).filter((d) => d !== 'shared');
  const jobDir = join(checkpointDir, job);
  const newest = readdirSync(jobDir)
    .filter((d) => d.startsWith('chk-') && existsSync(join(jobDir, d, '_metadata')))
    .sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)))
    .at(-1)!;
  // _metadata: "WEIRMETA", version, SHA-256, then JSON.
  const metadata = JSON.parse(
    readFileSync(join(jobDir, newest, '_metadata'))
      .subarray(44)
      .toString('utf8'),
  );
  type Handle = { path: string; chain?: unknown[] };
  const handles: Handle[] = metadata.operators.flatMap((op: { subtasks: Handle[] }) => op.subtasks);
  const handle = handles.find((h) => (h.chain?.length ?? 0) > 0) ?? handles.find((h) => h.path.includes('shared'));
  if (handle === undefined) throw new Error(`no incremental file in ${newest}`);
  const file = join(jobDir, newest, handle.path);
  const bytes = readFileSync(file);
  for (let i = 0; i < 8; i++) bytes[Math.floor(bytes.length / 2) + i] ^= 0xff;
  writeFileSync(file, bytes);
  console.log(`CORRUPTED ${file}`);
}

class AllStates extends KeyedProcessFunction<number, number, string> {
  private count!: ValueState<number>;
  private odd!: ValueState<boolean>;
  private sum!: ReducingState<number>;
  private buckets!: MapState<number, number>;
  private ones!: ListState<number>;
  private max!: ValueState<number>;
  private mean!: AggregatingState<number, number>;

  override open(ctx: RuntimeContext): void {
    this.count = ctx.getState(new ValueStateDescriptor<number>('count'));
    this.odd = ctx.getState(new ValueStateDescriptor<boolean>('odd'));
    this.sum = ctx.getReducingState(new ReducingStateDescriptor<number>('sum', (a, b) => a + b));
    this.buckets = ctx.getMapState(new MapStateDescriptor<number, number>('buckets'));
    this.ones = ctx.getListState(new ListStateDescriptor<number>('ones'));
    const ttl = StateTtlConfig.newBuilder(Duration.ofMinutes(60)).build();
    this.max = ctx.getState(new ValueStateDescriptor<number>('max').enableTimeToLive(ttl));
    this.mean = ctx.getAggregatingState(
      new AggregatingStateDescriptor<number, [number, number], number>('mean', {
        createAccumulator: () => [0, 0],
        add: (x, acc) => [acc[0] + x, acc[1] + 1],
        getResult: (acc) => acc[0] / acc[1],
        merge: (a, b) => [a[0] + b[0], a[1] + b[1]],
      }),
    );
  }

  processElement(x: number, ctx: KeyedProcessFunctionContext<number>): void {
    const count = (this.count.value() ?? 0) + 1;
    if (count === 1) ctx.timerService().registerEventTimeTimer(1);
    this.count.update(count);
    // Present while the count is odd: removals every other record.
    if (count % 2 === 1) this.odd.update(true);
    else this.odd.clear();
    this.sum.add(x);
    // Per bucket x % 4: the number of its records mod 5, the entry removed when that is 0.
    const bucket = x % 4;
    const inBucket = ((this.buckets.get(bucket) ?? 0) + 1) % 5;
    if (inBucket === 0) this.buckets.remove(bucket);
    else this.buckets.put(bucket, inBucket);
    // Grows by one per record and is cleared at 7 elements.
    const length = Array.from(this.ones.get()).length;
    if (length === 6) this.ones.clear();
    else this.ones.add(1);
    this.max.update(Math.max(this.max.value() ?? 0, x));
    this.mean.add(x);
  }

  override onTimer(_ts: number, ctx: KeyedOnTimerContext<number>, out: Collector<string>): void {
    const buckets = Array.from(this.buckets.entries())
      .sort((a, b) => a[0] - b[0])
      .map(([b, c]) => `${b}:${c}`)
      .join(' ');
    const ones = Array.from(this.ones.get()).length;
    out.collect(
      `key ${ctx.getCurrentKey()} count ${this.count.value()} odd ${this.odd.value() === true} sum ${this.sum.get()} ` +
        `buckets [${buckets}] ones ${ones} max ${this.max.value()} mean ${this.mean.get()}`,
    );
  }
}

const env = StreamExecutionEnvironment.getExecutionEnvironment();
env.fromSequence(1, n).map(new FailingMap()).keyBy(keyOf).process(new AllStates()).print();

await env.execute('incremental counts');
