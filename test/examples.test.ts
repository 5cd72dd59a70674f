import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ROOT, runWeir, unprefixed } from './support/run-weir.js';

// The shipped examples, run through the real CLI at parallelism 1 and 4: their results are checked against values
// computed here, independently of the engine.

/** The example's tokenizer, restated: lower case, split on anything but letters and apostrophes. */
function countWords(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    for (const word of line.toLowerCase().split(/[^a-z']+/)) {
      if (word.length > 0) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return counts;
}

/** "(word,count)" lines (Flink's tuple format) as [word, count]; fails on any other line. */
function parseCounts(lines: readonly string[]): Array<[string, number]> {
  return lines.map((line) => {
    const m = /^\((.+),(\d+)\)$/.exec(line);
    assert.ok(m !== null, `not a (word,count) line: ${JSON.stringify(line)}`);
    return [m[1], Number(m[2])];
  });
}

/**
 * A rolling count prints 1, 2, ..., n for a word seen n times: checks exactly that, per word, against the expected
 * counts (so the maximum printed per word is its real count and no update is lost or repeated).
 */
function assertRollingCounts(lines: readonly string[], expected: ReadonlyMap<string, number>): void {
  const seen = new Map<string, number[]>();
  for (const [word, count] of parseCounts(lines)) {
    const list = seen.get(word) ?? [];
    list.push(count);
    seen.set(word, list);
  }
  assert.deepEqual([...seen.keys()].sort(), [...expected.keys()].sort());
  for (const [word, n] of expected) {
    // The sink of a key is fed in order, so each word's counts appear in order even at parallelism 4.
    assert.deepEqual(
      seen.get(word),
      Array.from({ length: n }, (_, i) => i + 1),
      `counts printed for "${word}"`,
    );
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'weir-examples-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

test('wordcount counts every word of the bundled text, at parallelism 1 and 4', async () => {
  const expected = countWords(readFileSync(join(ROOT, 'examples/data/hamlet.txt'), 'utf8'));
  assert.ok((expected.get('to') ?? 0) > 1, 'the sample text repeats "to"');
  const outputs: string[][] = [];
  for (const p of ['1', '4']) {
    const run = await runWeir(['run', 'examples/wordcount.ts', '-p', p]);
    assert.equal(run.code, 0, run.stderr);
    const lines = unprefixed(run.stdout);
    assertRollingCounts(lines, expected);
    const to = parseCounts(lines).filter(([w]) => w === 'to');
    assert.equal(Math.max(...to.map(([, c]) => c)), expected.get('to'));
    outputs.push(lines.sort());
  }
  assert.deepEqual(outputs[0], outputs[1]);
});

test('wordcount reads the file given as a job argument', async () => {
  const file = join(scratch, 'input.txt');
  const text = "To be, or not to be: that is the question.\nTO BE OR NOT TO BE\n\n'Tis nobler: to be!\n";
  writeFileSync(file, text);
  const expected = countWords(text);
  assert.equal(expected.get('to'), 5);
  assert.equal(expected.get('be'), 5);
  assert.equal(expected.get("'tis"), 1);
  for (const p of ['1', '4']) {
    const run = await runWeir(['run', 'examples/wordcount.ts', '-p', p, '--', file]);
    assert.equal(run.code, 0, run.stderr);
    assertRollingCounts(unprefixed(run.stdout), expected);
  }
});

test('fraud detection prints exactly the three planted alerts, at parallelism 1 and 4', async () => {
  for (const p of ['1', '4']) {
    const run = await runWeir(['run', 'examples/fraud-detection.ts', '-p', p]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(unprefixed(run.stdout).sort(), [
      '{ accountId: 3, amount: 871.15 }',
      '{ accountId: 5, amount: 1200 }',
      '{ accountId: 8, amount: 501 }',
    ]);
  }
});

test('exactly-once-files writes every window result once, with checkpoints on', async () => {
  const out = mkdtempSync(join(tmpdir(), 'weir-example-files-'));
  try {
    const run = await runWeir(
      ['run', 'examples/exactly-once-files.ts', '-p', '2', '-D', 'execution.checkpointing.interval=200ms', '--', out],
      { timeoutMs: 60_000 },
    );
    assert.equal(run.code, 0, run.stderr);
    const lines: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (!entry.name.startsWith('.')) lines.push(...readFileSync(path, 'utf8').split('\n').filter(Boolean));
      }
    };
    walk(out);
    // 60,000 clicks, 10 ms apart, round-robin over 5 users: each user has 1,200 clicks in each of the 10 minutes.
    const expected = ['ada', 'grace', 'ken', 'linus', 'margaret'].flatMap((u) => Array(10).fill(`${u} 1200`));
    assert.deepEqual(lines.sort(), expected.sort());
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
