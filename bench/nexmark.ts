import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { JobExecutionResult } from '../src/api/execution/job-client.js';
import { runJobModule } from '../src/cli/load-job.js';
import { NEXMARK_QUERIES } from '../src/connectors/nexmark/queries/index.js';
import { MiniClusterExecutor } from '../src/runtime/client/mini-cluster-executor.js';
import { LOOP_QUERIES, type LoopResult, runPlainLoop } from './nexmark-loops.js';

// `npm run bench -- nexmark [--query qN|all] [--events N] [--parallelism P] [--checkpoint-interval ms] [--rate r]
// [--json]`: runs Nexmark queries one after another on the embedded MiniCluster (jobs/nexmark-query.ts) and prints,
// per query, events, wall time, CPU seconds of the whole process (every worker thread), events/s, events/s per core
// used, peak RSS and checkpoints; results also as JSON (bench/results/nexmark-<time>.json, or stdout with --json).
// With --checkpoint-interval each query checkpoints EXACTLY_ONCE into a temporary directory removed afterwards.
// q0–q2 also run as plain loops in one thread (nexmark-loops.ts) for the ratio engine per core / loop.

/** Every query of the Flink nexmark project's set that Weir means to run (q6, q10, q13 excluded as in Flink). */
const ALL_QUERIES = [
  'q0',
  'q1',
  'q2',
  'q3',
  'q4',
  'q5',
  'q7',
  'q8',
  'q9',
  'q11',
  'q12',
  'q14',
  'q15',
  'q16',
  'q17',
  'q18',
  'q19',
  'q20',
  'q21',
  'q22',
];

export interface NexmarkSettings {
  readonly queries: readonly string[];
  readonly events: number;
  readonly parallelism: number;
  /** Events per second of event time (the nexmark project's first-event.rate / TPS). */
  readonly rate: number;
  readonly checkpointIntervalMs: number | undefined;
  readonly json: boolean;
}

export interface NexmarkQueryResult {
  readonly query: string;
  readonly events: number;
  /** Records that reached the sink. */
  readonly results: number;
  /** The job's RUNNING time (includes worker start-up and module loading, about 0.3 s). */
  readonly wallSeconds: number;
  /** Submission to result, including bundling the job. */
  readonly totalSeconds: number;
  readonly cpuSeconds: number;
  readonly eventsPerSecond: number;
  readonly eventsPerSecondPerCore: number;
  /** Highest resident set size sampled every 20 ms while the query ran. */
  readonly peakRssBytes: number;
  /** The job result's checkpoint summary; undefined when checkpointing was off. */
  readonly checkpoints: CheckpointSummary | undefined;
  /** q0–q2: the same work as a plain loop in one thread, and engine events/s per core ÷ loop events/s. */
  readonly plainLoop?: LoopResult & { readonly engineToLoopPerCore: number };
}

export type CheckpointSummary = NonNullable<JobExecutionResult['checkpoints']>;

const USAGE =
  'usage: npm run bench -- nexmark [--query qN|all] [--events N] [--parallelism P] [--checkpoint-interval ms] ' +
  '[--rate events-per-second] [--json]';

function positive(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || !Number.isSafeInteger(n) || n <= 0) {
    throw new Error(
      `${flag} needs a positive integer, got ${value === undefined ? 'nothing' : `'${value}'`}. ${USAGE}`,
    );
  }
  return n;
}

export function parseNexmarkArgs(argv: readonly string[]): NexmarkSettings {
  let query = 'all';
  let events = 1_000_000;
  let parallelism = Math.min(2, availableParallelism());
  let rate = 10_000_000;
  let checkpointIntervalMs: number | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--json') {
      json = true;
      continue;
    }
    if (flag === '--query' && value !== undefined) query = value;
    else if (flag === '--events') events = positive(flag, value);
    else if (flag === '--parallelism') parallelism = positive(flag, value);
    else if (flag === '--rate') rate = positive(flag, value);
    else if (flag === '--checkpoint-interval') checkpointIntervalMs = positive(flag, value);
    else throw new Error(`Unknown or incomplete argument '${flag}'. ${USAGE}`);
    i++;
  }
  const queries = query === 'all' ? ALL_QUERIES : query.split(',');
  for (const q of queries) {
    if (!ALL_QUERIES.includes(q))
      throw new Error(`--query ${q}: not a Nexmark query of the set (${ALL_QUERIES.join(', ')})`);
  }
  return { queries, events, parallelism, rate, checkpointIntervalMs, json };
}

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url.replace('/build/bench/', '/bench/')));

