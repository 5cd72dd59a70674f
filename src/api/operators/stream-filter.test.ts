import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { harnessServices } from './harness-services.test.js';
import { OneInputOperatorHarness } from './operator-harness.js';
import { StreamFilter } from './stream-filter.js';

function harness<T>(op: StreamFilter<T>) {
  return new OneInputOperatorHarness(op, { services: harnessServices({ keyed: false }) }).open();
}

describe('StreamFilter', () => {
  it('keeps the records the predicate accepts, with their timestamps', () => {
    const h = harness(new StreamFilter((x: number) => x % 2 === 0));
    for (let i = 1; i <= 5; i++) h.processElement(i, i * 100);
    assert.deepEqual(h.output.records(), [
      { value: 2, timestamp: 200 },
      { value: 4, timestamp: 400 },
    ]);
  });

  it('accepts an object with filter()', () => {
    const h = harness(new StreamFilter({ filter: (s: string) => s.startsWith('a') }));
    for (const s of ['apple', 'banana', 'avocado']) h.processElement(s);
    assert.deepEqual(h.values(), ['apple', 'avocado']);
  });

  it('rejects a predicate that returns a Promise', () => {
    const h = harness(new StreamFilter((async () => true) as never));
    assert.throws(
      () => h.processElement(1),
      /^TypeError: filter function returned a Promise: operators are synchronous/,
    );
  });
});
