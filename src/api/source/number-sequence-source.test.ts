import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_READER_BATCH_SIZE, type NumberSequenceSplit } from './iterator-source-reader.js';
import { NumberSequenceSource, splitNumberRange } from './number-sequence-source.js';
import { readAll, SourceHarness } from './source-test-harness.js';

describe('splitNumberRange', () => {
  const table: { from: number; to: number; n: number; want: [number, number][] }[] = [
    { from: 1, to: 10, n: 1, want: [[1, 10]] },
    {
      from: 1,
      to: 10,
      n: 3,
      want: [
        [1, 4],
        [5, 7],
        [8, 10],
      ],
    },
    {
      from: 0,
      to: 7,
      n: 4,
      want: [
        [0, 1],
        [2, 3],
        [4, 5],
        [6, 7],
      ],
    },
    {
      from: -5,
      to: 5,
      n: 2,
      want: [
        [-5, 0],
        [1, 5],
      ],
    },
    {
      from: 0,
      to: 1,
      n: 4,
      want: [
        [0, 0],
        [1, 1],
      ],
    },
    { from: 7, to: 7, n: 3, want: [[7, 7]] },
  ];
  for (const { from, to, n, want } of table) {
    it(`[${from}, ${to}] into ${n}`, () => {
      const splits = splitNumberRange(from, to, n);
      assert.deepEqual(
        splits.map((s) => [s.from, s.to]),
        want,
      );
      assert.deepEqual(
        splits.map((s) => s.splitId),
        want.map((_, i) => String(i + 1)),
      );
    });
  }

  it('covers the range exactly, in order, with sizes differing by at most one', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1000, max: 1000 }),
        fc.nat(500),
        fc.integer({ min: 1, max: 64 }),
        (from, len, n) => {
          const to = from + len;
          const splits = splitNumberRange(from, to, n);
          assert.equal(splits.length, Math.min(n, len + 1));
          assert.equal(splits[0].from, from);
          assert.equal(splits[splits.length - 1].to, to);
          for (let i = 1; i < splits.length; i++) assert.equal(splits[i].from, splits[i - 1].to + 1);
          const sizes = splits.map((s) => s.to - s.from + 1);
          assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1);
          assert.ok(
            sizes.every((s, i) => i === 0 || s <= sizes[i - 1]),
            'larger splits come first',
          );
        },
      ),
    );
  });

  it('stays exact over the whole safe-integer range', () => {
    const splits = splitNumberRange(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 3);
    assert.equal(splits[0].from, Number.MIN_SAFE_INTEGER);
    assert.equal(splits[2].to, Number.MAX_SAFE_INTEGER);
    for (let i = 1; i < 3; i++) assert.equal(splits[i].from, splits[i - 1].to + 1);
  });
});

