import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runWeir, unprefixed } from './support/run-weir.js';

// Incremental checkpoints (execution.checkpointing.incremental) end to end through the real CLI: every kind of keyed
// state with removals, TTL and timers (test/jobs/incremental-counts.ts) under failures, restored at another
// parallelism from a retained incremental checkpoint, with the shared files reference-counted, and a damaged
// increment reported by name with the previous checkpoint used.

const JOB = 'test/jobs/incremental-counts.ts';
const N = 100_000;
const K = 300;

/** What every key reports at the end of input: its state after all of its records, whatever their order. */
function expectedLines(): string[] {
  const keys = new Map<number, { count: number; sum: number; max: number; buckets: number[] }>();
  for (let x = 1; x <= N; x++) {
    const key = x % 37 === 0 ? x % K : x % 10;
    let s = keys.get(key);
    if (s === undefined) {
      s = { count: 0, sum: 0, max: 0, buckets: [0, 0, 0, 0] };
      keys.set(key, s);
    }
    s.count++;
    s.sum += x;
    s.max = x;
    s.buckets[x % 4]++;
  }
  const lines: string[] = [];
  for (const [key, { count, sum, max, buckets }] of keys) {
    const inBuckets = buckets
      .map((c, b) => [b, c % 5])
      .filter(([, c]) => c !== 0)
      .map(([b, c]) => `${b}:${c}`)
      .join(' ');
    lines.push(
      `key ${key} count ${count} odd ${count % 2 === 1} sum ${sum} buckets [${inBuckets}] ones ${count % 7} ` +
        `max ${max} mean ${sum / count}`,
    );
  }
  return lines.sort();
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'weir-incremental-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(name: string, parallelism: number, plan: string, extra: readonly string[] = []) {
  const checkpoints = join(dir, name);
  const result = await runWeir(
    [
      'run',
      JOB,
      '-p',
      String(parallelism),
      '-Dexecution.checkpointing.interval=50ms',
      '-Dexecution.checkpointing.incremental=true',
      // Long chains, so restores apply many increments.
      '-Dexecution.checkpointing.incremental.max-size-ratio=100',
      '-Dexecution.checkpointing.incremental.max-chain-length=30',
      `-Dexecution.checkpointing.dir=${checkpoints}`,
      '-Drestart-strategy.type=fixed-delay',
      '-Drestart-strategy.fixed-delay.attempts=10',
      '-Drestart-strategy.fixed-delay.delay=10ms',
      ...extra,
      '--',
      String(N),
      String(K),
      plan,
      checkpoints,
    ],
    { timeoutMs: 120_000, env: { WEIR_LOG_LEVEL: 'info' } },
  );
  const lines = unprefixed(result.stdout)
    .filter((l) => l.startsWith('key '))
    .sort();
  return { ...result, lines, checkpoints };
}

