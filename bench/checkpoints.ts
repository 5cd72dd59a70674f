import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { completedCheckpoints, logTime, runBenchJob } from './bench-job.js';
import { checkpointConfig } from './nexmark.js';

// `npm run bench -- checkpoints [throughput|state|recovery ...]` (issue 4), each part on the embedded MiniCluster,
// run one after another on the bench's main thread:
//   throughput — the keyed exchange job (jobs/keyed-exchange.ts) with checkpoints every 1 s against off, alternating
//                runs in the same process; ratio of the sinks' throughput (target ≥ 90 %).
//   state      — ~1 GiB of keyed heap state (jobs/keyed-state.ts: keys × value bytes in ValueState); every
//                completed checkpoint's size, duration, sync/async/alignment from the coordinator's log.
//   recovery   — a function that throws once after warm-up (jobs/recovery.ts), fixed-delay restart with 0 delay;
//                from the throw to the first record of the restored attempt (target < 2 s).
//   incremental — ~1 GiB of keyed state, then 1 % or 100 % of the keys updated per checkpoint interval
//                (jobs/keyed-state-updates.ts), full against incremental checkpoints: size written and duration.
//   throughput-incremental — part (a) with incremental checkpoints as a third mode (per-record cost of tracking).
// Sizes come from the environment: BENCH_CKPT_RECORDS (throughput, default 40 M), BENCH_STATE_KEYS (10 M),
// BENCH_STATE_VALUE_BYTES (100), BENCH_STATE_INTERVAL_MS (2000, or off), BENCH_RECOVERY_RUNS (3), BENCH_INCR_CASES
// (incremental: comma-separated "<fraction>@<interval ms>", default "0.01@2000,1@20000"), BENCH_INCR_ROUNDS (3).

const PARTS = ['throughput', 'state', 'recovery', 'incremental', 'throughput-incremental'] as const;
type Part = (typeof PARTS)[number];

