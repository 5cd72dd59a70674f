import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// `npm run bench -- cluster`: the keyed exchange of benchmark (b) on a real cluster — a JobManager process and two
// TaskManager processes of one slot each, so the keyBy exchange crosses TCP between the slot workers of the two
// processes for half of the records. Throughput is measured in the sinks (first record to end of input), as in (b).

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin/weir.mjs');
const loopback = ['-Djobmanager.rpc.address=127.0.0.1', '-Dtaskmanager.host=127.0.0.1'];

interface Started {
  readonly child: ChildProcess;
  readonly out: string;
  readonly err: string;
}

function weir(args: readonly string[], dir: string, name: string): Started {
  const out = join(dir, `${name}.out`);
  const err = join(dir, `${name}.log`);
  const child = spawn('sh', ['-c', `exec "${process.execPath}" "${bin}" "$@" >"${out}" 2>"${err}"`, 'weir', ...args], {
    cwd: root,
    stdio: 'ignore',
  });
  return { child, out, err };
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', resolve));
}

/** Runs the keyed exchange on a JobManager and `taskManagers` TaskManager processes; returns records and seconds. */
export async function runOnCluster(records: number, taskManagers = 2): Promise<{ records: number; seconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'weir-bench-cluster-'));
  const started: Started[] = [];
  try {
    const jm = weir(['jobmanager', '-Drest.port=0', '-Djobmanager.rpc.port=0', ...loopback], dir, 'jm');
    started.push(jm);
    const [, restUrl, rpcPort] = await until(
      'the JobManager',
      () => /REST API at (\S+), RPC at \S+:(\d+)\//.exec(read(jm.err)) ?? undefined,
    );
    for (let i = 0; i < taskManagers; i++) {
      const args = ['taskmanager', `-Djobmanager.rpc.port=${rpcPort}`, '-Dtaskmanager.numberOfTaskSlots=1'];
      started.push(weir([...args, ...loopback], dir, `tm${i}`));
    }
    await until('the TaskManagers', async () => {
      const overview = (await (await fetch(`${restUrl}/overview`)).json()) as { taskmanagers: number };
      return overview.taskmanagers === taskManagers ? true : undefined;
    });
    const job = join(root, 'bench/jobs/keyed-exchange.ts');
    const run = weir(['run', '-m', restUrl.replace('http://', ''), job, '--', String(records), '1', '-'], dir, 'run');
    const code = await exited(run.child);
    if (code !== 0) throw new Error(`weir run failed (${code}):\n${read(run.err)}`);
    const reports = started
      .slice(1)
      .flatMap((tm) => [...read(tm.out).matchAll(/^throughput-report (\d+) (\d+) ([\d.]+)$/gm)]);
    if (reports.length !== 2) throw new Error(`expected 2 sink reports, found ${reports.length}`);
    return {
      records: reports.reduce((sum, r) => sum + Number(r[2]), 0),
      seconds: Math.max(...reports.map((r) => Number(r[3]))) / 1000,
    };
  } finally {
    for (const { child } of started) child.kill('SIGKILL');
    await Promise.all(started.map(({ child }) => exited(child)));
    rmSync(dir, { recursive: true, force: true });
  }
}
