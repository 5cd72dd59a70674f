// `weir run-application <job file>` (Flink's `flink run-application`): application mode. This process becomes the
// JobManager of a cluster for this one application: it serves REST (rest.port) and RPC, starts TaskManager processes
// with the slots the job needs, runs the job module's main() here (so the JobGraph is built on the cluster, not on a
// client), and ends with the application: exit code 0 when every job FINISHED, 1 when one FAILED or was CANCELED
// (its exception printed). `-d` starts the same command in the background and returns once its REST API answers.
// Main thread of the application's JobManager process.

import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JobClient } from '../api/execution/job-client.js';
import type { Configuration } from '../core/config/configuration.js';
import { logAlways } from '../core/log.js';
import { dispatcherRestGateway } from '../rest/dispatcher-rest-gateway.js';
import { startRestServer } from '../rest/rest-server.js';
import { ClusterOptions, jobManagerSettings } from '../runtime/cluster/cluster-options.js';
import {
  DISPATCHER_ENDPOINT,
  type RunningJobManager,
  startJobManager,
} from '../runtime/cluster/job-manager-process.js';
import { planPipeline } from '../runtime/job-loading/plan-pipeline.js';
import { requiredSlots } from '../runtime/jobmanager/jobmaster/deployment-planner.js';
import type { DispatcherGateway } from '../runtime/rpc/gateways.js';
import { tlsOptions } from '../runtime/rpc/tls-options.js';
import { ApplicationTaskManagers } from './application-task-managers.js';
import { type JobCommandArgs, parseJobCommand } from './args.js';
import { clientConfiguration } from './daemon-args.js';
import { jobInformation, RemoteJobClient } from './dispatcher-job-client.js';
import { type ClientRun, runJobModule } from './load-job.js';

const HELP = `Usage: weir run-application <job file> [options] [-- job args]

Runs the job in application mode: this command becomes a JobManager for the job alone (REST on rest.port, RPC on
jobmanager.rpc.port, default any free port), starts TaskManager processes with the slots the job needs
(taskmanager.numberOfTaskSlots per TaskManager when set, else one TaskManager with enough slots), runs the job's
main() on it, and exits when the job ends: 0 when it FINISHED, 1 when it FAILED or was CANCELED.

Options:
  -p, --parallelism N   default parallelism (parallelism.default)
  -D key=value          a configuration option (also security.ssl.* for TLS, rest.port, heartbeat.*)
  -d, --detached        run in the background; logs in log.dir (./log); prints the REST address and returns
  -h, --help            this help`;

