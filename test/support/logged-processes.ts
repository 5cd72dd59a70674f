// `weir` processes of a cluster test (JobManagers, TaskManagers, clients), each writing its stdout to `<name>.out`
// and its stderr to `<name>.log` in one folder, as `weir cluster start` lays out its processes. Tests read those
// files while the processes run and end every process they started (by its pid).

import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './run-weir.js';

export interface LoggedProcessesOptions {
  /** How to start the CLI: node arguments and the entry file; default `bin/weir.mjs` (the compiled CLI). */
  readonly command?: readonly string[];
  readonly cwd?: string;
  /** Extra environment; WEIR_CONF_DIR and FLINK_CONF_DIR are always removed (no stray configuration). */
  readonly env?: Record<string, string>;
}

export class LoggedProcesses {
  private readonly children = new Set<ChildProcess>();
  private readonly command: readonly string[];
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly dir: string,
    private readonly options: LoggedProcessesOptions = {},
  ) {
    this.command = options.command ?? ['bin/weir.mjs'];
    this.env = { ...process.env, ...options.env };
    delete this.env.WEIR_CONF_DIR;
    delete this.env.FLINK_CONF_DIR;
  }

  /** Starts `weir <args>` with its output appended to `<name>.out` and `<name>.log`. */
  start(args: readonly string[], name: string): ChildProcess {
    const out = openSync(join(this.dir, `${name}.out`), 'a');
    const err = openSync(join(this.dir, `${name}.log`), 'a');
    const child = spawn(process.execPath, [...this.command, ...args], {
      cwd: this.options.cwd ?? ROOT,
      stdio: ['ignore', out, err],
      env: this.env,
    });
    closeSync(out);
    closeSync(err);
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  /** What a process wrote so far to `<name>` (e.g. 'jm.log'); '' before it wrote anything. */
  read(name: string): string {
    const path = join(this.dir, name);
    return existsSync(path) ? readFileSync(path, 'utf8') : '';
  }

  /** SIGKILLs every process still running and waits for them. */
  async endAll(): Promise<void> {
    const running = [...this.children];
    for (const child of running) child.kill('SIGKILL');
    await Promise.all(running.map(exited));
  }
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}
