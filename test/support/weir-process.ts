// A `weir` command left running in a child process (a JobManager, an application), for tests that talk to it
// while it runs. Output is collected as it comes; end() kills it by its pid (tests end what they start).

import { type ChildProcess, spawn } from 'node:child_process';
import { ROOT } from './run-weir.js';

export interface WeirProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code once the process ended. */
  readonly exited: Promise<number | null>;
  /** SIGKILL unless it already ended. */
  end(): Promise<void>;
}

export function startWeir(args: readonly string[], env: Record<string, string | undefined> = {}): WeirProcess {
  const child = spawn(process.execPath, ['bin/weir.mjs', ...args], {
    cwd: ROOT,
    env: { ...process.env, WEIR_CONF_DIR: undefined, FLINK_CONF_DIR: undefined, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    end: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Polls `probe` until it returns a value; throws naming `what` after timeoutMs. */
export async function until<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
