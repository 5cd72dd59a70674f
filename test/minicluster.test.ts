import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { assignKeyToParallelOperator, computeDefaultMaxParallelism } from '../src/core/key-group.js';
import { runWeir, unprefixed } from './support/run-weir.js';

// End-to-end runs of real jobs through the CLI: client bundling, MiniCluster components, slot workers, exchanges.

function sorted(lines: string[]): string[] {
  return [...lines].sort();
}

test('a keyed job gives the same multiset of results at parallelism 1 and 4', async () => {
  const one = await runWeir(['run', 'test/jobs/keyed-count.ts', '-p', '1', '--', '5000']);
  assert.equal(one.code, 0, one.stderr);
  const four = await runWeir(['run', 'test/jobs/keyed-count.ts', '-p', '4', '--', '5000']);
  assert.equal(four.code, 0, four.stderr);
  const a = unprefixed(one.stdout);
  const b = unprefixed(four.stdout);
  assert.equal(a.length, 5000);
  assert.deepEqual(sorted(a), sorted(b));
  // Parallel print lines carry Flink's "N> " prefix; parallelism 1 prints none.
  assert.match(four.stdout, /^[1-4]> k\d+=\d+$/m);
  assert.doesNotMatch(one.stdout, /^\d+> /m);
  // Every count 1..n of a key appears exactly once.
  const k0 = a
    .filter((l) => l.startsWith('k0='))
    .map((l) => Number(l.slice(3)))
    .sort((x, y) => x - y);
  assert.deepEqual(
    k0,
    Array.from({ length: k0.length }, (_, i) => i + 1),
  );
});

test('a keyed job across two TaskManagers (channels over TCP) gives the same results as on one', async () => {
  const one = await runWeir(['run', 'test/jobs/keyed-count.ts', '-p', '4', '--', '5000']);
  assert.equal(one.code, 0, one.stderr);
  const two = await runWeir(
    ['run', 'test/jobs/keyed-count.ts', '-p', '4', '-Dminicluster.number-of-taskmanagers=2', '--', '5000'],
    { env: { WEIR_LOG_LEVEL: 'debug' } },
  );
  assert.equal(two.code, 0, two.stderr);
  assert.deepEqual(sorted(unprefixed(two.stdout)), sorted(unprefixed(one.stdout)));
  // 4 × 4 keyed channels, two subtasks of each side per TaskManager: 8 of them cross.
  assert.equal(two.stderr.match(/Channel \S+: consumer at \S+ connected/g)?.length, 8, two.stderr);
});

test('a bad data plane setting is refused naming the key', async () => {
  const run = await runWeir([
    'run',
    'test/jobs/keyed-count.ts',
    '-p',
    '2',
    '-Dtaskmanager.network.memory.buffers-per-channel=0',
    '--',
    '10',
  ]);
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    /taskmanager\.network\.memory\.buffers-per-channel must be an integer in \[1, 1024\], got 0/,
  );
});

test('keys land on the subtask Flink would pick', async () => {
  const run = await runWeir(['run', 'test/jobs/key-placement.ts', '-p', '4']);
  assert.equal(run.code, 0, run.stderr);
  const maxP = computeDefaultMaxParallelism(4);
  assert.equal(maxP, 128);
  const lines = unprefixed(run.stdout);
  assert.equal(lines.length, 18);
  for (const line of lines) {
    const at = line.lastIndexOf('@');
    const key = JSON.parse(line.slice(0, at)) as string | number;
    const subtask = Number(line.slice(at + 1));
    assert.equal(subtask, assignKeyToParallelOperator(key, maxP, 4), `key ${line.slice(0, at)}`);
  }
});

test('a failing user function fails the job with the error, the operator and the user file', async () => {
  const run = await runWeir(['run', 'test/jobs/failing-map.ts', '-p', '2']);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /RangeError: record 777 is cursed/);
  assert.match(run.stderr, /cursed-map/);
  assert.match(run.stderr, /failing-map\.ts:\d+/);
});

test('a module that builds a different graph in workers is rejected with a clear message', async () => {
  const run = await runWeir(['run', 'test/jobs/unstable-graph.ts', '-p', '1']);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /built a different job graph in the worker/);
  assert.match(run.stderr, /unstable-graph\.ts/);
});

test('bad command lines and job files get clear errors', async () => {
  const missing = await runWeir(['run', 'test/jobs/does-not-exist.ts']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /does-not-exist\.ts does not exist/);
  const badP = await runWeir(['run', 'test/jobs/keyed-count.ts', '-p', 'zero']);
  assert.equal(badP.code, 2);
  assert.match(badP.stderr, /-p needs a positive whole number/);
  // Configuration the engine cannot read: the message names the key, the expected form and the job file's line,
  // without engine stack frames.
  const badDuration = await runWeir([
    'run',
    'test/jobs/keyed-count.ts',
    '-D',
    'execution.buffer-timeout.interval=soon',
  ]);
  assert.equal(badDuration.code, 1);
  assert.match(
    badDuration.stderr,
    /'execution.buffer-timeout.interval' must be a duration such as '100 ms'.*got 'soon'/,
  );
  assert.match(badDuration.stderr, /keyed-count\.ts:\d+/);
  assert.doesNotMatch(badDuration.stderr, /build\/src\//);
  const badParallelism = await runWeir(['run', 'test/jobs/keyed-count.ts', '-D', 'parallelism.default=many']);
  assert.equal(badParallelism.code, 1);
  assert.match(badParallelism.stderr, /'parallelism.default' must be an integer, got 'many'/);
});

test('a REST port that is taken fails the run with a clear message, and the process still exits', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  try {
    const run = await runWeir(['run', 'test/jobs/keyed-count.ts', '-p', '1', '-D', `rest.port=${port}`], {
      timeoutMs: 20_000,
    });
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`could not bind to 127.0.0.1:${port}: the port is in use`));
  } finally {
    blocker.close();
  }
});

test('weir run waits for a job the module submitted with executeAsync() and did not wait for', async () => {
  const run = await runWeir(['run', 'test/jobs/submit-and-leave.ts', '-p', '1', '-D', 'rest.port=0'], {
    timeoutMs: 30_000,
  });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(unprefixed(run.stdout).length, 30);
});
