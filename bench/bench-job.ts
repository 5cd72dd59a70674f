import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { JobExecutionResult } from '../src/api/execution/job-client.js';
import { runJobModule } from '../src/cli/load-job.js';
import { setLogLevel } from '../src/core/log.js';
import { MiniClusterExecutor } from '../src/runtime/client/mini-cluster-executor.js';

// Runs a bench job file (bench/jobs/) on an embedded MiniCluster from the bench's main thread and gathers what the
// checkpoint benchmarks need: the ThroughputSink's reports, the job result (with its checkpoint summary), CPU time,
// peak RSS and the runtime's log lines (JobMaster and CheckpointCoordinator log on this thread at info level).

export interface SinkReport {
  readonly subtask: number;
  readonly count: number;
  readonly ms: number;
}

export interface BenchJobRun {
  readonly reports: readonly SinkReport[];
  readonly records: number;
  /** First record at a sink to its end of input, slowest sink subtask. */
  readonly flowSeconds: number;
  readonly result: JobExecutionResult;
  readonly cpuSeconds: number;
  readonly wallSeconds: number;
  readonly peakRssBytes: number;
  /** Log lines the runtime wrote on this thread while the job ran ("<ISO time> <LEVEL> <component> - <message>"). */
  readonly logLines: readonly string[];
}

export const benchFile = (p: string): string =>
  fileURLToPath(new URL(p, import.meta.url.replace('/build/bench/', '/bench/')));

/** Captures the runtime's log lines written to stderr on this thread while `body` runs; echoes them when `echo`. */
async function capturingLog<T>(echo: boolean, body: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  const lines: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  setLogLevel('info');
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    for (const line of text.split('\n')) if (/^\d{4}-\d\d-\d\dT\S+ (INFO|WARN|ERROR) /.test(line)) lines.push(line);
    if (echo) return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    return true;
  }) as typeof process.stderr.write;
  try {
    return { value: await body(), lines };
  } finally {
    process.stderr.write = write;
    setLogLevel('warn');
  }
}

/** Runs `file` with `args` (process.argv.slice(2) in the job) and `config` (Flink keys) until it finishes. */
export async function runBenchJob(
  file: string,
  args: readonly string[],
  config: Record<string, string>,
  echoLog = false,
): Promise<BenchJobRun> {
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 50);
  const start = performance.now();
  const cpuBefore = process.cpuUsage();
  try {
    const { value, lines } = await capturingLog(echoLog, async () => {
      const argv = [...args];
      const run = await runJobModule(
        benchFile(file),
        argv,
        config,
        (artifact) => new MiniClusterExecutor({ artifact, argv }),
      );
      await run.finished;
      const client = run.clients[0];
      const reports: SinkReport[] = [];
      const collecting = (async () => {
        for await (const batch of client.collect('report')) reports.push(...(batch as SinkReport[]));
      })();
      const result = await client.getJobExecutionResult();
      await collecting;
      return { reports, result };
    });
    const cpu = process.cpuUsage(cpuBefore);
    return {
      reports: value.reports,
      records: value.reports.reduce((s, r) => s + r.count, 0),
      flowSeconds: Math.max(0, ...value.reports.map((r) => r.ms)) / 1000,
      result: value.result,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      wallSeconds: (performance.now() - start) / 1000,
      peakRssBytes: Math.max(peakRss, process.memoryUsage.rss()),
      logLines: lines,
    };
  } finally {
    clearInterval(sampler);
  }
}

export interface CompletedCheckpointLog {
  readonly id: number;
  readonly bytes: number;
  /** What the checkpoint wrote (less than `bytes` for an incremental one). */
  readonly writtenBytes: number;
  readonly durationMs: number;
  readonly maxSyncMs: number;
  readonly maxAsyncMs: number;
  readonly maxAlignmentMs: number;
}

const COMPLETED =
  /Completed checkpoint (\d+) for job \S+ \((\d+) bytes, (\d+) ms; max sync ([\d.]+) ms, async ([\d.]+) ms, alignment ([\d.]+) ms\)(?:; (\d+) bytes written)?/;

/** The CheckpointCoordinator's "Completed checkpoint …" lines, parsed. */
export function completedCheckpoints(lines: readonly string[]): CompletedCheckpointLog[] {
  const out: CompletedCheckpointLog[] = [];
  for (const line of lines) {
    const m = COMPLETED.exec(line);
    if (m === null) continue;
    out.push({
      id: Number(m[1]),
      bytes: Number(m[2]),
      writtenBytes: Number(m[7] ?? m[2]),
      durationMs: Number(m[3]),
      maxSyncMs: Number(m[4]),
      maxAsyncMs: Number(m[5]),
      maxAlignmentMs: Number(m[6]),
    });
  }
  return out;
}

/** The epoch ms of the first log line matching `pattern`, or undefined. */
export function logTime(lines: readonly string[], pattern: RegExp): number | undefined {
  const line = lines.find((l) => pattern.test(l));
  return line === undefined ? undefined : Date.parse(line.slice(0, line.indexOf(' ')));
}