interface Report {
  count: number;
}

/** Flink's checkpoint keys for a run with `--checkpoint-interval`: EXACTLY_ONCE into `dir`. */
export function checkpointConfig(intervalMs: number, dir: string): Record<string, string> {
  return {
    'execution.checkpointing.interval': `${intervalMs} ms`,
    'execution.checkpointing.mode': 'EXACTLY_ONCE',
    'execution.checkpointing.dir': dir,
  };
}

async function runQuery(name: string, s: NexmarkSettings): Promise<NexmarkQueryResult> {
  const argv = [name, String(s.events), String(s.parallelism), String(s.rate), String(s.checkpointIntervalMs ?? '')];
  const dir =
    s.checkpointIntervalMs === undefined ? undefined : mkdtempSync(join(tmpdir(), `weir-nexmark-${name}-ckpt-`));
  const config =
    dir === undefined || s.checkpointIntervalMs === undefined ? {} : checkpointConfig(s.checkpointIntervalMs, dir);
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 20);
  const start = performance.now();
  const cpuBefore = process.cpuUsage();
  try {
    const file = here('./jobs/nexmark-query.ts');
    const run = await runJobModule(file, argv, config, (artifact) => new MiniClusterExecutor({ artifact, argv }));
    await run.finished;
    const client = run.clients[0];
    const reports: Report[] = [];
    const collecting = (async () => {
      for await (const batch of client.collect('report')) reports.push(...(batch as Report[]));
    })();
    const result = await client.getJobExecutionResult();
    await collecting;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const wallSeconds = result.netRuntime / 1000;
    return {
      query: name,
      events: s.events,
      results: reports.reduce((sum, r) => sum + r.count, 0),
      wallSeconds,
      totalSeconds: (performance.now() - start) / 1000,
      cpuSeconds,
      eventsPerSecond: s.events / wallSeconds,
      eventsPerSecondPerCore: s.events / cpuSeconds,
      peakRssBytes: Math.max(peakRss, process.memoryUsage.rss()),
      checkpoints: result.checkpoints,
    };
  } finally {
    clearInterval(sampler);
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}

/** q0–q2: adds the plain loop's figures to the engine's (the loop runs after the job, on this thread). */
function withPlainLoop(r: NexmarkQueryResult, s: NexmarkSettings): NexmarkQueryResult {
  if (!LOOP_QUERIES.includes(r.query)) return r;
  const loop = runPlainLoop(r.query, s.events, s.rate);
  return { ...r, plainLoop: { ...loop, engineToLoopPerCore: r.eventsPerSecondPerCore / loop.eventsPerSecond } };
}

function describeCheckpoints(c: CheckpointSummary | undefined, s: NexmarkSettings): string {
  if (s.checkpointIntervalMs === undefined) return 'off';
  if (c === undefined) return 'none taken';
  const failed = c.failed > 0 ? `, ${c.failed} failed` : '';
  return (
    `${c.completed} done${failed}, avg ${c.averageDurationMs.toFixed(0)} ms, max ${c.maxDurationMs.toFixed(0)} ms, ` +
    `last ${(c.lastStateSizeBytes / 2 ** 10).toFixed(1)} KiB`
  );
}

function rate(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : `${(n / 1e3).toFixed(1)} K`;
}

