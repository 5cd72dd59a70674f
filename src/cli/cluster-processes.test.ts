// Real processes on loopback: a JobManager and TaskManagers started through the CLI entry, a job submitted with
// `weir run -m`, TaskManagers killed with SIGKILL, and `weir cluster start/stop`. Every test ends its processes.

import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { expectedExactlyOnceLines } from '../../test/support/exactly-once-expected.js';
import { exited, LoggedProcesses } from '../../test/support/logged-processes.js';

// Compiled (npm test runs build/**): the .js entry from the build; from sources (tsx): the .ts entry through tsx.
const COMPILED = import.meta.url.endsWith('.js');
const ENTRY = fileURLToPath(new URL(COMPILED ? './cli-entry.js' : './cli-entry.ts', import.meta.url));
const CWD = fileURLToPath(new URL(COMPILED ? '../../..' : '../..', import.meta.url));
const NODE_ARGS = COMPILED ? [] : ['--import', 'tsx'];
const HEARTBEAT = ['-Dheartbeat.interval=200', '-Dheartbeat.timeout=1500'];
const LOOPBACK = ['-Djobmanager.rpc.address=127.0.0.1', '-Dtaskmanager.host=127.0.0.1'];

const dir = mkdtempSync(join(tmpdir(), 'weir-cluster-test-'));
// Restarts and restores are logged at info: the tests check them.
const processes = new LoggedProcesses(dir, {
  command: [...NODE_ARGS, ENTRY],
  cwd: CWD,
  env: { WEIR_LOG_LEVEL: 'info' },
});
const weir = (args: readonly string[], name: string) => processes.start(args, name);
const read = (name: string) => processes.read(name);

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Alive and not a zombie (a daemon whose parent exited is reaped by whoever adopted it, maybe late). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = `/proc/${pid}/stat`;
  return !existsSync(stat) || !/^\d+ \(.*\) Z/.test(readFileSync(stat, 'utf8'));
}

async function taskManagersAt(restUrl: string): Promise<number> {
  const res = await fetch(`${restUrl}/overview`);
  return ((await res.json()) as { taskmanagers: number }).taskmanagers;
}

async function jobState(restUrl: string, jobId: string): Promise<string> {
  return ((await (await fetch(`${restUrl}/jobs/${jobId}`)).json()) as { state: string }).state;
}

async function startJobManager(name: string): Promise<{ restUrl: string; rpcPort: string; child: ChildProcess }> {
  const child = weir(['jobmanager', '-Drest.port=0', '-Djobmanager.rpc.port=0', ...LOOPBACK, ...HEARTBEAT], name);
  const line = await until(
    'the JobManager',
    () => /REST API at (\S+), RPC at \S+:(\d+)\//.exec(read(`${name}.log`)) ?? undefined,
  );
  return { restUrl: line[1] as string, rpcPort: line[2] as string, child };
}

function startTaskManager(name: string, rpcPort: string): ChildProcess {
  const args = [`-Djobmanager.rpc.port=${rpcPort}`, '-Dtaskmanager.numberOfTaskSlots=2', ...LOOPBACK, ...HEARTBEAT];
  return weir(['taskmanager', ...args], name);
}

// Each test ends the processes it started (by their ids), whether it passed or not.
afterEach(() => processes.endAll());

after(() => rmSync(dir, { recursive: true, force: true }));