/** The line announcing the REST address; the detached launcher and tests read it. */
export const APPLICATION_STARTED = 'Weir application cluster started: REST API at ';
const ENTRY = new URL(`./cli-entry${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
const DETACHED_START_TIMEOUT_MS = 60_000;

export async function runApplicationCommand(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const args = parseJobCommand(argv, ['-d', '--detached']);
  if (args.flags.has('-d') || args.flags.has('--detached')) return startDetached(argv, args);
  return runApplication(args);
}

async function runApplication(args: JobCommandArgs): Promise<number> {
  const config = clientConfiguration(args.config);
  // One cluster per application: its RPC port is any free one unless configured.
  if (config.getEntry('jobmanager.rpc.port') === undefined) config.setString('jobmanager.rpc.port', '0', 'application');
  const restTls = tlsOptions(config, 'rest');
  const jm = await startJobManager(config, (dispatcher, settings) =>
    startRestServer({
      port: settings.restPort,
      address: settings.restAddress,
      gateway: dispatcherRestGateway(dispatcher),
      tls: restTls?.server,
    }),
  );
  logAlways(
    'Application',
    `${APPLICATION_STARTED}${jm.rest.url}, RPC at ${jm.rpc.localAddress('')} (pid ${process.pid})`,
  );
  const taskManagers = new ApplicationTaskManagers({
    config,
    args: Object.entries(args.config).flatMap(([key, value]) => ['-D', `${key}=${value}`]),
    jobManagerHost: jobManagerSettings(config).rpcHost,
    jobManagerPort: jm.rpcPort,
    resourceManager: jm.resourceManager,
  });
  const clients: JobClient[] = [];
  // Ctrl-C / SIGTERM cancel the jobs; the application then ends CANCELED and shuts its cluster down. Before any job
  // was submitted, or on a second signal, it exits at once (its TaskManagers follow: their stdin pipe closes).
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled || clients.length === 0) process.exit(signal === 'SIGINT' ? 130 : 143);
    signalled = true;
    for (const client of clients) void client.cancel().catch(() => {});
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const run = await runJobModule(args.jobFile, args.jobArgs, args.config, (artifact) => ({
      async execute(pipeline) {
        const { jobGraph } = planPipeline(pipeline);
        await taskManagers.ensureSlots(requiredSlots(jobGraph));
        const dispatcher = jm.rpc.connect<DispatcherGateway>(DISPATCHER_ENDPOINT, 30_000);
        const info = jobInformation(pipeline, jobGraph, artifact, artifact.url, args.jobArgs);
        const { jobId } = await dispatcher.submitJob(info);
        process.stderr.write(`Job has been submitted with JobID ${jobId}\n`);
        const client = new RemoteJobClient(jobId, jobGraph.jobName, dispatcher, false);
        clients.push(client);
        return client;
      },
    }));
    await awaitJobs(run);
    return 0;
  } catch (error) {
    const isJobFailure = error instanceof Error && error.name === 'JobExecutionError';
    const text =
      error instanceof Error ? (isJobFailure ? (error.stack ?? error.message) : error.message) : String(error);
    process.stderr.write(`${text}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await shutDown(jm, taskManagers);
  }
}

/** Waits for the module and for every job it started (a module may executeAsync() and not wait). */
async function awaitJobs(run: ClientRun): Promise<void> {
  await run.finished;
  for (const client of run.clients) {
    const result = await client.getJobExecutionResult();
    process.stderr.write(`Job with JobID ${result.jobId} has finished.\nJob Runtime: ${result.netRuntime} ms\n`);
  }
}

async function shutDown(jm: RunningJobManager, taskManagers: ApplicationTaskManagers): Promise<void> {
  await taskManagers.stop();
  await jm.close();
}

/** Starts this command again without -d, in the background with its output in log.dir; returns once REST answers. */
async function startDetached(argv: readonly string[], args: JobCommandArgs): Promise<number> {
  const config: Configuration = clientConfiguration(args.config);
  const logDir = resolve(config.get(ClusterOptions.LOG_DIR) ?? 'log');
  mkdirSync(logDir, { recursive: true });
  const base = join(logDir, `weir-application-${Date.now()}-${hostname()}`);
  const out = openSync(`${base}.out`, 'a');
  const err = openSync(`${base}.log`, 'a');
  const rest = argv.filter((arg, i) => i >= argv.indexOf(args.jobFile) || (arg !== '-d' && arg !== '--detached'));
  const child: ChildProcess = spawn(
    process.execPath,
    [...process.execArgv, fileURLToPath(ENTRY), 'run-application', ...rest],
    { detached: true, stdio: ['ignore', out, err], env: process.env },
  );
  closeSync(out);
  closeSync(err);
  child.unref();
  const deadline = Date.now() + DETACHED_START_TIMEOUT_MS;
  for (;;) {
    const log = existsSync(`${base}.log`) ? readFileSync(`${base}.log`, 'utf8') : '';
    const url = new RegExp(`${APPLICATION_STARTED}(\\S+),`).exec(log)?.[1];
    if (url !== undefined) {
      process.stdout.write(
        `Application started in the background (pid ${child.pid}): REST API at ${url}\nLogs: ${base}.log, output: ${base}.out\n`,
      );
      return 0;
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      process.stderr.write(
        `weir run-application: the application did not start; ${base}.log ends with:\n${log.slice(-2000)}\n`,
      );
      return 1;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
