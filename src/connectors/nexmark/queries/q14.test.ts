import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonical, generateEvents, runQuery } from '../../../testing/nexmark-query-testing.js';
import { bidTimeType, countC, q14, utcHour } from './q14.js';
import { referenceQ14 } from './reference/q14.js';

describe('nexmark q14 (calculation)', () => {
  // One event per second of event time, so 20 k events span five and a half hours; the base times start the
  // lines in the night, the morning and the evening so every label occurs.
  for (const [seed, baseTime] of [
    [1, Date.UTC(2026, 0, 1, 3)],
    [2, Date.UTC(2026, 0, 1, 16)],
  ] as const) {
    it(`computes the rows the plain loop computes (seed ${seed})`, async () => {
      const events = generateEvents(20_000, { seed, firstEventRate: 1 }, baseTime);
      const expected = referenceQ14(events);
      const actual = await runQuery(q14, events);
      assert.ok(expected.length > 3_000, `too few rows: ${expected.length}`);
      assert.equal(new Set(expected.map((r) => r.bidTimeType)).size, 3, 'every label occurs');
      assert.deepEqual(canonical(actual), canonical(expected));
    });
  }

  it('labels hours as the CASE does and counts c', () => {
    const table: [number, string][] = [
      [0, 'nightTime'],
      [6, 'nightTime'],
      [7, 'otherTime'],
      [8, 'dayTime'],
      [18, 'dayTime'],
      [19, 'otherTime'],
      [20, 'nightTime'],
      [23, 'nightTime'],
    ];
    for (const [hour, label] of table) assert.equal(bidTimeType(hour), label, `hour ${hour}`);
    assert.equal(utcHour(-1), 23);
    assert.equal(utcHour(Date.UTC(2026, 4, 5, 13, 59)), 13);
    assert.equal(countC('accept cc'), 4);
    assert.equal(countC(''), 0);
  });
});
