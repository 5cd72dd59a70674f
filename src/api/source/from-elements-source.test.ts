import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FromElementsSource } from './from-elements-source.js';
import { DEFAULT_READER_BATCH_SIZE } from './iterator-source-reader.js';
import { readAll, SourceHarness } from './source-test-harness.js';

describe('FromElementsSource', () => {
  const words = Array.from({ length: 1100 }, (_, i) => `w${i}`);

  it('has one split over all elements and emits them in order', () => {
    const harness = new SourceHarness(new FromElementsSource(words), 1);
    assert.deepEqual(harness.enumerator.snapshotState(1), [{ splitId: '1', from: 0, to: 1099 }]);
    assert.deepEqual(readAll(harness, 0), words);
    const full = Math.floor(1100 / DEFAULT_READER_BATCH_SIZE);
    assert.deepEqual(
      harness.batches(0).map((b) => b.length),
      [...Array<number>(full).fill(DEFAULT_READER_BATCH_SIZE), 1100 - full * DEFAULT_READER_BATCH_SIZE],
    );
  });

  it('hands objects over as they are', () => {
    const records = [{ a: 1 }, { a: 2 }];
    const harness = new SourceHarness(new FromElementsSource(records), 1);
    const out = readAll(harness, 0);
    assert.equal(out[0], records[0]);
  });

  it('ends at once for an empty collection', () => {
    const harness = new SourceHarness(new FromElementsSource<string>([]), 1);
    assert.deepEqual(readAll(harness, 0), []);
  });

  it('gives a second reader nothing (one split only)', () => {
    const harness = new SourceHarness(new FromElementsSource([1, 2, 3]), 2);
    harness.start(0);
    assert.deepEqual(readAll(harness, 1), []);
    assert.deepEqual(readAll(harness, 0), [1, 2, 3]);
  });

  it('resumes after the last element emitted before the snapshot', () => {
    const source = new FromElementsSource(words);
    const harness = new SourceHarness(source, 1);
    harness.start(0);
    harness.poll(0);
    const state = harness.reader(0).snapshotState(7);
    assert.deepEqual(state, [{ splitId: '1', from: DEFAULT_READER_BATCH_SIZE, to: 1099 }]);

    const restored = new SourceHarness(source, 1, { restoredEnumerator: harness.enumerator.snapshotState(7) });
    restored.reader(0).addSplits(state);
    assert.deepEqual(readAll(restored, 0), words.slice(DEFAULT_READER_BATCH_SIZE));
  });

  it('fails clearly when restored state does not fit the collection', () => {
    const harness = new SourceHarness(new FromElementsSource([1, 2]), 1, { restoredEnumerator: [] });
    harness.reader(0).addSplits([{ splitId: '1', from: 0, to: 9 }]);
    harness.start(0);
    assert.throws(() => harness.poll(0), /split \[0, 9\] lies outside the 2 elements/);
  });

  it('rejects a non-array', () => {
    assert.throws(() => new FromElementsSource('abc' as unknown as string[]), /needs an array/);
  });
});
