import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CLICKS,
  type Click,
  LOWER,
  ORDERS,
  type Order,
  SLIDING_SIZE,
  SLIDING_SLIDE,
  TUMBLING,
  UPPER,
} from './jobs/join-data.js';
import { runWeir, unprefixed } from './support/run-weir.js';

// Joins end to end through the CLI (test/jobs/join-*.ts): window join (tumbling, sliding), coGroup and interval
// join, at parallelism 1 and 4. The expected multisets are worked out here by brute force over the same data,
// independently of the engine.

async function run(job: string, p: number, mode: string): Promise<string[]> {
  const r = await runWeir(['run', `test/jobs/${job}.ts`, '-p', String(p), '--', mode]);
  assert.equal(r.code, 0, r.stderr);
  return unprefixed(r.stdout)
    .filter((l) => !l.startsWith('Weir MiniCluster'))
    .sort();
}

/** Starts of the windows (size, slide) that hold timestamp t. */
function windowStarts(t: number, size: number, slide: number): number[] {
  const starts: number[] = [];
  for (let start = t - (((t % slide) + slide) % slide); start > t - size; start -= slide) starts.push(start);
  return starts;
}

function windowJoin(size: number, slide: number): string[] {
  const out: string[] = [];
  for (const o of ORDERS) {
    for (const c of CLICKS) {
      if (o.user !== c.user) continue;
      const mine = windowStarts(o.t, size, slide);
      for (const start of windowStarts(c.t, size, slide)) {
        if (mine.includes(start)) out.push(`${o.user} o${o.id} c${c.id} ts=${start + size - 1}`);
      }
    }
  }
  return out.sort();
}

function coGroup(size: number): string[] {
  const groups = new Map<string, { user: string; end: number; o: number[]; c: number[] }>();
  const group = (user: string, t: number) => {
    const start = t - (t % size);
    const id = `${user}@${start}`;
    let g = groups.get(id);
    if (g === undefined) {
      g = { user, end: start + size, o: [], c: [] };
      groups.set(id, g);
    }
    return g;
  };
  for (const o of ORDERS) group(o.user, o.t).o.push(o.id);
  for (const c of CLICKS) group(c.user, c.t).c.push(c.id);
  return [...groups.values()].map((g) => `${g.user} [${g.o.join(',')}] [${g.c.join(',')}] ts=${g.end - 1}`).sort();
}

function intervalJoin(inclusive: boolean): string[] {
  const inside = (o: Order, c: Click) =>
    inclusive ? c.t >= o.t + LOWER && c.t <= o.t + UPPER : c.t > o.t + LOWER && c.t < o.t + UPPER;
  const out: string[] = [];
  for (const o of ORDERS) {
    for (const c of CLICKS) {
      if (o.user !== c.user || !inside(o, c)) continue;
      const ts = Math.max(o.t, c.t);
      out.push(`${o.user} o${o.id} c${c.id} ${o.t}/${c.t}/${ts} ts=${ts}`);
    }
  }
  return out.sort();
}

const CASES: { name: string; job: string; mode: string; expected: () => string[] }[] = [
  {
    name: 'window join, tumbling',
    job: 'join-window',
    mode: 'tumbling',
    expected: () => windowJoin(TUMBLING, TUMBLING),
  },
  {
    name: 'window join, sliding',
    job: 'join-window',
    mode: 'sliding',
    expected: () => windowJoin(SLIDING_SIZE, SLIDING_SLIDE),
  },
  {
    name: 'coGroup, tumbling (sides may be empty)',
    job: 'join-window',
    mode: 'cogroup',
    expected: () => coGroup(TUMBLING),
  },
  {
    name: 'interval join, inclusive bounds',
    job: 'join-interval',
    mode: 'inclusive',
    expected: () => intervalJoin(true),
  },
  {
    name: 'interval join, exclusive bounds',
    job: 'join-interval',
    mode: 'exclusive',
    expected: () => intervalJoin(false),
  },
];

for (const { name, job, mode, expected } of CASES) {
  test(`${name}: the same results at parallelism 1 and 4, as worked out independently`, async () => {
    const want = expected();
    assert.ok(want.length > 10, `the data should give a meaningful number of results (${want.length})`);
    assert.deepEqual(await run(job, 1, mode), want, 'parallelism 1');
    assert.deepEqual(await run(job, 4, mode), want, 'parallelism 4');
  });
}

test('the expected results differ between modes (the bounds and windows matter)', () => {
  assert.notDeepEqual(intervalJoin(true), intervalJoin(false));
  assert.notDeepEqual(windowJoin(TUMBLING, TUMBLING).length, windowJoin(SLIDING_SIZE, SLIDING_SLIDE).length);
  assert.ok(coGroup(TUMBLING).some((l) => l.includes(' [] ')));
});
