import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runWeir, unprefixed } from './support/run-weir.js';

test('an unregistered class instance crossing an exchange fails the job with a clear error naming the class', async () => {
  const run = await runWeir(['run', 'test/jobs/class-records.ts', '-p', '2', '--', 'plain']);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /Point/);
  assert.match(run.stderr, /registerType/);
});

test('a registered class keeps its prototype across an exchange', async () => {
  const run = await runWeir(['run', 'test/jobs/class-records.ts', '-p', '2', '--', 'register']);
  assert.equal(run.code, 0, run.stderr);
  const lines = unprefixed(run.stdout).sort();
  assert.equal(lines.length, 20);
  assert.ok(
    lines.every((l) => l.startsWith('true ')),
    lines.join('\n'),
  );
});
