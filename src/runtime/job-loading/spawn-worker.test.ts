import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { workerFlags } from './spawn-worker.js';

describe('workerFlags', () => {
  it('turns --max-old-space-size into the worker heap limit and drops V8 flags workers refuse', () => {
    const flags = workerFlags([
      '--max-old-space-size=8192',
      '--expose-gc',
      '--stack-size=4000',
      '--cpu-prof',
      '--import',
      'tsx',
    ]);
    assert.deepEqual(flags, { execArgv: ['--cpu-prof', '--import', 'tsx'], maxOldGenerationSizeMb: 8192 });
  });

  it('what it keeps is accepted by a worker', async () => {
    const { execArgv } = workerFlags(['--max-old-space-size=512', '--expose-gc', '--no-warnings']);
    const worker = new Worker('0', { eval: true, execArgv });
    await new Promise((resolve) => worker.on('exit', resolve));
  });
});
