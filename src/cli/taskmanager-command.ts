import { logAlways, setLogLevel, useJsonLogs } from '../core/log.js';
import { startTaskManager } from '../runtime/cluster/task-manager-process.js';
import { parseDaemonArgs, untilTerminated } from './daemon-args.js';

// `weir taskmanager`: runs a TaskManager process in the foreground until SIGTERM/SIGINT. It registers with the
// ResourceManager at jobmanager.rpc.address:port (retrying until it answers); print output of its tasks goes to
// this process's stdout.

const HELP = `Usage: weir taskmanager [--configDir dir] [-D key=value]...

Runs a TaskManager with taskmanager.numberOfTaskSlots slots that registers with the JobManager at
jobmanager.rpc.address:jobmanager.rpc.port. Other keys: taskmanager.host (localhost), taskmanager.rpc.port (0: any),
taskmanager.bind-host, heartbeat.interval (10 s), heartbeat.timeout (50 s).`;

export const TASK_MANAGER_STARTED = 'Weir TaskManager started: ';

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
  const signal = await untilTerminated();
  logAlways('TaskManager', `Weir TaskManager stopping (${signal})`);
  await tm.close();
  return 0;
}
