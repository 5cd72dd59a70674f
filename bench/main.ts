import { availableParallelism, cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { JobClient } from '../src/api/execution/job-client.js';
import { runJobModule } from '../src/cli/load-job.js';
import { resolveNexmarkConfig, splitGeneratorRanges } from '../src/connectors/nexmark/generator-config.js';
import { NexmarkGenerator } from '../src/connectors/nexmark/nexmark-generator.js';
import { MiniClusterExecutor } from '../src/runtime/client/mini-cluster-executor.js';
import { runCheckpointBench } from './checkpoints.js';
import { runOnCluster } from './cluster.js';
import { runNexmark } from './nexmark.js';

// `npm run bench`: throughput of the engine against a plain loop doing the same work, from one run.

interface Report {
  subtask: number;
  count: number;
  ms: number;
}

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url.replace('/build/bench/', '/bench/')));

interface JobRun {
  /** Records the sinks saw. */
  records: number;
  /** First record at a sink to the end of input, slowest subtask. */
  seconds: number;
  /** The job's RUNNING time (includes worker start-up and module loading, about 0.3 s). */
  netRuntimeSeconds: number;
  /** CPU time of the whole process (every thread) while the job ran. */
  cpuSeconds: number;
  wallSeconds: number;
}

async function runJob(file: string, n: number, args: string[] = []): Promise<JobRun> {
  const start = performance.now();
  const cpuBefore = process.cpuUsage();
  const argv = [String(n), ...args];
  const run = await runJobModule(here(file), argv, {}, (artifact) => new MiniClusterExecutor({ artifact, argv }));
  await run.finished;
  const client: JobClient = run.clients[0];
  const reports: Report[] = [];
  const collecting = (async () => {
    for await (const batch of client.collect('report')) reports.push(...(batch as Report[]));
  })();
  const result = await client.getJobExecutionResult();
  await collecting;
  const cpu = process.cpuUsage(cpuBefore);
  const records = reports.reduce((s, r) => s + r.count, 0);
  const seconds = Math.max(...reports.map((r) => r.ms)) / 1000;
  return {
    records,
    seconds,
    netRuntimeSeconds: result.netRuntime / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    wallSeconds: (performance.now() - start) / 1000,
  };
}

/** The same work as jobs/chained.ts in one plain loop. */
function plainLoop(n: number): { records: number; seconds: number } {
  const start = performance.now();
  let count = 0;
  for (let i = 1; i <= n; i++) {
    const x = i * 3 + 1;
    if (x % 7 !== 0) count++;
  }
  return { records: count, seconds: (performance.now() - start) / 1000 };
}

/** The same work as jobs/nexmark-q1q2.ts in one plain loop. */
function plainNexmarkLoop(n: number): { records: number; seconds: number } {
  const config = resolveNexmarkConfig({ eventsNum: n, seed: 7 });
  const generator = new NexmarkGenerator(config, splitGeneratorRanges(config, 1, Date.now())[0]);
  const start = performance.now();
  let kept = 0;
  for (let i = 0; i < generator.eventCount; i++) {
    const e = generator.eventAt(i);
    if (e.eventType !== 2) continue;
    const bid = e.bid!;
    const converted = { auction: bid.auction, bidder: bid.bidder, price: bid.price * 0.908, dateTime: bid.dateTime };
    if (converted.auction % 123 === 0) kept++;
  }
  if (kept < 0) throw new Error('unreachable');
  return { records: n, seconds: (performance.now() - start) / 1000 };
}

/** The same work as jobs/keyed-exchange.ts in one plain loop (a Map of counts). */
function plainKeyedLoop(n: number): { records: number; seconds: number } {
  const start = performance.now();
  const counts = new Map<number, number>();
  let emitted = 0;
  for (let i = 1; i <= n; i++) {
    const k = i % 1000;
    counts.set(k, (counts.get(k) ?? 0) + 1);
    emitted++;
  }
  return { records: emitted, seconds: (performance.now() - start) / 1000 };
}

function fmt(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : `${(n / 1e3).toFixed(1)} k`;
}

function line(name: string, records: number, seconds: number): string {
  const rate = records / seconds;
  return `${name.padEnd(44)} ${fmt(rate).padStart(9)} rec/s  ${(1e9 / rate).toFixed(1).padStart(7)} ns/rec`;
}

