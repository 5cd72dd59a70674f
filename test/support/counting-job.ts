import { join } from 'node:path';
import { runWeir, unprefixed, type WeirRun } from './run-weir.js';

// Runs a keyed counting job of test/jobs (savepoint-counts.ts, unaligned-rescale-counts.ts: argv <records>
// <stopAfterMs|end> <savepoint dir>), which prints "SAVEPOINT <path>" when stopped with a savepoint and "key k count
// c" lines at the end of its input. Checkpoints every 100 ms into `<dir>/checkpoints`, savepoints into
// `<dir>/savepoints`.

export interface CountingRun {
  readonly run: WeirRun;
  /** The savepoint the job was stopped with, if it was. */
  readonly savepoint: string | undefined;
  /** The printed counts, sorted. */
  readonly counts: string[];
}

export async function runCountingJob(
  job: string,
  dir: string,
  records: number,
  parallelism: number,
  stopAfterMs: number | 'end',
  config: readonly string[] = [],
): Promise<CountingRun> {
  const run = await runWeir(
    [
      'run',
      job,
      '-p',
      String(parallelism),
      '-Dexecution.checkpointing.interval=100ms',
      `-Dexecution.checkpointing.dir=${join(dir, 'checkpoints')}`,
      ...config,
      '--',
      String(records),
      String(stopAfterMs),
      join(dir, 'savepoints'),
    ],
    { timeoutMs: 60_000 },
  );
  const savepoint = /^SAVEPOINT (.+)$/m.exec(run.stdout)?.[1];
  const counts = unprefixed(run.stdout)
    .filter((l) => l.startsWith('key '))
    .sort();
  return { run, savepoint, counts };
}