const MiB = 2 ** 20;

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got '${raw}'`);
  return n;
}

/** Runs `body` with a fresh checkpoint directory, removed afterwards. */
async function withCheckpointDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'weir-bench-ckpt-'));
  try {
    return await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function rate(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : `${(n / 1e3).toFixed(1)} K`;
}

async function throughput(): Promise<void> {
  const n = envNumber('BENCH_CKPT_RECORDS', 40_000_000);
  console.log(`(a) keyed exchange (jobs/keyed-exchange.ts), ${n} records, parallelism 2: checkpoints off / every 1 s`);
  const rates: Record<'off' | 'on', number[]> = { off: [], on: [] };
  // Records per CPU second of the whole process: steadier than wall-clock rates when others share the cores.
  const perCpu: Record<'off' | 'on', number[]> = { off: [], on: [] };
  for (const mode of ['off', 'on', 'off', 'on', 'off', 'on'] as const) {
    const r = await withCheckpointDir((dir) =>
      runBenchJob('./jobs/keyed-exchange.ts', [String(n)], mode === 'on' ? checkpointConfig(1000, dir) : {}),
    );
    const perSecond = r.records / r.flowSeconds;
    rates[mode].push(perSecond);
    perCpu[mode].push(r.records / r.cpuSeconds);
    const c = r.result.checkpoints;
    const ckpt =
      mode === 'off' || c === undefined
        ? 'checkpointing off'
        : `${c.completed} checkpoints (${c.failed} failed), avg ${c.averageDurationMs.toFixed(0)} ms, max ${c.maxDurationMs.toFixed(0)} ms`;
    console.log(
      `  ${mode.padEnd(4)} ${rate(perSecond).padStart(8)} rec/s  (${r.records} records in ${r.flowSeconds.toFixed(2)} s; ` +
        `${r.cpuSeconds.toFixed(2)} CPU s; ${ckpt})`,
    );
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(
    `  ratio on / off: ${((mean(rates.on) / mean(rates.off)) * 100).toFixed(1)} % of the mean, ` +
      `${((Math.max(...rates.on) / Math.max(...rates.off)) * 100).toFixed(1)} % best against best (target ≥ 90 %)`,
  );
  console.log(
    `  records per CPU second on / off: ${((mean(perCpu.on) / mean(perCpu.off)) * 100).toFixed(1)} % ` +
      `(${rate(mean(perCpu.on))} / ${rate(mean(perCpu.off))})`,
  );
}

/** Part (a) with a third mode, incremental checkpoints: what tracking changed keys costs per record. */
async function throughputIncremental(): Promise<void> {
  const n = envNumber('BENCH_CKPT_RECORDS', 40_000_000);
  console.log(
    `(a') keyed exchange, ${n} records, parallelism 2: checkpoints off / full every 1 s / incremental every 1 s`,
  );
  const modes = ['off', 'full', 'incremental'] as const;
  const perCpu: Record<(typeof modes)[number], number[]> = { off: [], full: [], incremental: [] };
  const rates: Record<(typeof modes)[number], number[]> = { off: [], full: [], incremental: [] };
  for (const mode of [...modes, ...modes, ...modes]) {
    const r = await withCheckpointDir((dir) => {
      const config: Record<string, string> = mode === 'off' ? {} : checkpointConfig(1000, dir);
      if (mode === 'incremental') config['execution.checkpointing.incremental'] = 'true';
      return runBenchJob('./jobs/keyed-exchange.ts', [String(n)], config);
    });
    rates[mode].push(r.records / r.flowSeconds);
    perCpu[mode].push(r.records / r.cpuSeconds);
    const c = r.result.checkpoints;
    const ckpt = c === undefined ? '' : `; ${c.completed} checkpoints, avg ${c.averageDurationMs.toFixed(0)} ms`;
    console.log(
      `  ${mode.padEnd(11)} ${rate(r.records / r.flowSeconds).padStart(8)} rec/s, ${rate(r.records / r.cpuSeconds)} ` +
        `rec per CPU s (${r.flowSeconds.toFixed(2)} s${ckpt})`,
    );
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  for (const mode of ['full', 'incremental'] as const) {
    console.log(
      `  ${mode} / off: ${((mean(rates[mode]) / mean(rates.off)) * 100).toFixed(1)} % of the mean rate, ` +
        `${((Math.max(...rates[mode]) / Math.max(...rates.off)) * 100).toFixed(1)} % best against best, ` +
        `${((mean(perCpu[mode]) / mean(perCpu.off)) * 100).toFixed(1)} % records per CPU second`,
    );
  }
}

/** Part (d): full against incremental checkpoints over ~1 GiB of state of which a fraction changes per interval. */
async function incremental(): Promise<void> {
  const keys = envNumber('BENCH_STATE_KEYS', 10_000_000);
  const bytes = envNumber('BENCH_STATE_VALUE_BYTES', 100);
  const rounds = envNumber('BENCH_INCR_ROUNDS', 3);
  const cases = (process.env.BENCH_INCR_CASES ?? '0.01@2000,1@20000').split(',').map((c) => c.split('@').map(Number));
  console.log(
    `(d) incremental checkpoints (jobs/keyed-state-updates.ts): ${keys} keys × ${bytes}-character strings, then ` +
      `${rounds} intervals updating a fraction of the keys each; parallelism 2`,
  );
  for (const [fraction, interval] of cases) {
    for (const mode of ['full', 'incremental'] as const) {
      const r = await withCheckpointDir((dir) => {
        const config = checkpointConfig(interval, dir);
        if (mode === 'incremental') config['execution.checkpointing.incremental'] = 'true';
        return runBenchJob(
          './jobs/keyed-state-updates.ts',
          [keys, bytes, fraction, interval, rounds].map(String),
          config,
        );
      });
      console.log(
        `  ${(fraction * 100).toFixed(0)} % of keys per ${interval} ms, ${mode}: job ${(r.result.netRuntime / 1000).toFixed(1)} s, ` +
          `${r.cpuSeconds.toFixed(1)} CPU s, peak RSS ${(r.peakRssBytes / MiB).toFixed(0)} MiB`,
      );
      console.log('    checkpoint   full size     written     total    max sync   max async');
      for (const c of completedCheckpoints(r.logLines)) {
        console.log(
          `    ${String(c.id).padStart(10)}${`${(c.bytes / MiB).toFixed(1)} MiB`.padStart(12)}` +
            `${`${(c.writtenBytes / MiB).toFixed(1)} MiB`.padStart(12)}${`${c.durationMs} ms`.padStart(10)}` +
            `${`${c.maxSyncMs.toFixed(0)} ms`.padStart(12)}${`${c.maxAsyncMs.toFixed(0)} ms`.padStart(12)}`,
        );
      }
      for (const line of r.logLines.filter((l) => / (WARN|ERROR) /.test(l))) console.log(`    log: ${line}`);
    }
  }
}

