// Runs every compiled test file with node's test runner (Node 20's `--test` takes no globs, so they are listed
// here) and ends with a plain "N passed, N failed" line. Arguments filter test files by substring.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function find(dir, out) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

const filter = process.argv.slice(2);
const files = [...find('build/src', []), ...find('build/test', [])]
  .filter((f) => filter.length === 0 || filter.some((p) => f.includes(p)))
  .sort();
const child = spawn(
  process.execPath,
  ['--enable-source-maps', '--test', '--test-reporter=tap', '--test-concurrency=2', '--test-timeout=240000', ...files],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
let tail = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  tail = (tail + chunk.toString('utf8')).slice(-4000);
});
child.on('close', (code) => {
  const count = (name) => Number(tail.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  const failed = count('fail') + count('cancelled');
  console.log(`${count('pass')} passed, ${failed} failed, ${count('skipped')} skipped`);
  process.exit(code ?? 1);
});
