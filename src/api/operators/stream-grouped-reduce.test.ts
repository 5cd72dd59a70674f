import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { harnessServices } from './harness-services.test.js';
import { OneInputOperatorHarness } from './operator-harness.js';
import { StreamGroupedReduce } from './stream-grouped-reduce.js';

type Sale = { shop: string; amount: number };

function keyedHarness<T>(op: StreamGroupedReduce<T>, keySelector: (v: T) => unknown) {
  return new OneInputOperatorHarness(op, { services: harnessServices(), keySelector }).open();
}

describe('StreamGroupedReduce', () => {
  it('emits the running reduce per key after every record, with that record’s timestamp', () => {
    const h = keyedHarness(
      new StreamGroupedReduce((a: Sale, b: Sale) => ({ shop: a.shop, amount: a.amount + b.amount })),
      (s) => s.shop,
    );
    h.processElement({ shop: 'a', amount: 1 }, 10);
    h.processElement({ shop: 'b', amount: 5 }, 11);
    h.processElement({ shop: 'a', amount: 2 }, 12);
    h.processElement({ shop: 'a', amount: 3 }, 13);
    assert.deepEqual(h.output.records(), [
      { value: { shop: 'a', amount: 1 }, timestamp: 10 },
      { value: { shop: 'b', amount: 5 }, timestamp: 11 },
      { value: { shop: 'a', amount: 3 }, timestamp: 12 },
      { value: { shop: 'a', amount: 6 }, timestamp: 13 },
    ]);
  });

  it('keeps composite keys apart by value', () => {
    const h = keyedHarness(
      new StreamGroupedReduce<[string, number, number]>((a, b) => [a[0], a[1], a[2] + b[2]]),
      (t) => [t[0], t[1]],
    );
    h.processElement(['x', 1, 1]);
    h.processElement(['x', 2, 1]);
    h.processElement(['x', 1, 1]);
    assert.deepEqual(h.values(), [
      ['x', 1, 1],
      ['x', 2, 1],
      ['x', 1, 2],
    ]);
  });

  it('accepts an object with reduce() and opens it', () => {
    let opened = false;
    const h = keyedHarness(
      new StreamGroupedReduce({
        open: () => {
          opened = true;
        },
        reduce: (a: number, b: number) => Math.max(a, b),
      }),
      () => 'k',
    );
    for (const v of [3, 1, 4, 1, 5]) h.processElement(v);
    assert.equal(opened, true);
    assert.deepEqual(h.values(), [3, 3, 4, 4, 5]);
  });

  it('needs keyed input', () => {
    const op = new StreamGroupedReduce((a: number, b: number) => a + b);
    const h = new OneInputOperatorHarness(op, { services: harnessServices({ keyed: false }) });
    assert.throws(() => h.open(), /reduce function needs a keyed stream: call keyBy\(\.\.\.\) before/);
  });

  it('rejects a reduce function that returns a Promise or undefined', () => {
    const h1 = keyedHarness(new StreamGroupedReduce<number>((async (a: number) => a) as never), () => 1);
    h1.processElement(1);
    assert.throws(() => h1.processElement(2), /reduce function returned a Promise: operators are synchronous/);
    const h2 = keyedHarness(new StreamGroupedReduce((() => undefined) as never), () => 1);
    h2.processElement(1);
    assert.throws(() => h2.processElement(2), /reduce function returned undefined/);
  });
});