describe('NumberSequenceSource', () => {
  it('rejects numbers beyond 2^53 with a message that says why', () => {
    assert.throws(() => new NumberSequenceSource(0, 2 ** 53), /'to' is 9007199254740992, not a safe integer/);
    assert.throws(() => new NumberSequenceSource(1.5, 3), /'from' is 1.5/);
    assert.throws(() => new NumberSequenceSource(5, 1), /Start of sequence must not be greater than the end/);
  });

  it('is bounded', () => {
    assert.equal(new NumberSequenceSource(1, 2).getBoundedness(), 'BOUNDED');
  });

  it('reads the whole sequence at parallelism 1, in order', () => {
    const harness = new SourceHarness(new NumberSequenceSource(1, 2000), 1);
    assert.deepEqual(
      readAll(harness, 0),
      Array.from({ length: 2000 }, (_, i) => i + 1),
    );
  });

  it('gives each of 3 readers one contiguous split, as Flink does', () => {
    const harness = new SourceHarness(new NumberSequenceSource(1, 10), 3);
    for (const subtask of [0, 1, 2]) harness.start(subtask);
    assert.deepEqual(readAll(harness, 0), [1, 2, 3, 4]);
    assert.deepEqual(readAll(harness, 1), [5, 6, 7]);
    assert.deepEqual(readAll(harness, 2), [8, 9, 10]);
  });

  it('emits at most one batch per pollNext and says MORE_AVAILABLE until done', () => {
    const b = DEFAULT_READER_BATCH_SIZE;
    const harness = new SourceHarness(new NumberSequenceSource(0, 2 * b + b / 2 - 1), 1);
    harness.start(0);
    const statuses = [harness.poll(0), harness.poll(0), harness.poll(0)];
    assert.deepEqual(statuses, ['MORE_AVAILABLE', 'MORE_AVAILABLE', 'END_OF_INPUT']);
    assert.deepEqual(
      harness.batches(0).map((x) => x.length),
      [b, b, b / 2],
    );
  });

  it('resumes from a reader snapshot taken mid-split', () => {
    const harness = new SourceHarness(new NumberSequenceSource(1, 1500), 1);
    harness.start(0);
    harness.poll(0);
    const snapshot: NumberSequenceSplit[] = harness.reader(0).snapshotState(1);
    const next = DEFAULT_READER_BATCH_SIZE + 1;
    assert.deepEqual(snapshot, [{ splitId: '1', from: next, to: 1500 }]);

    const restored = new SourceHarness(new NumberSequenceSource(1, 1500), 1, { restoredEnumerator: [] });
    restored.reader(0).addSplits(snapshot);
    assert.deepEqual(
      readAll(restored, 0),
      Array.from({ length: 1501 - next }, (_, i) => i + next),
    );
    assert.equal(restored.splitRequests, 1, 'a restored reader asks for more only after its splits ran out');
  });

  it('snapshots the enumerator with the splits not yet handed out, and restores from it', () => {
    const source = new NumberSequenceSource(1, 10);
    const harness = new SourceHarness(source, 2);
    harness.start(0);
    const checkpoint = harness.enumerator.snapshotState(1);
    assert.deepEqual(checkpoint, [{ splitId: '2', from: 6, to: 10 }]);

    const restored = new SourceHarness(source, 2, { restoredEnumerator: checkpoint });
    assert.deepEqual(readAll(restored, 1), [6, 7, 8, 9, 10]);
    assert.throws(() => source.restoreEnumerator(restored.enumeratorContext, 'nonsense' as never), /cannot restore/);
  });

  it('hands splits of a failed reader to the next reader that asks', () => {
    const harness = new SourceHarness(new NumberSequenceSource(1, 4), 2);
    harness.start(0);
    harness.enumerator.addSplitsBack([{ splitId: '1', from: 1, to: 2 }], 0);
    assert.deepEqual(readAll(harness, 1), [3, 4, 1, 2]);
  });

  it('resolves isAvailable once a split arrives', async () => {
    const harness = new SourceHarness(new NumberSequenceSource(1, 3), 1, { deferAssignments: true });
    const reader = harness.reader(0);
    harness.start(0);
    assert.equal(harness.poll(0), 'NOTHING_AVAILABLE');
    let available = false;
    const waiting = reader.isAvailable().then(() => {
      available = true;
    });
    await Promise.resolve();
    assert.equal(available, false);
    harness.deliverAssignments();
    await waiting;
    assert.equal(available, true);
    assert.equal(harness.poll(0), 'NOTHING_AVAILABLE', 'the split is done; the next request is unanswered');
    assert.deepEqual(harness.values(0), [1, 2, 3]);
    harness.deliverAssignments();
    assert.equal(harness.poll(0), 'END_OF_INPUT');
  });

  it('rejects an invalid split with a clear error', () => {
    const harness = new SourceHarness(new NumberSequenceSource(1, 3), 1);
    assert.throws(() => harness.reader(0).addSplits([{ splitId: '1', from: 5, to: 1 }]), /invalid split/);
  });
});