async function state(): Promise<void> {
  const keys = envNumber('BENCH_STATE_KEYS', 10_000_000);
  const bytes = envNumber('BENCH_STATE_VALUE_BYTES', 100);
  // BENCH_STATE_INTERVAL_MS=off runs the same job without checkpoints (to tell state growth from checkpoint cost).
  const off = process.env.BENCH_STATE_INTERVAL_MS === 'off';
  const interval = off ? 0 : envNumber('BENCH_STATE_INTERVAL_MS', 2000);
  const heapLimit = getHeapStatistics().heap_size_limit / MiB;
  console.log(
    `(b) keyed heap state (jobs/keyed-state.ts): ${keys} keys × ${bytes}-character strings in ValueState, ` +
      `parallelism 2, checkpoints ${off ? 'off' : `every ${interval} ms`}; heap limit per thread ${heapLimit.toFixed(0)} MiB`,
  );
  const r = await withCheckpointDir((dir) =>
    runBenchJob('./jobs/keyed-state.ts', [String(keys), String(bytes)], off ? {} : checkpointConfig(interval, dir)),
  );
  const running = r.result.netRuntime / 1000;
  console.log(
    `  job ${running.toFixed(2)} s RUNNING (${rate(keys / running)} keys/s incl. start-up), ${r.cpuSeconds.toFixed(2)} CPU s, ` +
      `peak RSS ${(r.peakRssBytes / MiB).toFixed(0)} MiB (whole process)`,
  );
  console.log('  checkpoint        size     total    max sync   max async   max alignment');
  for (const c of completedCheckpoints(r.logLines)) {
    console.log(
      `  ${String(c.id).padStart(10)} ${`${(c.bytes / MiB).toFixed(1)} MiB`.padStart(11)} ${`${c.durationMs} ms`.padStart(9)}` +
        `${`${c.maxSyncMs.toFixed(0)} ms`.padStart(12)}${`${c.maxAsyncMs.toFixed(0)} ms`.padStart(12)}` +
        `${`${c.maxAlignmentMs.toFixed(0)} ms`.padStart(16)}`,
    );
  }
  for (const line of r.logLines.filter((l) => / (WARN|ERROR) /.test(l))) console.log(`  log: ${line}`);
  const s = r.result.checkpoints;
  if (s !== undefined) {
    console.log(
      `  summary: ${s.completed} completed, ${s.failed} failed, avg ${s.averageDurationMs.toFixed(0)} ms, ` +
        `max ${s.maxDurationMs.toFixed(0)} ms, last ${(s.lastStateSizeBytes / MiB).toFixed(1)} MiB`,
    );
  }
}

interface RecoveryTimes {
  readonly throwToRestarting: number;
  readonly throwToRestoring: number;
  readonly throwToOpen: number;
  readonly restoredCheckpoint: string;
  readonly throwToFirstRecord: number;
  readonly throwToAllRunning: number;
}

