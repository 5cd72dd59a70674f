// The TaskManagers of an application cluster (`weir run-application`): child processes (`weir taskmanager`) that
// the application's JobManager starts when a job needs slots and ends with the application. Each gets
// taskmanager.numberOfTaskSlots slots when that key is set, else one TaskManager gets as many slots as the job needs.
// Main thread of the application's JobManager process.

import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Configuration } from '../core/config/configuration.js';
import type { ResourceManager } from '../runtime/jobmanager/resourcemanager/resource-manager.js';
import { APPLICATION_TASK_MANAGER_ENV } from './taskmanager-command.js';

const ENTRY = new URL(`./cli-entry${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
const REGISTRATION_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;

export interface ApplicationTaskManagersOptions {
  readonly config: Configuration;
  /** `--configDir dir` and `-D key=value` arguments to hand on, as given to run-application. */
  readonly args: readonly string[];
  readonly jobManagerHost: string;
  readonly jobManagerPort: number;
  readonly resourceManager: ResourceManager;
}

export class ApplicationTaskManagers {
  private readonly children: ChildProcess[] = [];
  private readonly slotsPerTaskManager: number | undefined;
  private readonly exits: string[] = [];

  constructor(private readonly options: ApplicationTaskManagersOptions) {
    const configured = options.config.getEntry('taskmanager.numberOfTaskSlots');
    this.slotsPerTaskManager = configured === undefined ? undefined : Number(configured.value);
  }

  /** Starts TaskManagers until `needed` slots are registered; throws when they do not register in time. */
  async ensureSlots(needed: number): Promise<void> {
    const total = async () => (await this.options.resourceManager.describeResources()).slotsTotal;
    const missing = needed - (await total());
    if (missing <= 0) return;
    const per = this.slotsPerTaskManager ?? missing;
    for (let started = 0; started < missing; started += per) this.start(per);
    const deadline = Date.now() + REGISTRATION_TIMEOUT_MS;
    while ((await total()) < needed) {
      if (this.exits.length > 0 || Date.now() > deadline) {
        const why = this.exits.length > 0 ? this.exits.join('; ') : `not within ${REGISTRATION_TIMEOUT_MS} ms`;
        throw new Error(`The application's TaskManagers did not register ${needed} slots: ${why} (see their output)`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** SIGTERM to every TaskManager, SIGKILL to those still running after a grace period. */
  async stop(): Promise<void> {
    const running = this.children.filter((c) => c.exitCode === null && c.signalCode === null);
    const exited = running.map((c) => new Promise<void>((resolve) => c.once('exit', () => resolve())));
    for (const child of running) child.kill('SIGTERM');
    const timer = setTimeout(() => {
      for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
    }, STOP_GRACE_MS);
    await Promise.all(exited);
    clearTimeout(timer);
  }

  private start(slots: number): void {
    const argv = [
      ...process.execArgv,
      fileURLToPath(ENTRY),
      'taskmanager',
      ...this.options.args,
      '-D',
      `jobmanager.rpc.address=${this.options.jobManagerHost}`,
      '-D',
      `jobmanager.rpc.port=${this.options.jobManagerPort}`,
      '-D',
      `taskmanager.numberOfTaskSlots=${slots}`,
    ];
    // Print output of tasks reaches this process's stdout; their logs its stderr, at warn unless told otherwise.
    const env = {
      ...process.env,
      WEIR_LOG_LEVEL: process.env.WEIR_LOG_LEVEL ?? 'warn',
      [APPLICATION_TASK_MANAGER_ENV]: '1',
    };
    // stdin is a pipe the child watches: when this process ends, however it ends, the TaskManager ends too.
    const child = spawn(process.execPath, argv, { stdio: ['pipe', 'inherit', 'inherit'], env });
    child.once('exit', (code, signal) => {
      this.exits.push(`TaskManager pid ${child.pid} exited (${signal ?? `code ${code}`})`);
    });
    this.children.push(child);
  }
}
