// Checkpoint benchmark (c): time from a failure to running again. Numbers 1..N, throttled to about 1 M/s per
// subtask so the job runs for seconds, keyed counts in ValueState. In attempt 0, subtask 0 throws once it processed
// `failAfter` records and a checkpoint completed; it first appends "throw <epoch ms>" to the marker file. Each subtask
// of a later attempt appends "first <attempt> <epoch ms>" when it processes its first record (restored from the
// checkpoint), and "open <attempt> …" when its function opens (state restored, task about to run). Epoch ms with sub-ms precision (timeOrigin + now), comparable across threads.
//   argv: <markerFile> <N> <failAfter>
import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { type RuntimeContext, StreamExecutionEnvironment, Types } from 'weir';
import { ThroughputSink } from './bench-sink.js';

const [marker = '/tmp/weir-recovery-marker', nArg = '20000000', failAfterArg = '2000000'] = process.argv.slice(2);
const failAfter = Number(failAfterArg);
const pause = new Int32Array(new SharedArrayBuffer(4));
const epochMs = () => performance.timeOrigin + performance.now();

class FailOnce {
  private attempt = 0;
  private subtask = 0;
  private seen = 0;
  private checkpointed = false;

  open(ctx: RuntimeContext): void {
    this.attempt = ctx.getAttemptNumber();
    this.subtask = ctx.getIndexOfThisSubtask();
    if (this.attempt > 0) appendFileSync(marker, `open ${this.attempt} ${this.subtask} ${epochMs().toFixed(3)}\n`);
  }

  notifyCheckpointComplete(): void {
    this.checkpointed = true;
  }

  map(x: number): [number, number] {
    if (++this.seen === 1 && this.attempt > 0) {
      appendFileSync(marker, `first ${this.attempt} ${this.subtask} ${epochMs().toFixed(3)}\n`);
    }
    if (x % 1000 === 0) Atomics.wait(pause, 0, 0, 1);
    if (this.attempt === 0 && this.subtask === 0 && this.checkpointed && this.seen >= failAfter) {
      appendFileSync(marker, `throw 0 0 ${epochMs().toFixed(3)}\n`);
      throw new Error(`benchmark: injected failure after ${this.seen} records`);
    }
    return [x % 1000, 1];
  }
}

const env = StreamExecutionEnvironment.getExecutionEnvironment();
env
  .fromSequence(1, Number(nArg))
  .map(new FailOnce(), Types.TUPLE([Types.INT, Types.INT]))
  .keyBy((t) => t[0])
  .sum(1)
  .sinkTo(new ThroughputSink('report'));
export const client = await env.executeAsync('bench: recovery time');