function header(s: NexmarkSettings): string[] {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const mem = `${(totalmem() / 2 ** 30).toFixed(1)} GiB`;
  return [
    `weir nexmark — ${cpu}, ${availableParallelism()} cores, ${mem}, Node ${process.version}`,
    `settings: ${s.events} events per query, parallelism ${s.parallelism}, first-event rate ${s.rate} events/s ` +
      `(event time), watermark dateTime − 4 s, checkpoints ` +
      (s.checkpointIntervalMs === undefined ? 'off' : `every ${s.checkpointIntervalMs} ms, EXACTLY_ONCE, temp dir`),
    '',
    `${'query'.padEnd(6)}${'events'.padStart(10)}${'results'.padStart(10)}${'wall s'.padStart(8)}${'CPU s'.padStart(8)}` +
      `${'events/s'.padStart(11)}${'ev/s/core'.padStart(11)}${'peak RSS'.padStart(10)}  checkpoints`,
  ];
}

function row(r: NexmarkQueryResult, s: NexmarkSettings): string {
  return (
    `${r.query.padEnd(6)}${String(r.events).padStart(10)}${String(r.results).padStart(10)}` +
    `${r.wallSeconds.toFixed(2).padStart(8)}${r.cpuSeconds.toFixed(2).padStart(8)}` +
    `${rate(r.eventsPerSecond).padStart(11)}${rate(r.eventsPerSecondPerCore).padStart(11)}` +
    `${`${Math.round(r.peakRssBytes / 2 ** 20)} MiB`.padStart(10)}  ${describeCheckpoints(r.checkpoints, s)}`
  );
}

function loopLines(results: readonly NexmarkQueryResult[]): string[] {
  const withLoop = results.filter((r) => r.plainLoop !== undefined);
  if (withLoop.length === 0) return [];
  const lines = [
    '',
    'plain loop in one thread (same generator, same per-event work; events ÷ CPU s) against the engine per core:',
  ];
  for (const r of withLoop) {
    const loop = r.plainLoop!;
    lines.push(
      `${r.query.padEnd(6)}loop ${rate(loop.eventsPerSecond).padStart(8)} events/s per core (${loop.results} results)  ` +
        `engine ${rate(r.eventsPerSecondPerCore).padStart(8)} events/s per core  ratio ` +
        `${(loop.engineToLoopPerCore * 100).toFixed(1)} %`,
    );
  }
  return lines;
}

/** Runs the queries of `argv` (the arguments after `nexmark`) and reports them. Main thread of the bench process. */
export async function runNexmark(argv: readonly string[]): Promise<void> {
  let s: NexmarkSettings;
  try {
    s = parseNexmarkArgs(argv);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
  const log = s.json ? (line: string) => console.error(line) : (line: string) => console.log(line);
  for (const line of header(s)) log(line);
  const results: NexmarkQueryResult[] = [];
  const skipped: string[] = [];
  const failed: { query: string; error: string }[] = [];
  for (const name of s.queries) {
    if (NEXMARK_QUERIES[name] === undefined) {
      skipped.push(name);
      log(`${name.padEnd(6)}skipped: not written yet (src/connectors/nexmark/queries/index.ts has no '${name}')`);
      continue;
    }
    try {
      const r = withPlainLoop(await runQuery(name, s), s);
      results.push(r);
      log(row(r, s));
    } catch (error) {
      // One failing query must not hide the others' figures: note it and go on.
      const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
      failed.push({ query: name, error: message });
      log(`${name.padEnd(6)}FAILED: ${message}`);
    }
  }
  for (const line of loopLines(results)) log(line);
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryBytes: totalmem(),
    node: process.version,
  };
  const doc = { date: new Date().toISOString(), machine, settings: s, results, skipped, failed };
  if (s.json) {
    console.log(JSON.stringify(doc, null, 2));
    return;
  }
  const dir = here('./results/');
  mkdirSync(dir, { recursive: true });
  const file = `${dir}nexmark-${doc.date.replaceAll(':', '-').replace(/\.\d+Z$/, 'Z')}.json`;
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  log(`\nresults written to ${file}`);
}
