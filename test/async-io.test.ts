import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PARALLELISMS, range, runJobOk } from './support/run-job.js';
import { runWeir, unprefixed } from './support/run-weir.js';

// AsyncDataStream on the real runtime (test/jobs/async-io.ts): calls finish out of input order (later inputs
// sooner), so ordered and unordered modes differ visibly; failures must name the input and the cause.

/** Print lines grouped by the "N> " subtask prefix (all under "" at parallelism 1), each as its input number. */
function bySubtask(stdout: string): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const line of stdout.split('\n').filter((l) => l.length > 0)) {
    const m = /^(?:(\d+)> )?looked-up:(\d+)$/.exec(line);
    assert.ok(m !== null, `unexpected line ${JSON.stringify(line)}`);
    const subtask = m[1] ?? '';
    groups.set(subtask, [...(groups.get(subtask) ?? []), Number(m[2])]);
  }
  return groups;
}

const ascending = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);

test('orderedWait emits every result in its input order', async () => {
  for (const p of PARALLELISMS) {
    const groups = bySubtask((await runJobOk('test/jobs/async-io.ts', p, ['ordered'])).stdout);
    // Each subtask gets an increasing subsequence of the inputs (rebalance) and must emit it as it came.
    for (const [subtask, inputs] of groups) assert.deepEqual(inputs, ascending(inputs), `subtask ${subtask}`);
    assert.deepEqual(ascending([...groups.values()].flat()), range(1, 40), `parallelism ${p}`);
  }
});

test('unorderedWait delivers every result, as the calls finish', async () => {
  for (const p of PARALLELISMS) {
    const groups = bySubtask((await runJobOk('test/jobs/async-io.ts', p, ['unordered'])).stdout);
    const all = [...groups.values()].flat();
    assert.deepEqual(ascending(all), range(1, 40), `parallelism ${p}`);
    // With one subtask all calls overlap and 7 (no delay) beats 1 (35 ms): the output is not in input order.
    if (p === 1) assert.notDeepEqual(all, range(1, 40));
  }
});

test('a call that never answers fails the job with a TimeoutError naming the input', async () => {
  const started = Date.now();
  const run = await runWeir(['run', 'test/jobs/async-io.ts', '-p', '2', '--', 'timeout']);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /TimeoutError: Async function call has timed out after 300 ms for input 13\b/);
  assert.match(run.stderr, /async wait operator/);
  assert.match(run.stderr, /timeout\(input\) method/, 'the message says how to get a fallback instead');
  assert.ok(!unprefixed(run.stdout).includes('looked-up:13'));
  assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
});

test('a map function returning a Promise fails the job: operators are synchronous', async () => {
  const run = await runWeir(['run', 'test/jobs/async-io.ts', '-p', '2', '--', 'promise-map']);
  assert.equal(run.code, 1, run.stderr);
  assert.match(
    run.stderr,
    /map function returned a Promise: operators are synchronous; use AsyncDataStream\.orderedWait/,
  );
  assert.match(run.stderr, /async-by-mistake/, 'the error names the operator');
  assert.equal(run.stdout, '', 'no Promise was printed as a record');
});
