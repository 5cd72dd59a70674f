import assert from 'node:assert/strict';
import { runWeir, unprefixed, type WeirRun } from './run-weir.js';

/** Parallelisms at which the end-to-end tests run each job: results must not depend on them. */
export const PARALLELISMS = [1, 4] as const;

/** Runs `weir run <job> -p <p> [-- args]` and fails with its stderr unless it ends with exit code 0. */
export async function runJobOk(job: string, parallelism: number, args: readonly string[] = []): Promise<WeirRun> {
  const argv = ['run', job, '-p', String(parallelism)];
  if (args.length > 0) argv.push('--', ...args);
  const run = await runWeir(argv);
  assert.equal(run.code, 0, `weir ${argv.join(' ')} failed:\n${run.stderr}`);
  return run;
}

/** The job's print-sink lines without the "N> " prefix, sorted: its multiset of results. */
export async function sortedLines(job: string, parallelism: number, args: readonly string[] = []): Promise<string[]> {
  return unprefixed((await runJobOk(job, parallelism, args)).stdout).sort();
}

/** The numbers from..to, inclusive. */
export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
