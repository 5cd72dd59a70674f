import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root (tests run from build/test/..., sources from test/...). */
export const ROOT = fileURLToPath(
  new URL(import.meta.url.includes('/build/') ? '../../../' : '../../', import.meta.url),
);

export interface WeirRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `weir` CLI in a child process, as a user would, and collects its output. */
export function runWeir(
  args: readonly string[],
  options: { timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<WeirRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/weir.mjs', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `weir ${args.join(' ')} did not end within ${options.timeoutMs ?? 60_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`,
        ),
      );
    }, options.timeoutMs ?? 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Print-sink lines without Flink's "N> " subtask prefix. */
export function unprefixed(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.replace(/^\d+> /, ''));
}