describe('a JobManager and TaskManager processes', () => {
  it('runs a job submitted with -m; its print output lands in the TaskManager .out file', async () => {
    const { restUrl, rpcPort } = await startJobManager('jm1');
    startTaskManager('tm1', rpcPort);
    await until('the TaskManager to register', async () => ((await taskManagersAt(restUrl)) === 1 ? true : undefined));
    const job = join(dir, 'job.ts');
    writeFileSync(
      job,
      "import { StreamExecutionEnvironment } from 'weir';\n" +
        'const env = StreamExecutionEnvironment.getExecutionEnvironment();\n' +
        'env.setParallelism(2);\n' +
        "env.fromData(1, 2, 3, 4).map((x: number) => 'value-' + x * 10).print();\n" +
        "await env.execute('remote');\n",
    );
    const run = weir(['run', '-m', restUrl.replace('http://', ''), job], 'run1');
    assert.equal(await exited(run), 0, read('run1.log'));
    assert.match(read('run1.out'), /Job has been submitted with JobID [0-9a-f]{32}\n[\s\S]*has finished/);
    // Which subtask prints which value depends on split assignment; the values and the prefixes do not.
    const printed = read('tm1.out').trim().split('\n');
    assert.ok(
      printed.every((line) => /^[12]> /.test(line)),
      printed.join('\n'),
    );
    assert.deepEqual(printed.map((line) => line.slice(3)).sort(), ['value-10', 'value-20', 'value-30', 'value-40']);
  });

  it('removes a TaskManager killed with SIGKILL after heartbeat.timeout; a new one registers', async () => {
    const { restUrl, rpcPort } = await startJobManager('jm2');
    const tm = startTaskManager('tm2', rpcPort);
    await until('the TaskManager to register', async () => ((await taskManagersAt(restUrl)) === 1 ? true : undefined));
    // A job that runs until stopped, submitted detached: weir run prints its id and returns.
    const job = join(dir, 'endless.ts');
    writeFileSync(
      job,
      "import { StreamExecutionEnvironment } from 'weir';\n" +
        'const env = StreamExecutionEnvironment.getExecutionEnvironment();\n' +
        'env.setParallelism(1);\n' +
        'env.fromSequence(1, 1e12).filter((x: number) => x % 1e9 === 0).print();\n' +
        "await env.execute('endless');\n",
    );
    const run = weir(['run', '-m', restUrl.replace('http://', ''), '--detached', job], 'run2');
    assert.equal(await exited(run), 0, read('run2.log'));
    const jobId = (/JobID ([0-9a-f]{32})/.exec(read('run2.out')) as RegExpExecArray)[1] as string;
    // Every task running, not only the job: a TaskManager killed while a deployment is in flight fails that call
    // (RpcDisconnectedError) before the heartbeat timeout could.
    await until('the tasks to run', async () => {
      const job = (await (await fetch(`${restUrl}/jobs/${jobId}`)).json()) as { vertices: { status: string }[] };
      return job.vertices.length > 0 && job.vertices.every((v) => v.status === 'RUNNING') ? true : undefined;
    });
    const killedAt = Date.now();
    tm.kill('SIGKILL');
    await exited(tm);
    await until('the lost TaskManager to be removed', async () =>
      (await taskManagersAt(restUrl)) === 0 ? true : undefined,
    );
    const detectedMs = Date.now() - killedAt;
    assert.ok(detectedMs >= 1000, `removed after ${detectedMs} ms, before the 1500 ms heartbeat timeout`);
    assert.match(read('jm2.log'), /sent no heartbeat for \d+ ms \(heartbeat.timeout 1500 ms\)/);
    // No checkpointing, so no restarts: the job fails, and says why.
    await until('the job to fail', async () => ((await jobState(restUrl, jobId)) === 'FAILED' ? true : undefined));
    const exceptions = await (await fetch(`${restUrl}/jobs/${jobId}/exceptions`)).text();
    assert.match(exceptions, /sent no heartbeat for \d+ ms/);
    startTaskManager('tm2b', rpcPort);
    await until('the new TaskManager to register', async () =>
      (await taskManagersAt(restUrl)) === 1 ? true : undefined,
    );
  });
});

/**
 * An exactly-once job at parallelism 2 per TaskManager on `taskManagers` TaskManagers (channels cross TCP when
 * there are two); the first TaskManager is killed with SIGKILL after a checkpoint and a new one started.
 */