/** [full size, bytes written] of every completed checkpoint, from the coordinator's log. */
function completed(stderr: string): [number, number][] {
  return [...stderr.matchAll(/Completed checkpoint \d+ .*?\((\d+) bytes, .*?; (\d+) bytes written/g)].map((m) => [
    Number(m[1]),
    Number(m[2]),
  ]);
}

type Handle = { path: string; chain?: { path: string }[] };

async function metadataOf(chk: string): Promise<{ operators: { subtasks: Handle[] }[] }> {
  return JSON.parse((await readFile(join(chk, '_metadata'))).subarray(44).toString('utf8'));
}

describe('incremental checkpoints', () => {
  const expected = expectedLines();

  it('a worker killed and functions failing several times still give exactly the failure-free output', async () => {
    const r = await run('failures', 2, 'exit@3000,throw@2000,exit@4000');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.lines, expected);
    const restarts = r.stderr.match(/restarts after a task failed/g) ?? [];
    assert.ok(restarts.length >= 2, `${restarts.length} restarts\n${r.stderr}`);
    assert.match(r.stderr, /Restoring job \w+ from Checkpoint \d+/);
    const sizes = completed(r.stderr);
    assert.ok(
      sizes.some(([full, written]) => written < full),
      `no checkpoint wrote less than its full size: ${JSON.stringify(sizes)}`,
    );
    // A restored subtask continues the restored checkpoint's chain: the next checkpoint is an increment again.
    const afterRestore = completed(r.stderr.slice(r.stderr.search(/Restoring job \w+ from Checkpoint/)));
    assert.ok(afterRestore.length > 0 && afterRestore[0][1] < afterRestore[0][0], JSON.stringify(afterRestore));
  });

  it('keeps the files retained checkpoints reference, deletes the rest, and restores at another parallelism', async () => {
    const first = await run('rescale', 2, 'fail@15000', [
      '-Drestart-strategy.type=none',
      '-Dexecution.checkpointing.num-retained=2',
      '-Dexecution.checkpointing.externalized-checkpoint-retention=RETAIN_ON_CANCELLATION',
    ]);
    assert.notEqual(first.code, 0, 'the job fails for good (no restarts), keeping its checkpoints');
    const [job] = await readdir(first.checkpoints);
    const jobDir = join(first.checkpoints, job);
    const retained = (await readdir(jobDir))
      .filter((d) => d.startsWith('chk-') && existsSync(join(jobDir, d, '_metadata')))
      .sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)));
    assert.equal(retained.length, 2, `retained: ${retained}`);
    const referenced = new Set<string>();
    let inherited = 0;
    const oldest = Number(retained[0].slice(4));
    for (const chk of retained) {
      for (const op of (await metadataOf(join(jobDir, chk))).operators) {
        for (const handle of op.subtasks) {
          // Subtasks without keyed state write complete files into chk-<n>/ (not shared).
          const files = [...(handle.chain ?? []), handle].filter((f) => f.path.startsWith('../shared/'));
          for (const file of files) {
            referenced.add(file.path.replace('../shared/', ''));
            const from = Number(/-chk(\d+)-/.exec(file.path)?.[1]);
            if (from < oldest) inherited++;
          }
        }
      }
    }
    const shared = await readdir(join(jobDir, 'shared'));
    for (const name of referenced) assert.ok(shared.includes(name), `${name} is referenced but was deleted`);
    const unreferenced = shared.filter((name) => !referenced.has(name));
    // Only files of a checkpoint in flight when the job failed may be left over (one per subtask at most).
    assert.ok(unreferenced.length <= 4, `unreferenced shared files kept: ${unreferenced.join(', ')}`);
    assert.ok(Number(retained[1].slice(4)) > 4, 'several checkpoints were subsumed');
    assert.ok(inherited > 0, 'retained checkpoints build on files of subsumed ones, which were kept');

    const second = await run('rescaled', 3, '', [`-Dexecution.savepoint.path=${join(jobDir, retained[1])}`]);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(second.lines, expected);
  });

  it('writes savepoints as self-contained files, which restore at another parallelism', async () => {
    const counts = async (parallelism: number, stopAfter: string, extra: readonly string[]) => {
      const r = await runWeir(
        [
          'run',
          'test/jobs/savepoint-counts.ts',
          '-p',
          String(parallelism),
          '-Dexecution.checkpointing.interval=50ms',
          '-Dexecution.checkpointing.incremental=true',
          `-Dexecution.checkpointing.dir=${join(dir, 'savepoint-checkpoints')}`,
          ...extra,
          '--',
          '100000',
          stopAfter,
          join(dir, 'savepoints'),
        ],
        { timeoutMs: 60_000 },
      );
      return { ...r, savepoint: /^SAVEPOINT (.+)$/m.exec(r.stdout)?.[1] };
    };
    const first = await counts(2, '600', []);
    assert.equal(first.code, 0, first.stderr);
    assert.ok(first.savepoint, first.stdout);
    for (const op of (await metadataOf(first.savepoint)).operators) {
      for (const handle of op.subtasks) {
        assert.equal(handle.chain, undefined, 'a savepoint references no earlier files');
        assert.ok(!handle.path.includes('/'), `${handle.path} lies outside the savepoint directory`);
      }
    }
    const last = await counts(3, 'end', [`-Dexecution.savepoint.path=${first.savepoint}`]);
    assert.equal(last.code, 0, last.stderr);
    const lines = unprefixed(last.stdout)
      .filter((l) => l.startsWith('key '))
      .sort();
    assert.deepEqual(lines, Array.from({ length: 10 }, (_, k) => `key ${k} count 10000`).sort());
  });

  it('reports a damaged increment by its file and restores from the previous checkpoint', async () => {
    const r = await run('corrupt', 2, 'corrupt@3000', ['-Dexecution.checkpointing.num-retained=3']);
    assert.equal(r.code, 0, r.stderr);
    const file = /CORRUPTED (\S+)/.exec(r.stdout)?.[1];
    assert.ok(file, r.stdout);
    const name = file.slice(file.lastIndexOf('/') + 1);
    assert.match(
      r.stderr,
      new RegExp(
        `Checkpoint \\d+ at '[^']+' cannot be restored: .*${name}.* is unreadable: .*Falling back to checkpoint \\d+`,
      ),
    );
    assert.deepEqual(r.lines, expected);
  });
});
