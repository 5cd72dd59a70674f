import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type AggregationKind, aggregationFunction } from './aggregations.js';
import { harnessServices } from './harness-services.test.js';
import { OneInputOperatorHarness } from './operator-harness.js';
import { StreamGroupedReduce } from './stream-grouped-reduce.js';

type Reading = { sensor: string; temp: number; seq: number };

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Runs records through keyBy(key).<kind>(field) and returns every emitted value. */
function run<T>(kind: AggregationKind, field: string | number, records: T[], key: (r: T) => unknown, first = true) {
  const op = new StreamGroupedReduce<T>(aggregationFunction<T>(kind, field, first));
  const h = new OneInputOperatorHarness(op, { services: harnessServices(), keySelector: key }).open();
  for (const r of records) h.processElement(deepFreeze(r));
  return h.values();
}

const readings: Reading[] = [
  { sensor: 'a', temp: 20, seq: 1 },
  { sensor: 'a', temp: 15, seq: 2 },
  { sensor: 'a', temp: 15, seq: 3 },
  { sensor: 'a', temp: 30, seq: 4 },
];

describe('aggregationFunction', () => {
  const table: { kind: AggregationKind; first?: boolean; expected: Reading[] }[] = [
    {
      kind: 'sum',
      expected: [
        { sensor: 'a', temp: 20, seq: 1 },
        { sensor: 'a', temp: 35, seq: 1 },
        { sensor: 'a', temp: 50, seq: 1 },
        { sensor: 'a', temp: 80, seq: 1 },
      ],
    },
    {
      // min updates only the field, in the first record seen for the key (seq stays 1)
      kind: 'min',
      expected: [
        { sensor: 'a', temp: 20, seq: 1 },
        { sensor: 'a', temp: 15, seq: 1 },
        { sensor: 'a', temp: 15, seq: 1 },
        { sensor: 'a', temp: 15, seq: 1 },
      ],
    },
    {
      kind: 'max',
      expected: [
        { sensor: 'a', temp: 20, seq: 1 },
        { sensor: 'a', temp: 20, seq: 1 },
        { sensor: 'a', temp: 20, seq: 1 },
        { sensor: 'a', temp: 30, seq: 1 },
      ],
    },
    {
      // minBy returns the whole record; on the tie (seq 2 vs 3) the first one stays
      kind: 'minBy',
      first: true,
      expected: [readings[0], readings[1], readings[1], readings[1]],
    },
    {
      // ...or the last one with first = false
      kind: 'minBy',
      first: false,
      expected: [readings[0], readings[1], readings[2], readings[2]],
    },
    {
      kind: 'maxBy',
      expected: [readings[0], readings[0], readings[0], readings[3]],
    },
  ];
  for (const { kind, first, expected } of table) {
    it(`${kind}('temp'${first === undefined ? '' : `, ${first}`}) follows Flink`, () => {
      assert.deepEqual(
        run(kind, 'temp', structuredClone(readings), (r) => r.sensor, first),
        expected,
      );
    });
  }

  it('maxBy ties keep the first or the last record', () => {
    const recs = [
      { k: 1, v: 5, id: 'x' },
      { k: 1, v: 5, id: 'y' },
    ];
    assert.deepEqual(
      run('maxBy', 'v', structuredClone(recs), (r) => r.k, true).map((r) => r.id),
      ['x', 'x'],
    );
    assert.deepEqual(
      run('maxBy', 'v', structuredClone(recs), (r) => r.k, false).map((r) => r.id),
      ['x', 'y'],
    );
  });

  it('works on tuples by position and keeps keys apart', () => {
    const tuples: [string, number, string][] = [
      ['a', 3, 'first-a'],
      ['b', 1, 'first-b'],
      ['a', 1, 'second-a'],
      ['b', 7, 'second-b'],
    ];
    assert.deepEqual(
      run('sum', 1, tuples, (t) => t[0]),
      [
        ['a', 3, 'first-a'],
        ['b', 1, 'first-b'],
        ['a', 4, 'first-a'],
        ['b', 8, 'first-b'],
      ],
    );
    assert.deepEqual(
      run('min', 'f1', tuples, (t) => t[0]),
      [
        ['a', 3, 'first-a'],
        ['b', 1, 'first-b'],
        ['a', 1, 'first-a'],
        ['b', 1, 'first-b'],
      ],
    );
  });

  it('aggregates nested fields, bigints, strings and bare values', () => {
    const nested = [
      { id: 1, stats: { n: 1 } },
      { id: 2, stats: { n: 2 } },
    ];
    assert.deepEqual(run('sum', 'stats.n', nested, () => 0).at(-1), { id: 1, stats: { n: 3 } });
    assert.deepEqual(run('sum', 'v', [{ v: 2n }, { v: 3n }], () => 0).at(-1), { v: 5n });
    assert.deepEqual(run('max', 's', [{ s: 'apple' }, { s: 'pear' }], () => 0).at(-1), { s: 'pear' });
    assert.deepEqual(
      run('sum', 0, [1, 2, 3], () => 0),
      [1, 3, 6],
    );
    assert.deepEqual(
      run('minBy', '*', [3, 1, 2], () => 0),
      [3, 1, 1],
    );
  });

  it('keeps the prototype of class records and never mutates inputs', () => {
    class Bid {
      constructor(
        readonly auction: number,
        readonly price: number,
      ) {}
    }
    const out = run('sum', 'price', [new Bid(1, 10), new Bid(1, 5)], (b) => b.auction);
    assert.ok(out[1] instanceof Bid);
    assert.equal(out[1].price, 15);
    assert.equal(out[0].price, 10);
  });

  it('explains a missing or unsuitable field', () => {
    assert.throws(
      () => run('sum', 'price', [{ p: 1 }, { p: 2 }], () => 0),
      /sum\('price'\): record Object with keys \[p\] has no field 'price'/,
    );
    assert.throws(
      () => run('sum', 'name', [{ name: 'a' }, { name: 'b' }], () => 0),
      /sum\('name'\): field 'name' must hold numbers/,
    );
    assert.throws(
      () => run('min', 'o', [{ o: {} }, { o: {} }], () => 0),
      /min\('o'\): field 'o' must hold comparable values/,
    );
    assert.throws(() => aggregationFunction('sum', -1), /a field position must be a non-negative integer/);
    assert.throws(() => aggregationFunction('avg' as never, 'x'), /unknown aggregation 'avg'/);
  });

  it('property: min/max keep the first record and the extreme; minBy/maxBy return an input record', () => {
    const recordArb = fc
      .record({ v: fc.integer({ min: -50, max: 50 }), id: fc.nat() })
      .map((r) => ({ v: r.v, id: r.id }));
    fc.assert(
      fc.property(fc.array(recordArb, { minLength: 1, maxLength: 20 }), fc.boolean(), (recs, first) => {
        const values = recs.map((r) => r.v);
        const min = Math.min(...values);
        const max = Math.max(...values);
        const sum = values.reduce((a, b) => a + b, 0);
        assert.deepEqual(run('min', 'v', structuredClone(recs), () => 0).at(-1), { ...recs[0], v: min });
        assert.deepEqual(run('max', 'v', structuredClone(recs), () => 0).at(-1), { ...recs[0], v: max });
        assert.deepEqual(run('sum', 'v', structuredClone(recs), () => 0).at(-1), { ...recs[0], v: sum });
        const mins = recs.filter((r) => r.v === min);
        const expected = first ? mins[0] : mins[mins.length - 1];
        assert.deepEqual(run('minBy', 'v', structuredClone(recs), () => 0, first).at(-1), expected);
      }),
      { numRuns: 100 },
    );
  });
});
