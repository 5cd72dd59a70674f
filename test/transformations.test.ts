import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PARALLELISMS, range, runJobOk, sortedLines } from './support/run-job.js';
import { unprefixed } from './support/run-weir.js';

// The DataStream API's transformations on the real runtime: fixture jobs in test/jobs run through the CLI at
// parallelism 1 and 4; their output is compared with results worked out here (by hand, or by restating the job's
// arithmetic in plain code).

test('map, flatMap, filter, union and connect give the expected records at any parallelism', async () => {
  const ns = range(1, 20);
  const words = ['alpha', 'beta', 'gamma', 'delta'];
  const expected = [
    ...ns.map((n) => `map:${n * 10}`),
    ...ns.flatMap((n) => range(0, (n % 3) - 1).map((i) => `collector:${n}.${i}`)),
    ...ns.filter((n) => n % 4 === 0).flatMap((n) => [`array:${n}`, `array:${-n}`]),
    ...[1, 2, 3].map((n) => `generator:${n}`),
    ...[5, 10, 15, 20].map((n) => `filter:${n}`),
    'filter-object:19',
    'filter-object:20',
    ...ns.filter((n) => n % 2 === 0).map((n) => `union:even:${n}`),
    'union:ten:10',
    'union:ten:20',
    ...words.map((w) => `union:word:${w}`),
    ...ns.map((n) => `comap:n:${n * n}`),
    ...words.map((w) => `comap:w:${w.toUpperCase()}`),
    ...[18, 19, 20].map((n) => `coflatmap:n:${n}`),
    ...words.flatMap((w) => [...w].filter((c) => c === 'a').map(() => `coflatmap:w:${w}:a`)),
  ].sort();
  for (const p of PARALLELISMS) {
    assert.deepEqual(await sortedLines('test/jobs/basic-transforms.ts', p), expected, `parallelism ${p}`);
  }
});

test('keyed reduce and sum/min/max/minBy/maxBy follow Flink: only the field changes, or the whole record', async () => {
  // Input, in order: x1(a3,b1) y1(a5,b5) x2(a1,b7) x3(a2,b0) y2(a5,b2) y3(a9,b3) x4(a1,b4); lines are key,a,b,tag.
  const expected: Record<string, string[]> = {
    'sum:x': ['x,3,1,x1', 'x,4,1,x1', 'x,6,1,x1', 'x,7,1,x1'],
    'sum:y': ['y,5,5,y1', 'y,10,5,y1', 'y,19,5,y1'],
    // min/max change only the field: every other field stays the key's first record's.
    'min:x': ['x,3,1,x1', 'x,1,1,x1', 'x,1,1,x1', 'x,1,1,x1'],
    'min:y': ['y,5,5,y1', 'y,5,5,y1', 'y,5,5,y1'],
    'max:x': ['x,3,1,x1', 'x,3,7,x1', 'x,3,7,x1', 'x,3,7,x1'],
    'max:y': ['y,5,5,y1', 'y,5,5,y1', 'y,5,5,y1'],
    // minBy/maxBy emit whole records; on ties the first one stays (x4 ties x2 on a = 1; y2 ties y1 on a = 5)...
    'minBy:x': ['x,3,1,x1', 'x,1,7,x2', 'x,1,7,x2', 'x,1,7,x2'],
    'minBy:y': ['y,5,5,y1', 'y,5,5,y1', 'y,5,5,y1'],
    'maxBy:x': ['x,3,1,x1', 'x,1,7,x2', 'x,1,7,x2', 'x,1,7,x2'],
    'maxBy:y': ['y,5,5,y1', 'y,5,5,y1', 'y,5,5,y1'],
    // ... unless first = false, when the later record wins the tie.
    'minByLast:x': ['x,3,1,x1', 'x,1,7,x2', 'x,1,7,x2', 'x,1,4,x4'],
    'minByLast:y': ['y,5,5,y1', 'y,5,2,y2', 'y,5,2,y2'],
    'maxByLast:x': ['x,3,1,x1', 'x,3,1,x1', 'x,3,1,x1', 'x,3,1,x1'],
    'maxByLast:y': ['y,5,5,y1', 'y,5,2,y2', 'y,9,3,y3'],
    'reduce:x': ['x,3,1,x1', 'x,4,7,x1x2', 'x,6,7,x1x2x3', 'x,7,7,x1x2x3x4'],
    'reduce:y': ['y,5,5,y1', 'y,10,5,y1y2', 'y,19,5,y1y2y3'],
    // Tuples: ['p',4,40] ['q',1,10] ['p',2,20] ['p',6,60] ['q',3,30], min(1).
    'tupleMin:p': ['p,4,40', 'p,2,40', 'p,2,40'],
    'tupleMin:q': ['q,1,10', 'q,1,10'],
  };
  const outputs: string[][] = [];
  for (const p of PARALLELISMS) {
    const lines = unprefixed((await runJobOk('test/jobs/keyed-aggregations.ts', p)).stdout);
    // One key's updates come from one subtask, in order: compare each (aggregation, key) sequence in order.
    const actual: Record<string, string[]> = {};
    for (const line of lines) {
      const [kind, rest] = line.split(':');
      const group = `${kind}:${rest.split(',')[0]}`;
      actual[group] = [...(actual[group] ?? []), rest];
    }
    assert.deepEqual(actual, expected, `parallelism ${p}`);
    outputs.push(lines.sort());
  }
  assert.deepEqual(outputs[0], outputs[1]);
});