async function killTaskManagerDuringExactlyOnceJob(name: string, taskManagers: number): Promise<void> {
  const { restUrl, rpcPort } = await startJobManager(`jm-${name}`);
  const tm = startTaskManager(`tm-${name}-1`, rpcPort);
  for (let i = 2; i <= taskManagers; i++) startTaskManager(`tm-${name}-${i}`, rpcPort);
  await until('the TaskManagers to register', async () =>
    (await taskManagersAt(restUrl)) === taskManagers ? true : undefined,
  );
  const out = join(dir, `${name}-out`);
  const n = 60_000;
  const job = fileURLToPath(
    new URL(
      COMPILED ? '../../../test/jobs/exactly-once-file-sink.ts' : '../../test/jobs/exactly-once-file-sink.ts',
      import.meta.url,
    ),
  );
  const config = [
    '-Dexecution.checkpointing.interval=100ms',
    `-Dexecution.checkpointing.dir=${join(dir, `${name}-checkpoints`)}`,
    '-Drestart-strategy.type=fixed-delay',
    '-Drestart-strategy.fixed-delay.attempts=5',
    '-Drestart-strategy.fixed-delay.delay=100ms',
  ];
  const run = weir(
    [
      'run',
      '-m',
      restUrl.replace('http://', ''),
      '--detached',
      '-p',
      String(2 * taskManagers),
      ...config,
      job,
      '--',
      out,
      String(n),
    ],
    `run-${name}`,
  );
  assert.equal(await exited(run), 0, read(`run-${name}.log`));
  const jobId = (/JobID ([0-9a-f]{32})/.exec(read(`run-${name}.out`)) as RegExpExecArray)[1] as string;
  const checkpoints = async () =>
    ((await (await fetch(`${restUrl}/jobs/${jobId}/checkpoints`)).json()) as { counts: { completed: number } }).counts
      .completed;
  await until('a completed checkpoint', async () => ((await checkpoints()) >= 1 ? true : undefined));
  tm.kill('SIGKILL');
  await exited(tm);
  startTaskManager(`tm-${name}-new`, rpcPort);
  await until(
    'the job to finish on the new TaskManager',
    async () => {
      const state = await jobState(restUrl, jobId);
      if (state === 'FAILED') throw new Error(`the job failed:\n${read(`jm-${name}.log`)}`);
      return state === 'FINISHED' ? true : undefined;
    },
    60_000,
  );
  const lines: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(d, entry.name));
      else if (!entry.name.startsWith('.'))
        lines.push(...readFileSync(join(d, entry.name), 'utf8').split('\n').filter(Boolean));
    }
  };
  walk(out);
  assert.match(read(`jm-${name}.log`), /TaskManager \S+ lost: requesting 2 slots/);
  assert.match(read(`jm-${name}.log`), /Restoring job \w+ from Checkpoint \d+/);
  const expected = expectedExactlyOnceLines(n);
  assert.equal(lines.length, expected.length, `${lines.length} lines, expected ${expected.length}`);
  assert.deepEqual(lines.sort(), expected);
}

describe('kill -9 of a TaskManager during an exactly-once job', () => {
  it('recovers on a newly registered TaskManager from the latest checkpoint; the files hold every result once', () =>
    killTaskManagerDuringExactlyOnceJob('eo', 1));

  it('does so too when the job spans two TaskManagers and its channels cross TCP', () =>
    killTaskManagerDuringExactlyOnceJob('eo2', 2));
});

describe('a job whose channels cross TaskManager processes', () => {
  it('exchanges records over TCP between the slot workers of two TaskManagers', async () => {
    const { restUrl, rpcPort } = await startJobManager('jm4');
    startTaskManager('tm4a', rpcPort);
    startTaskManager('tm4b', rpcPort);
    await until('two TaskManagers', async () => ((await taskManagersAt(restUrl)) === 2 ? true : undefined));
    const job = join(dir, 'keyed.ts');
    writeFileSync(
      job,
      "import { StreamExecutionEnvironment } from 'weir';\n" +
        'const env = StreamExecutionEnvironment.getExecutionEnvironment();\n' +
        'env.setParallelism(4);\n' +
        "env.fromSequence(1, 20000).map((x: number) => ({ key: x % 37, one: 1 })).keyBy((r) => r.key).sum('one')\n" +
        "  .map((r) => r.key + '=' + r.one).print();\n" +
        "await env.execute('keyed across TaskManagers');\n",
    );
    const run = weir(['run', '-m', restUrl.replace('http://', ''), job], 'run4');
    assert.equal(await exited(run), 0, read('run4.log'));
    // Four subtasks on two TaskManagers of two slots: each TaskManager prints the keys its subtasks own.
    const printed = [...read('tm4a.out').trim().split('\n'), ...read('tm4b.out').trim().split('\n')].filter(Boolean);
    assert.ok(read('tm4a.out').length > 0 && read('tm4b.out').length > 0, 'both TaskManagers ran keyed subtasks');
    const counts = new Map<number, number>();
    const expected: string[] = [];
    for (let x = 1; x <= 20000; x++) {
      const count = (counts.get(x % 37) ?? 0) + 1;
      counts.set(x % 37, count);
      expected.push(`${x % 37}=${count}`);
    }
    assert.equal(printed.length, expected.length);
    assert.deepEqual(printed.map((line) => line.slice(3)).sort(), expected.sort());
  });
});