async function main(): Promise<void> {
  const chainedN = Number(process.env.BENCH_CHAINED_RECORDS ?? 20_000_000);
  const keyedN = Number(process.env.BENCH_KEYED_RECORDS ?? 10_000_000);
  console.log(
    `weir bench — ${cpus()[0]?.model ?? 'cpu'}, ${availableParallelism()} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
  console.log('');
  const loop = plainLoop(chainedN);
  const chained = await runJob('./jobs/chained.ts', chainedN);
  console.log('(a) chained source → map → filter → sink, parallelism 1');
  console.log(line('plain loop (one thread)', chainedN, loop.seconds));
  console.log(line('weir (records the source emitted)', chainedN, chained.seconds));
  console.log(
    `ratio weir / plain loop: ${((loop.seconds / chained.seconds) * 100).toFixed(1)} %  (job wall time ${chained.wallSeconds.toFixed(2)} s incl. start-up)`,
  );
  console.log('');
  const nexmarkN = Number(process.env.BENCH_NEXMARK_EVENTS ?? 5_000_000);
  const nexLoop = plainNexmarkLoop(nexmarkN);
  const nex = await runJob('./jobs/nexmark-q1q2.ts', nexmarkN);
  console.log(
    '(a\u2032) Nexmark q1 + q2 chained: generate events → filter bids → map price → filter auction, parallelism 1',
  );
  console.log(line('plain loop (one thread, same generator)', nexmarkN, nexLoop.seconds));
  console.log(line('weir (events the source emitted)', nexmarkN, nex.seconds));
  console.log(`ratio weir / plain loop: ${((nexLoop.seconds / nex.seconds) * 100).toFixed(1)} %`);
  console.log('');
  const keyedLoop = plainKeyedLoop(keyedN);
  const keyed = await runJob('./jobs/keyed-exchange.ts', keyedN, ['1']);
  console.log('(b) keyBy exchange between 2 slots with a keyed count (sum), parallelism 2');
  console.log(line('plain loop (one thread, Map of counts)', keyedN, keyedLoop.seconds));
  console.log(line('weir, total over both subtasks', keyed.records, keyed.seconds));
  console.log(
    `per core: ${fmt(keyed.records / keyed.seconds / availableParallelism())} rec/s  (job wall time ${keyed.wallSeconds.toFixed(2)} s incl. start-up)`,
  );
  console.log('');
  const windowN = Number(process.env.BENCH_WINDOW_EVENTS ?? 5_000_000);
  console.log('(c) Nexmark bids in event time (4 s out-of-orderness, 100 k events/s of event time), parallelism 2');
  for (const shape of ['tumbling', 'sliding'] as const) {
    const r = await runJob('./jobs/windowed.ts', windowN, [shape]);
    const what = shape === 'tumbling' ? 'count per auction, 10 s tumbling' : 'top-1 auction, 10 s windows sliding 2 s';
    console.log(
      `${what.padEnd(44)} ${fmt(windowN / r.netRuntimeSeconds).padStart(9)} events/s  ${fmt(windowN / r.cpuSeconds).padStart(9)} events/s per core`,
    );
    console.log(
      `${''.padEnd(44)} (${r.records} results; ${r.netRuntimeSeconds.toFixed(2)} s incl. start-up; ${r.cpuSeconds.toFixed(2)} CPU s)`,
    );
  }
}

/**
 * (b) across TaskManagers: the same keyed exchange with one slot in each of two TaskManagers, so half of the
 * records cross TCP: first both TaskManagers in the MiniCluster (loopback TCP in one process), then a JobManager and
 * two TaskManager processes. The one-TaskManager run (shared memory between the two slot workers) is the baseline.
 */
async function clusterBench(): Promise<void> {
  const n = Number(process.env.BENCH_KEYED_RECORDS ?? 10_000_000);
  const cores = availableParallelism();
  console.log(`(b\u2033) keyBy exchange with a keyed count (sum), parallelism 2, ${n} records`);
  const rows: Array<[string, { records: number; seconds: number }]> = [];
  const shared = await runJob('./jobs/keyed-exchange.ts', n, ['1']);
  rows.push(['one TaskManager, 2 slots (shared memory)', shared]);
  const loopbackTcp = await runJob('./jobs/keyed-exchange.ts', n, ['2']);
  rows.push(['MiniCluster, 2 TaskManagers (TCP)', loopbackTcp]);
  rows.push(['JobManager + 2 TaskManager processes (TCP)', await runOnCluster(n)]);
  for (const [name, r] of rows) {
    console.log(`${line(name, r.records, r.seconds)}   ${fmt(r.records / r.seconds / cores)} rec/s per core`);
  }
}

// `npm run bench -- nexmark ...` runs the Nexmark queries (nexmark.ts), `npm run bench -- checkpoints ...` the
// checkpoint benchmarks (checkpoints.ts), `npm run bench -- cluster` the keyed exchange across TaskManagers; no
// argument runs the benchmark above.
if (process.argv[2] === 'nexmark') await runNexmark(process.argv.slice(3));
else if (process.argv[2] === 'cluster') await clusterBench();
else if (process.argv[2] === 'checkpoints') await runCheckpointBench(process.argv.slice(3));
else await main();
process.exit(0);
