import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Collector, FlatMapFunction } from '../functions/functions.js';
import { harnessServices } from './harness-services.test.js';
import { OneInputOperatorHarness } from './operator-harness.js';
import { StreamFlatMap } from './stream-flat-map.js';

function harness<I, O>(op: StreamFlatMap<I, O>) {
  return new OneInputOperatorHarness(op, { services: harnessServices({ keyed: false }) }).open();
}

describe('StreamFlatMap', () => {
  const cases: { name: string; fn: FlatMapFunction<string, string> }[] = [
    {
      name: 'collector',
      fn: (line, out) => {
        for (const w of line.split(' ')) out.collect(w);
      },
    },
    { name: 'returned array', fn: (line) => line.split(' ') },
    {
      name: 'returned generator',
      fn: function* (line) {
        yield* line.split(' ');
      },
    },
  ];
  for (const { name, fn } of cases) {
    it(`emits every result with the input's timestamp (${name})`, () => {
      const h = harness(new StreamFlatMap(fn));
      h.processElement('to be', 7);
      h.processElement('', 8);
      assert.deepEqual(h.output.records(), [
        { value: 'to', timestamp: 7 },
        { value: 'be', timestamp: 7 },
        { value: '', timestamp: 8 },
      ]);
    });
  }

  it('accepts an object with flatMap()', () => {
    const h = harness(new StreamFlatMap({ flatMap: (n: number) => [n, -n] }));
    h.processElement(3);
    assert.deepEqual(h.values(), [3, -3]);
  });

  it('rejects a function that both collects and returns results', () => {
    const h = harness(
      new StreamFlatMap((x: number, out: Collector<number>) => {
        out.collect(x);
        return [x];
      }),
    );
    assert.throws(
      () => h.processElement(1),
      /flatMap function both called out\.collect\(\.\.\.\) and returned an iterable/,
    );
  });

  it('rejects a returned string, a returned Promise and other non-iterables', () => {
    const table: [unknown, RegExp][] = [
      ['abc', /flatMap function returned "abc": return an array/],
      [Promise.resolve([1]), /flatMap function returned a Promise: operators are synchronous/],
      [42, /flatMap function returned number 42/],
    ];
    for (const [returned, error] of table) {
      const h = harness(new StreamFlatMap(() => returned as never));
      assert.throws(() => h.processElement(0), error);
    }
  });
});