test('a KeyedCoProcessFunction shares keyed state between its two inputs', async () => {
  const expected = [
    'order:1',
    'order:2',
    'order:3',
    'order:4',
    'payment:1:12',
    'payment:2:30',
    'payment:2:5',
    'payment:4:2',
    'payment:5:99',
    // Reported by an event-time timer that fires on the final watermark at the end of input.
    'final:1:book:12:EVENT_TIME',
    'final:2:lamp:35:EVENT_TIME',
    'final:3:desk:0:EVENT_TIME',
    'final:4:pen:2:EVENT_TIME',
    'final:5:-:99:EVENT_TIME',
  ].sort();
  for (const p of PARALLELISMS) {
    assert.deepEqual(await sortedLines('test/jobs/keyed-co-process.ts', p), expected, `parallelism ${p}`);
  }
});

test('side outputs reach their own streams, printed with their sink identifiers', async () => {
  const expected: Record<string, string[]> = {
    even: ['10', '2', '4', '6', '8'],
    odd: ['1', '3', '5', '7', '9'],
    big: ['big-10', 'big-9'],
    keys: ['key-a', 'key-a', 'key-a', 'key-b', 'key-b', 'key-c'],
    side: ['seen-a', 'seen-a', 'seen-a', 'seen-b', 'seen-b', 'seen-c'],
  };
  for (const p of PARALLELISMS) {
    const run = await runJobOk('test/jobs/side-outputs.ts', p);
    const byId: Record<string, string[]> = {};
    for (const line of run.stdout.split('\n').filter((l) => l.length > 0)) {
      // Flink's PrintSinkOutputWriter: "id> value" at parallelism 1, "id:N> value" when parallel.
      const m = /^([a-z]+)(?::([1-4]))?> (.*)$/.exec(line);
      assert.ok(m !== null, `unexpected line ${JSON.stringify(line)}`);
      assert.equal(m[2] !== undefined, p > 1, `subtask in the prefix of ${JSON.stringify(line)} at parallelism ${p}`);
      byId[m[1]] = [...(byId[m[1]] ?? []), m[3]];
    }
    for (const values of Object.values(byId)) values.sort();
    assert.deepEqual(byId, expected, `parallelism ${p}`);
  }
});

/** "kind:value@subtask" lines of the partitioning job, grouped by kind. */
function placements(stdout: string): Map<string, Array<{ value: string; subtask: number }>> {
  const byKind = new Map<string, Array<{ value: string; subtask: number }>>();
  for (const line of unprefixed(stdout)) {
    const m = /^([a-z]+):(.+)@(\d+)$/.exec(line);
    assert.ok(m !== null, `unexpected line ${JSON.stringify(line)}`);
    const list = byKind.get(m[1]) ?? [];
    list.push({ value: m[2], subtask: Number(m[3]) });
    byKind.set(m[1], list);
  }
  return byKind;
}

test('partitioners send records where Flink would: broadcast, global, custom, rescale, forward and more', async () => {
  const all = range(1, 40).map(String).sort();
  for (const p of PARALLELISMS) {
    const byKind = placements((await runJobOk('test/jobs/partitioning.ts', p)).stdout);
    const values = (kind: string) => (byKind.get(kind) ?? []).map((r) => r.value).sort();
    const subtasksOf = (kind: string) => new Set((byKind.get(kind) ?? []).map((r) => r.subtask));
    // broadcast: every record to every subtask.
    for (let s = 0; s < p; s++) {
      const got = (byKind.get('broadcast') ?? []).filter((r) => r.subtask === s).map((r) => r.value);
      assert.deepEqual(got.sort(), all, `broadcast to subtask ${s} at parallelism ${p}`);
    }
    assert.equal(byKind.get('broadcast')?.length, 40 * p);
    // global: all to subtask 0.
    assert.deepEqual(values('global'), all);
    assert.deepEqual([...subtasksOf('global')], [0]);
    // custom: where the partitioner (value % numPartitions) says.
    assert.deepEqual(values('custom'), all);
    for (const r of byKind.get('custom') ?? []) assert.equal(r.subtask, Number(r.value) % p, `custom ${r.value}`);
    // rebalance (round robin) and shuffle (random): every record once; rebalance evens out the load.
    for (const kind of ['rebalance', 'shuffle']) assert.deepEqual(values(kind), all, kind);
    const load = range(0, p - 1).map((s) => (byKind.get('rebalance') ?? []).filter((r) => r.subtask === s).length);
    assert.ok(Math.max(...load) - Math.min(...load) <= 4, `rebalance load per subtask: ${load}`);
    if (p > 1) assert.ok(subtasksOf('shuffle').size > 1, 'shuffle used one subtask only');
    // rescale from 2 upstream subtasks: upstream i feeds only downstream subtasks i*p/2 .. (i+1)*p/2 - 1.
    assert.deepEqual((byKind.get('rescale') ?? []).map((r) => r.value.split(':')[0]).sort(), all);
    for (const r of byKind.get('rescale') ?? []) {
      const from = Number(r.value.split(':')[1]);
      const local = p === 1 ? [0] : range((from * p) / 2, ((from + 1) * p) / 2 - 1);
      assert.ok(local.includes(r.subtask), `rescale ${r.value} reached subtask ${r.subtask} at parallelism ${p}`);
    }
    // forward across a chain boundary: subtask i to subtask i.
    assert.deepEqual((byKind.get('forward') ?? []).map((r) => r.value.split(':')[0]).sort(), all);
    for (const r of byKind.get('forward') ?? []) assert.equal(r.subtask, Number(r.value.split(':')[1]), r.value);
  }
});

