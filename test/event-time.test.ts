import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runWeir, unprefixed } from './support/run-weir.js';

// Event time end to end through the CLI: per-split watermarks in sources, assignTimestampsAndWatermarks, the
// min over splits and over channels, idleness, and event-time timers fired by watermarks and at the end of input.
// Expected outputs are worked out by hand in the comments of each job (test/jobs/event-time-*.ts).

function sorted(stdout: string): string[] {
  return unprefixed(stdout)
    .filter((l) => !l.startsWith('Weir MiniCluster'))
    .sort();
}

async function run(job: string, p: number, ...args: string[]): Promise<string[]> {
  const r = await runWeir(['run', `test/jobs/${job}.ts`, '-p', String(p), ...(args.length > 0 ? ['--', ...args] : [])]);
  assert.equal(r.code, 0, r.stderr);
  return sorted(r.stdout);
}

const WINDOWS = [
  'x [0,1000) sum=9 EVENT_TIME ts=999 wm>=ts=true',
  'x [1000,2000) sum=4 EVENT_TIME ts=1999 wm>=ts=true',
  'x [10000,11000) sum=3 EVENT_TIME ts=10999 wm>=ts=true',
  'x [11000,12000) sum=3 EVENT_TIME ts=11999 wm>=ts=true',
  'y [0,1000) sum=2 EVENT_TIME ts=999 wm>=ts=true',
  'y [5000,6000) sum=48 EVENT_TIME ts=5999 wm>=ts=true',
  'z [2000,3000) sum=192 EVENT_TIME ts=2999 wm>=ts=true',
  'z [3000,4000) sum=256 EVENT_TIME ts=3999 wm>=ts=true',
].sort();

// Key w's window never fires: its second record deletes the timer.
test('per-split watermarks in the source: nothing late, every window fires, same at parallelism 1, 2 and 4', async () => {
  for (const p of [1, 2, 4]) assert.deepEqual(await run('event-time-timers', p), WINDOWS, `parallelism ${p}`);
});

test('assignTimestampsAndWatermarks on interleaved splits: the lagging splits become late', async () => {
  // One reader reads a0 b0 c0 d0 a1 b1 c1 d1 a2 b2 c2 d2 b3 c3; after a0 (10000) the watermark is 8999, so every
  // record of b, c and d is at or below the watermark when it reaches the keyed function.
  const late = [
    'x 0',
    'x 900',
    'x 1500',
    'y 300',
    'y 5000',
    'y 5100',
    'w 7000',
    'w 7500',
    'z 2000',
    'z 2999',
    'z 3000',
  ];
  assert.deepEqual(
    await run('event-time-timers', 1, 'operator'),
    [...late.map((l) => `late ${l}`), WINDOWS[2], WINDOWS[3]].sort(),
  );
});

test('the watermark is the min over splits (p 1) and over input channels (p 2)', async () => {
  const expected = [
    'a 1000 while running',
    'a 2000 while running',
    ...[3000, 4000, 5000, 6000, 7000, 8000, 9000, 10_000].map((ts) => `a ${ts} at end`),
    'b 1000 while running',
    'b 2000 while running',
    'b 3000 at end',
  ].sort();
  assert.deepEqual(await run('event-time-two-speeds', 1), expected);
  assert.deepEqual(await run('event-time-two-speeds', 2), expected);
});

test('source subtasks without splits go idle and do not stall event time; without idleness they do', async () => {
  const progressed = ['1000', '2000', '3000']
    .flatMap((ts) => [`a ${ts} while running`, `b ${ts} while running`])
    .concat(['a 4000 at end', 'b 4000 at end'])
    .sort();
  assert.deepEqual(await run('event-time-idle-source', 2), progressed);
  assert.deepEqual(await run('event-time-idle-source', 4), progressed);
  assert.deepEqual(await run('event-time-idle-source', 1, 'no-idleness'), progressed, 'one subtask: nothing idles');
  const stalled = ['1000', '2000', '3000', '4000'].flatMap((ts) => [`a ${ts} at end`, `b ${ts} at end`]).sort();
  assert.deepEqual(await run('event-time-idle-source', 2, 'no-idleness'), stalled);
});
