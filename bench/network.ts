import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import {
  createSharedChannel,
  DEFAULT_CREDITS,
  type SharedChannelDescriptor,
} from '../src/runtime/network/shared-channel.js';
import { siblingModule, spawnModuleWorker } from '../src/runtime/network/test-worker-spawn.js';
import type { BenchReport, BenchTask } from './network-worker.js';

// Micro-benchmark of the data plane between worker threads: small records (two numbers and a short string, 33
// bytes on the wire) through SharedChannels, producer worker -> consumer worker, plus the wake-up latency of a
// parked consumer at low rates. Run alone: `node --import tsx bench/network.ts` (or the compiled file).

export interface NetworkBenchResult {
  readonly name: string;
  readonly records: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  /** Latency scenarios only: send -> handler, in microseconds. */
  readonly latencyUs?: { readonly p50: number; readonly p99: number; readonly max: number };
}

export interface NetworkBenchOptions {
  /** Records per throughput scenario; default 5 M. */
  readonly records?: number;
  /** Credits (ring slots per channel) to compare in the 1 -> 1 scenario; default [2, 4, 8]. */
  readonly credits?: readonly number[];
  /** Credits in the 2 -> 2 hash scenario; default DEFAULT_CREDITS. */
  readonly hashCredits?: number;
  /** Runs per throughput scenario; the median is reported. Default 3. */
  readonly repeat?: number;
  /** Whether to measure wake-up latency at low rates too; default true. */
  readonly latency?: boolean;
}

const workerModule = siblingModule(import.meta.url, 'network-worker');

interface Side {
  readonly worker: Worker;
  readonly reports: BenchReport[];
  next(kind: BenchReport['kind']): Promise<BenchReport>;
}

function start(task: BenchTask): Side {
  const worker = spawnModuleWorker(workerModule, { workerData: task });
  const reports: BenchReport[] = [];
  const waiting: { kind: string; resolve: (r: BenchReport) => void }[] = [];
  let failure: Error | undefined;
  worker.on('message', (report: BenchReport) => {
    const i = waiting.findIndex((w) => w.kind === report.kind);
    if (i >= 0) waiting.splice(i, 1)[0].resolve(report);
    else reports.push(report);
  });
  worker.on('error', (error) => {
    failure = error;
  });
  const next = (kind: BenchReport['kind']) =>
    new Promise<BenchReport>((resolve, reject) => {
      if (failure !== undefined) return reject(failure);
      const i = reports.findIndex((r) => r.kind === kind);
      if (i >= 0) return resolve(reports.splice(i, 1)[0]);
      waiting.push({ kind, resolve });
      worker.once('error', reject);
    });
  return { worker, reports, next };
}

/** Runs producers -> consumers over channels[p][c] and returns the consumers' reports and the elapsed seconds. */
async function run(
  channels: SharedChannelDescriptor[][],
  perProducer: number,
  partitioner: 'forward' | 'hash',
  intervalMs: number,
): Promise<{ seconds: number; consumed: Extract<BenchReport, { kind: 'consumed' }>[] }> {
  const consumers = channels[0].map((_, c) =>
    start({ role: 'consume', channels: channels.map((row) => row[c]), latency: intervalMs > 0 }),
  );
  const producers = channels.map((row) =>
    start({ role: 'produce', channels: row, count: perProducer, partitioner, intervalMs }),
  );
  await Promise.all([...consumers, ...producers].map((s) => s.next('ready')));
  const t0 = performance.now();
  for (const p of producers) p.worker.postMessage('go');
  const consumed = (await Promise.all(consumers.map((c) => c.next('consumed')))) as Extract<
    BenchReport,
    { kind: 'consumed' }
  >[];
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all([...consumers, ...producers].map((s) => s.worker.terminate()));
  return { seconds, consumed };
}

function grid(producers: number, consumers: number, credits = DEFAULT_CREDITS): SharedChannelDescriptor[][] {
  return Array.from({ length: producers }, (_, p) =>
    Array.from({ length: consumers }, (_, c) => createSharedChannel({ credits, name: `bench ${p} -> ${c}` })),
  );
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** The median of `repeat` runs, each on fresh channels and workers. */
async function throughput(
  name: string,
  makeChannels: () => SharedChannelDescriptor[][],
  total: number,
  partitioner: 'forward' | 'hash',
  repeat: number,
): Promise<NetworkBenchResult> {
  const runs: NetworkBenchResult[] = [];
  for (let i = 0; i < repeat; i++) {
    const channels = makeChannels();
    const perProducer = Math.floor(total / channels.length);
    const { seconds, consumed } = await run(channels, perProducer, partitioner, 0);
    const records = consumed.reduce((s, r) => s + r.records, 0);
    const checksum = consumed.reduce((s, r) => s + r.checksum, 0);
    const expected = (channels.length * perProducer * (perProducer - 1)) / 2;
    if (records !== perProducer * channels.length || checksum !== expected) {
      throw new Error(`${name}: ${records} records (checksum ${checksum}) arrived, expected ${total} (${expected})`);
    }
    runs.push({ name, records, seconds, recordsPerSecond: records / seconds });
  }
  runs.sort((a, b) => a.recordsPerSecond - b.recordsPerSecond);
  return runs[Math.floor(runs.length / 2)];
}

async function latency(intervalMs: number, count: number): Promise<NetworkBenchResult> {
  const { seconds, consumed } = await run(grid(1, 1), count, 'forward', intervalMs);
  const sorted = consumed[0].latenciesUs.slice(1).sort((a, b) => a - b); // the first includes worker warm-up
  const round = (us: number) => Math.round(us * 10) / 10;
  return {
    name: `1 -> 1 wake-up, one record every ${intervalMs} ms`,
    records: count,
    seconds,
    recordsPerSecond: count / seconds,
    latencyUs: {
      p50: round(percentile(sorted, 0.5)),
      p99: round(percentile(sorted, 0.99)),
      max: round(sorted[sorted.length - 1]),
    },
  };
}

export async function runNetworkBench(options: NetworkBenchOptions = {}): Promise<NetworkBenchResult[]> {
  const total = options.records ?? 5_000_000;
  const repeat = options.repeat ?? 3;
  const results: NetworkBenchResult[] = [];
  for (const credits of options.credits ?? [2, 4, 8]) {
    const name = `1 -> 1 forward, ${credits} credits`;
    results.push(await throughput(name, () => grid(1, 1, credits), total, 'forward', repeat));
  }
  const hashCredits = options.hashCredits ?? DEFAULT_CREDITS;
  results.push(
    await throughput(`2 -> 2 hash, ${hashCredits} credits`, () => grid(2, 2, hashCredits), total, 'hash', repeat),
  );
  if (options.latency !== false) {
    results.push(await latency(1, 500));
    results.push(await latency(10, 100));
  }
  return results;
}

function format(r: NetworkBenchResult): string {
  const rate = `${(r.recordsPerSecond / 1e6).toFixed(2)} M rec/s`;
  if (r.latencyUs === undefined)
    return `${r.name.padEnd(42)} ${rate.padStart(14)}  (${r.records} in ${r.seconds.toFixed(2)} s)`;
  const { p50, p99, max } = r.latencyUs;
  return `${r.name.padEnd(42)} latency p50 ${p50} µs, p99 ${p99} µs, max ${max} µs`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const records = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
  const repeat = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
  for (const result of await runNetworkBench({ records, repeat })) console.log(format(result));
}
