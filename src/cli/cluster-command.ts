import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { ConfigOptions } from '../core/config/config-option.js';
import { ClusterOptions } from '../runtime/cluster/cluster-options.js';
import { restClientTlsOptions } from '../runtime/rpc/tls-options.js';
import { UsageError } from './args.js';
import { type DaemonArgs, parseDaemonArgs } from './daemon-args.js';
import { JOB_MANAGER_STARTED } from './jobmanager-command.js';
import { requestJson } from './rest-client.js';

// `weir cluster start [--taskmanagers N]` / `weir cluster stop` (Flink's start-cluster.sh / stop-cluster.sh): the
// JobManager and N TaskManagers as detached background processes, each with a pid file and its own .log (stderr)
// and .out (stdout: print sinks) file in log.dir (default ./log), named by role as Flink names them. start waits
// until the REST API answers and N TaskManagers registered; stop sends SIGTERM, then SIGKILL after a grace period.

const HELP = `Usage: weir cluster start [--taskmanagers N] [--timeout seconds] [--configDir dir] [-D key=value]...
       weir cluster stop [--grace seconds] [--configDir dir] [-D key=value]...

start: a JobManager and N TaskManagers (default 1) in the background; logs and pid files in log.dir (./log).
stop:  SIGTERM to every process of the cluster, SIGKILL to those still running after the grace period (10 s).`;

const PID_DIR = ConfigOptions.key('env.pid.dir').stringType().noDefaultValue();
const ENTRY = new URL(`./cli-entry${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

export async function clusterCommand(argv: readonly string[]): Promise<number> {
  const [action, ...rest] = argv;
  if (action === undefined || action === '--help' || action === '-h') {
    process.stdout.write(`${HELP}\n`);
    return action === undefined ? 2 : 0;
  }
  if (action === 'start') return startCluster(parseDaemonArgs(rest, ['--taskmanagers', '--timeout']));
  if (action === 'stop') return stopCluster(parseDaemonArgs(rest, ['--grace']));
  throw new UsageError(`Unknown action '${action}': use 'weir cluster start' or 'weir cluster stop'`);
}

interface ClusterDirs {
  readonly logDir: string;
  readonly pidDir: string;
}

function dirsOf(args: DaemonArgs): ClusterDirs {
  const logDir = resolve(args.config.get(ClusterOptions.LOG_DIR) ?? 'log');
  return { logDir, pidDir: resolve(args.config.get(PID_DIR) ?? logDir) };
}

function positiveNumber(args: DaemonArgs, flag: string, fallback: number): number {
  const raw = args.values.get(flag);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!(value > 0)) throw new UsageError(`${flag} needs a positive number, got '${raw}'`);
  return value;
}

async function startCluster(args: DaemonArgs): Promise<number> {
  const taskManagers = positiveNumber(args, '--taskmanagers', 1);
  if (!Number.isInteger(taskManagers)) throw new UsageError('--taskmanagers needs a whole number');
  const deadline = Date.now() + positiveNumber(args, '--timeout', 60) * 1000;
  const dirs = dirsOf(args);
  mkdirSync(dirs.logDir, { recursive: true });
  mkdirSync(dirs.pidDir, { recursive: true });
  const running = readPidFiles(dirs.pidDir).filter((p) => isAlive(p.pid));
  if (running.length > 0) {
    process.stderr.write(
      `weir cluster start: a cluster already runs (${running.map((p) => `${p.role} pid ${p.pid}`).join(', ')}); run 'weir cluster stop' first\n`,
    );
    return 1;
  }
  try {
    return await launch(args, dirs, taskManagers, deadline);
  } catch (error) {
    // Leave nothing half-started behind: end what was spawned and drop its pid files.
    for (const f of readPidFiles(dirs.pidDir)) {
      if (isAlive(f.pid)) process.kill(f.pid, 'SIGKILL');
      rmSync(f.path, { force: true });
    }
    process.stderr.write(`weir cluster start: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

async function launch(args: DaemonArgs, dirs: ClusterDirs, taskManagers: number, deadline: number): Promise<number> {
  const host = hostname();
  const common = [
    ...(args.configDir === undefined ? [] : ['--configDir', args.configDir]),
    ...args.dynamic.flatMap((d) => ['-D', d]),
  ];
  const jmLog = join(dirs.logDir, `weir-jobmanager-${host}.log`);
  spawnDaemon('jobmanager', ['jobmanager', ...common], jmLog, dirs);
  const started = await waitForLine(jmLog, JOB_MANAGER_STARTED, deadline);
  const match = /REST API at (\S+), RPC at weir\.tcp:\/\/(.+):(\d+)\//.exec(started);
  if (match === null) throw new Error(`Could not read the JobManager's addresses from ${jmLog}: '${started}'`);
  const [, restUrl, rpcHost, rpcPort] = match as unknown as [string, string, string, string];
  const tmArgs = [...common, '-D', `jobmanager.rpc.address=${rpcHost}`, '-D', `jobmanager.rpc.port=${rpcPort}`];
  for (let i = 0; i < taskManagers; i++) {
    spawnDaemon(
      `taskmanager-${i}`,
      ['taskmanager', ...tmArgs],
      join(dirs.logDir, `weir-taskmanager-${i}-${host}.log`),
      dirs,
    );
  }
  await waitForTaskManagers(restUrl, restClientTlsOptions(args.config), taskManagers, deadline, jmLog);
  process.stdout.write(
    `Weir cluster started: REST API at ${restUrl}, ${taskManagers} TaskManager(s); logs in ${dirs.logDir}\n`,
  );
  return 0;
}

function spawnDaemon(role: string, argv: readonly string[], logFile: string, dirs: ClusterDirs): ChildProcess {
  const out = openSync(logFile.replace(/\.log$/, '.out'), 'a');
  const err = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(ENTRY), ...argv], {
    detached: true,
    stdio: ['ignore', out, err],
    env: process.env,
  });
  closeSync(out);
  closeSync(err);
  child.unref();
  if (child.pid === undefined) throw new Error(`Could not start the ${role} process (see ${logFile})`);
  writeFileSync(join(dirs.pidDir, `weir-${role}.pid`), `${child.pid}\n`);
  return child;
}

