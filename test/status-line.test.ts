import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { ROOT } from './support/run-weir.js';

// `weir run` shows a live status line on a terminal and keeps it out of piped output. `script` (util-linux) gives
// the CLI a real pseudo-terminal; stdout goes to /dev/null inside it, so what we read is the terminal's stderr.

function runOnTerminal(command: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no exit within ${timeoutMs} ms: ${out}`));
    }, timeoutMs);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

test('on a terminal, weir run shows job state, rates and the backpressured operator', async () => {
  const screen = await runOnTerminal(
    `${process.execPath} bin/weir.mjs run test/jobs/slow-sink.ts -p 2 -D rest.port=0 -- exchange 2500000 > /dev/null`,
    60_000,
  );
  assert.match(screen, /RUNNING \| sources [\d.]+[kM]?\/s \| sinks [\d.]+[kM]?\/s/);
  assert.match(screen, /backpressured: Source: Sequence Source -> Map/);
});

test('piped, weir run prints no status line', async () => {
  const { runWeir } = await import('./support/run-weir.js');
  const run = await runWeir([
    'run',
    'test/jobs/slow-sink.ts',
    '-p',
    '2',
    '-D',
    'rest.port=0',
    '--',
    'exchange',
    '1500000',
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.doesNotMatch(run.stderr, /RUNNING \|/);
});
