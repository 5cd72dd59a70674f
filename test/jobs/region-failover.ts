// Region failover end to end: numbers 1..N read by a parallel source, passed through a map and written by the
// exactly-once FileSink, with forward edges only and chaining off (three vertices, one pipelined region per
// subtask index). The map of subtask 1 throws once, in its first attempt, after <failAfter> records and a
// completed checkpoint; with failover strategy 'region' only subtask 1's region restarts.
//   argv: <outDir> <N> <failAfter> [splitSize | "two-pipelines"]
// With splitSize, the numbers come in many splits of that size that readers request one after another, so the
// failed reader holds splits assigned after the checkpoint restored: they must go back to the enumerator.
// With "two-pipelines", two independent copies of the pipeline run (at the parallelism given) writing to
// <outDir>/a and <outDir>/b, sharing slots; the copy "a" fails in subtask 0 (not 1), so the restarted region is
// deployed into slot workers that still run the other pipeline's region.
import {
  FileSink,
  IteratorSourceEnumerator,
  NumberSequenceSource,
  type NumberSequenceSplit,
  OnCheckpointRollingPolicy,
  type RuntimeContext,
  SimpleStringEncoder,
  type SplitEnumerator,
  type SplitEnumeratorContext,
  StreamExecutionEnvironment,
  WatermarkStrategy,
} from 'weir';

const [outDir, nArg, failAfterArg, variant] = process.argv.slice(2);
const twoPipelines = variant === 'two-pipelines';
const n = Number(nArg);
const failAfter = Number(failAfterArg);
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Passes numbers on; subtask `failing` throws once in attempt 0, after a checkpoint completed in it. */
class FailOnceMap {
  private armed = false;
  private seen = 0;
  private checkpoints = 0;

  constructor(private readonly failing: number) {}

  open(ctx: RuntimeContext): void {
    this.armed = ctx.getIndexOfThisSubtask() === this.failing && ctx.getAttemptNumber() === 0;
  }

  notifyCheckpointComplete(): void {
    this.checkpoints++;
  }

  map(x: number): string {
    // Slow enough that checkpoints (every 50 ms) complete while the job runs.
    if (x % 50 === 0) Atomics.wait(pause, 0, 0, 1);
    if (this.armed && ++this.seen >= failAfter && this.checkpoints > 0) {
      this.armed = false;
      throw new Error(`injected failure after ${this.seen} records`);
    }
    return `seen,${x}`;
  }
}

/** fromSequence's source, cut into splits of `splitSize` numbers rather than one split per reader. */
class ManySplitsSource extends NumberSequenceSource {
  constructor(
    from: number,
    to: number,
    private readonly splitSize: number,
  ) {
    super(from, to);
  }

  override createEnumerator(
    context: SplitEnumeratorContext<NumberSequenceSplit>,
  ): SplitEnumerator<NumberSequenceSplit, NumberSequenceSplit[]> {
    const splits: NumberSequenceSplit[] = [];
    for (let from = this.from; from <= this.to; from += this.splitSize) {
      splits.push({ splitId: String(splits.length), from, to: Math.min(this.to, from + this.splitSize - 1) });
    }
    return new IteratorSourceEnumerator(context, splits);
  }
}

const env = StreamExecutionEnvironment.getExecutionEnvironment().disableOperatorChaining();

function pipeline(dir: string, failing: number): void {
  const numbers =
    variant === undefined || twoPipelines
      ? env.fromSequence(1, n)
      : env.fromSource(new ManySplitsSource(1, n, Number(variant)), WatermarkStrategy.noWatermarks(), 'numbers');
  numbers
    .map(new FailOnceMap(failing))
    .sinkTo(
      FileSink.forRowFormat(dir, new SimpleStringEncoder<string>())
        .withRollingPolicy(OnCheckpointRollingPolicy.build())
        .build(),
    );
}

if (twoPipelines) {
  pipeline(`${outDir}/a`, 0);
  pipeline(`${outDir}/b`, -1);
} else {
  pipeline(outDir, 1);
}

await env.execute('region failover');