test('slot sharing groups, disableChaining and startNewChain do not change the results', async () => {
  // Running count per key n % 7 of the numbers 1..300 that are not multiples of 3: each key prints 1..its count.
  const counts = new Map<number, number>();
  for (const n of range(1, 300)) if (n % 3 !== 0) counts.set(n % 7, (counts.get(n % 7) ?? 0) + 1);
  const expected = [...counts].flatMap(([key, c]) => range(1, c).map((i) => `${key}=${i}`)).sort();
  for (const p of PARALLELISMS) {
    assert.deepEqual(await sortedLines('test/jobs/chaining-and-slots.ts', p), expected, `parallelism ${p}`);
  }
  assert.deepEqual(await sortedLines('test/jobs/chaining-and-slots.ts', 4, ['no-chaining']), expected);
});

test('processing-time timers fire with their key; those pending at the end of input are dropped', async () => {
  const expected = range(1, 12)
    .flatMap((n) => [`element:${n}`, `fired:${n}:key ${n % 3}:PROCESSING_TIME:on time`])
    .sort();
  for (const p of PARALLELISMS) {
    const started = Date.now();
    const run = await runJobOk('test/jobs/processing-timers.ts', p);
    // The source takes ~2 s; each key's timer an hour ahead must not hold the job (nor fire).
    assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
    const lines = unprefixed(run.stdout);
    assert.deepEqual([...lines].sort(), expected, `parallelism ${p}`);
    // A key's lines come from one subtask, in order: each timer fires after the record that set it.
    for (const n of range(1, 12)) {
      const element = lines.indexOf(`element:${n}`);
      assert.ok(lines.findIndex((l) => l.startsWith(`fired:${n}:`)) > element, `timer of ${n} fired before it was set`);
    }
  }
});

test('the broadcast state pattern: rules broadcast to a keyed stream', async () => {
  const expected = ['alert:bob:books:51>50', 'alert:bob:games:70>60', 'alert:cid:books:55>50', 'alert:eve:games:61>60'];
  for (const p of PARALLELISMS) {
    assert.deepEqual(await sortedLines('test/jobs/broadcast-state.ts', p), expected, `parallelism ${p}`);
  }
});

test('executeAndCollect() in a job module returns every result of a bounded job', async () => {
  for (const p of PARALLELISMS) {
    const lines = (await runJobOk('test/jobs/collect.ts', p, ['all'])).stdout.trim().split('\n');
    assert.equal(lines.pop(), 'done');
    const records = lines.map((l) => JSON.parse(l) as { key: number; total: number });
    assert.equal(records.length, 100);
    for (const key of [0, 1, 2, 3]) {
      const totals = records.filter((r) => r.key === key).map((r) => r.total);
      const inputs = range(1, 100).filter((n) => n % 4 === key);
      assert.equal(totals.length, inputs.length, `key ${key}`);
      // The collect sink has one subtask: a key's running totals arrive in order, ending at the key's full sum.
      assert.deepEqual(
        totals,
        [...totals].sort((a, b) => a - b),
        `key ${key}`,
      );
      assert.equal(
        totals.at(-1),
        inputs.reduce((a, b) => a + b, 0),
        `key ${key}`,
      );
    }
  }
});

test('executeAndCollect(limit) on an endless job returns the first results and cancels it', async () => {
  const run = await runJobOk('test/jobs/collect.ts', 4, ['limit']);
  assert.equal(run.stdout, '[2,4,6,8,10]\n');
  assert.doesNotMatch(run.stderr, /Error/, 'cancelling the job is not an error');
});

test('leaving a for-await over executeAndCollect early cancels the job; the process exits with 0', async () => {
  const started = Date.now();
  const run = await runJobOk('test/jobs/collect.ts', 4, ['break']);
  assert.equal(run.stdout, `${range(1, 10).join('\n')}\nleft the loop\n`);
  assert.doesNotMatch(run.stderr, /Error/, 'cancelling the job is not an error');
  assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
});
