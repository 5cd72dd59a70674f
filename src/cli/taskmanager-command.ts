import { logAlways, setLogLevel, useJsonLogs } from '../core/log.js';
import { startTaskManager } from '../runtime/cluster/task-manager-process.js';
import { parseDaemonArgs, untilTerminated } from './daemon-args.js';

// `weir taskmanager`: runs a TaskManager process in the foreground until SIGTERM/SIGINT. It registers with the
// ResourceManager at jobmanager.rpc.address:port (retrying until it answers); print output of its tasks goes to
// this process's stdout.

const HELP = `Usage: weir taskmanager [--configDir dir] [-D key=value]...

Runs a TaskManager with taskmanager.numberOfTaskSlots slots that registers with the JobManager at
jobmanager.rpc.address:jobmanager.rpc.port. Other keys: taskmanager.host (localhost), taskmanager.rpc.port (0: any),
taskmanager.bind-host, heartbeat.interval (10 s), heartbeat.timeout (50 s).
TLS: security.ssl.internal.enabled with security.ssl.internal.keystore, .keystore-password, .truststore,
.truststore-password (PKCS12 or PEM files), as the JobManager has them.`;

export const TASK_MANAGER_STARTED = 'Weir TaskManager started: ';
/** Set by `weir run-application` on the TaskManagers it starts: their stdin is a pipe from the application. */
export const APPLICATION_TASK_MANAGER_ENV = 'WEIR_APPLICATION_TASK_MANAGER';

export async function taskManagerCommand(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const { config } = parseDaemonArgs(argv);
  if (process.env.WEIR_LOG_LEVEL === undefined) setLogLevel('info');
  useJsonLogs('taskmanager');
  const tm = await startTaskManager(config);
  logAlways(
    'TaskManager',
    `${TASK_MANAGER_STARTED}${tm.taskManagerId} at ${tm.rpc.localAddress('')} (pid ${process.pid}), registering`,
  );
  const terminated = untilTerminated();
  // A TaskManager of an application ends with it, even when the application was killed (SIGKILL): the end of its
  // stdin, a pipe from the application process, counts as SIGTERM.
  if (process.env[APPLICATION_TASK_MANAGER_ENV] === '1') {
    process.stdin.once('end', () => process.kill(process.pid, 'SIGTERM'));
    process.stdin.resume();
  }
  const signal = await terminated;
  logAlways('TaskManager', `Weir TaskManager stopping (${signal})`);
  await tm.close();
  return 0;
}