async function waitForLine(file: string, prefix: string, deadline: number): Promise<string> {
  for (;;) {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    // Plain or JSON (pino) lines: the start line holds the prefix somewhere.
    const line = text.split('\n').find((l) => l.includes(prefix));
    if (line !== undefined) return line;
    if (Date.now() > deadline || /^weir: |Error: /m.test(text)) {
      throw new Error(`The JobManager did not start; the end of ${file}:\n${text.split('\n').slice(-15).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function waitForTaskManagers(
  restUrl: string,
  tls: ConnectionOptions | undefined,
  n: number,
  deadline: number,
  jmLog: string,
): Promise<void> {
  let seen = 0;
  while (Date.now() <= deadline) {
    try {
      seen = ((await requestJson(`${restUrl}/overview`, 'GET', undefined, tls)) as { taskmanagers: number })
        .taskmanagers;
      if (seen >= n) return;
    } catch {
      // not answering yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Only ${seen} of ${n} TaskManagers registered in time; see the logs next to ${jmLog}`);
}

interface PidFile {
  readonly role: string;
  readonly pid: number;
  readonly path: string;
}

function readPidFiles(pidDir: string): PidFile[] {
  if (!existsSync(pidDir)) return [];
  return readdirSync(pidDir)
    .filter((name) => /^weir-(jobmanager|taskmanager-\d+)\.pid$/.test(name))
    .map((name) => {
      const path = join(pidDir, name);
      return { role: name.slice(5, -4), pid: Number(readFileSync(path, 'utf8').trim()), path };
    });
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A recycled pid must not be killed: on Linux, check that the process is one of ours.
  const cmdline = `/proc/${pid}/cmdline`;
  return !existsSync(cmdline) || readFileSync(cmdline, 'utf8').includes('cli-entry');
}

async function stopCluster(args: DaemonArgs): Promise<number> {
  const graceMs = positiveNumber(args, '--grace', 10) * 1000;
  const { pidDir } = dirsOf(args);
  // TaskManagers first, so the JobManager sees them go rather than the other way round.
  const files = readPidFiles(pidDir).sort((a, b) => Number(a.role === 'jobmanager') - Number(b.role === 'jobmanager'));
  if (files.length === 0) {
    process.stdout.write(`No Weir cluster to stop (no pid files in ${pidDir})\n`);
    return 0;
  }
  for (const f of files) if (isAlive(f.pid)) process.kill(f.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (files.some((f) => isAlive(f.pid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const f of files) {
    if (isAlive(f.pid)) {
      process.stderr.write(`${f.role} (pid ${f.pid}) did not stop within ${graceMs} ms: killing it (SIGKILL)\n`);
      process.kill(f.pid, 'SIGKILL');
    }
    rmSync(f.path, { force: true });
    process.stdout.write(`Stopped ${f.role} (pid ${f.pid})\n`);
  }
  return 0;
}