describe('a TaskManager whose JobManager died', () => {
  it('releases its slots after heartbeat.timeout and registers with the JobManager that replaces it', async () => {
    const first = await startJobManager('jm3');
    startTaskManager('tm3', first.rpcPort);
    await until('the TaskManager to register', async () =>
      (await taskManagersAt(first.restUrl)) === 1 ? true : undefined,
    );
    first.child.kill('SIGKILL');
    await exited(first.child);
    await until('the TaskManager to notice', () =>
      /JobManager at \S+ silent for/.test(read('tm3.log')) ? true : undefined,
    );
    weir(['jobmanager', '-Drest.port=0', `-Djobmanager.rpc.port=${first.rpcPort}`, ...LOOPBACK, ...HEARTBEAT], 'jm3b');
    const restUrl = await until('the new JobManager', () => /REST API at (\S+),/.exec(read('jm3b.log'))?.[1]);
    await until('the TaskManager to register again', async () =>
      (await taskManagersAt(restUrl)) === 1 ? true : undefined,
    );
  });
});

describe('weir cluster start / stop', () => {
  it('starts a JobManager and two TaskManagers in the background and stops them', async () => {
    const logDir = join(dir, 'cluster-log');
    const conf = [`-Dlog.dir=${logDir}`, '-Drest.port=0', '-Djobmanager.rpc.port=0', ...LOOPBACK, ...HEARTBEAT];
    const start = weir(['cluster', 'start', '--taskmanagers', '2', ...conf], 'start');
    try {
      await startAndStop(start, logDir);
    } finally {
      // Detached daemons are not our children: if the round trip failed half-way, end them by their pid files.
      for (const f of existsSync(logDir) ? readdirSync(logDir).filter((n) => n.endsWith('.pid')) : []) {
        const pid = Number(readFileSync(join(logDir, f), 'utf8'));
        if (running(pid)) process.kill(pid, 'SIGKILL');
      }
    }
  });
});

async function startAndStop(start: ChildProcess, logDir: string): Promise<void> {
  assert.equal(await exited(start), 0, read('start.log'));
  const restUrl = (/REST API at (\S+),/.exec(read('start.out')) as RegExpExecArray)[1] as string;
  assert.equal(await taskManagersAt(restUrl), 2);
  const files = readdirSync(logDir).sort();
  for (const role of ['jobmanager', 'taskmanager-0', 'taskmanager-1']) {
    assert.ok(files.includes(`weir-${role}.pid`), `${role} pid file in ${files}`);
    assert.ok(
      files.some((f) => f.startsWith(`weir-${role}-`) && f.endsWith('.log')),
      `${role} log in ${files}`,
    );
    assert.ok(
      files.some((f) => f.startsWith(`weir-${role}-`) && f.endsWith('.out')),
      `${role} out in ${files}`,
    );
  }
  const pids = ['jobmanager', 'taskmanager-0', 'taskmanager-1'].map((r) =>
    Number(readFileSync(join(logDir, `weir-${r}.pid`), 'utf8')),
  );
  const stop = weir(['cluster', 'stop', `-Dlog.dir=${logDir}`], 'stop');
  assert.equal(await exited(stop), 0, read('stop.log'));
  for (const pid of pids) assert.equal(running(pid), false, `pid ${pid} still runs`);
  assert.deepEqual(
    readdirSync(logDir).filter((f) => f.endsWith('.pid')),
    [],
  );
}