async function recoveryOnce(): Promise<RecoveryTimes> {
  return withCheckpointDir(async (dir) => {
    const marker = join(dir, 'marker.txt');
    const config = {
      ...checkpointConfig(500, join(dir, 'checkpoints')),
      'restart-strategy.type': 'fixed-delay',
      'restart-strategy.fixed-delay.attempts': '3',
      'restart-strategy.fixed-delay.delay': '0 ms',
    };
    const r = await runBenchJob('./jobs/recovery.ts', [marker, '6000000', '1500000'], config);
    const events = readFileSync(marker, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' '));
    const thrown = events.find((e) => e[0] === 'throw');
    const at = (kind: string) => events.filter((e) => e[0] === kind && e[1] === '1').map((e) => Number(e[3]));
    const firsts = at('first');
    if (thrown === undefined || firsts.length === 0) {
      throw new Error(`recovery: no throw or no restored first record in ${marker}:\n${r.logLines.join('\n')}`);
    }
    const t0 = Number(thrown[3]);
    const restarting = logTime(r.logLines, /restarts after a task failed/) ?? Number.NaN;
    const restoring = logTime(r.logLines, /Restoring job \S+ from/) ?? Number.NaN;
    const restoredLine = r.logLines.find((l) => /Restoring job \S+ from/.test(l)) ?? '';
    return {
      throwToRestarting: restarting - t0,
      throwToRestoring: restoring - t0,
      throwToOpen: Math.min(...at('open')) - t0,
      restoredCheckpoint: /from (Checkpoint \d+|savepoint)/.exec(restoredLine)?.[1] ?? 'no checkpoint',
      throwToFirstRecord: Math.min(...firsts) - t0,
      throwToAllRunning: Math.max(...firsts) - t0,
    };
  });
}

async function recovery(): Promise<void> {
  const runs = envNumber('BENCH_RECOVERY_RUNS', 3);
  console.log(
    '(c) recovery (jobs/recovery.ts): keyed count, parallelism 2, checkpoints every 500 ms, fixed-delay restart ' +
      'with 0 ms delay; subtask 0 throws once after 1.5 M records and a completed checkpoint',
  );
  console.log(
    '  run  →JobMaster restarting  →restore (JobMaster)  →function open  →first record  →both subtasks  restored from',
  );
  const all: RecoveryTimes[] = [];
  for (let i = 0; i < runs; i++) {
    const t = await recoveryOnce();
    all.push(t);
    const ms = (x: number) => `${x.toFixed(0)} ms`;
    console.log(
      `  ${String(i + 1).padStart(3)}${ms(t.throwToRestarting).padStart(22)}${ms(t.throwToRestoring).padStart(22)}` +
        `${ms(t.throwToOpen).padStart(16)}${ms(t.throwToFirstRecord).padStart(15)}${ms(t.throwToAllRunning).padStart(16)}` +
        `  ${t.restoredCheckpoint}`,
    );
  }
  const sorted = all.map((t) => t.throwToFirstRecord).sort((a, b) => a - b);
  console.log(
    `  median throw → first restored record: ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms (target < 2000 ms)`,
  );
}

/** `npm run bench -- checkpoints [part ...]`: runs the named parts (all by default). Bench main thread. */
export async function runCheckpointBench(argv: readonly string[]): Promise<void> {
  const parts = argv.length === 0 ? PARTS : argv;
  for (const p of parts) {
    if (!PARTS.includes(p as Part)) {
      console.error(`unknown part '${p}'; usage: npm run bench -- checkpoints [${PARTS.join('|')} ...]`);
      process.exit(2);
    }
  }
  console.log(
    `weir checkpoints — ${cpus()[0]?.model ?? 'cpu'}, ${availableParallelism()} cores, ` +
      `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
  for (const p of parts as readonly Part[]) {
    console.log('');
    if (p === 'throughput') await throughput();
    else if (p === 'state') await state();
    else if (p === 'incremental') await incremental();
    else if (p === 'throughput-incremental') await throughputIncremental();
    else await recovery();
  }
}
