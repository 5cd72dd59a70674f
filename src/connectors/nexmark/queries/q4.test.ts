import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonical, finalByKey, generateEvents, runQuery } from '../../../testing/nexmark-query-testing.js';
import { q4, truncatedQuotient } from './q4.js';
import { referenceQ4 } from './reference/q4.js';

describe('nexmark q4 (average price per category)', () => {
  // 10 k events/s of event time makes auctions last tens to hundreds of ms, so most get several valid bids.
  for (const [seed, parallelism] of [
    [1, 1],
    [2, 3],
    [3, 2],
  ] as const) {
    it(`ends with the averages of the plain loop (seed ${seed}, parallelism ${parallelism})`, async () => {
      const events = generateEvents(30_000, { seed, firstEventRate: 10_000 });
      const expected = referenceQ4(events);
      const rows = await runQuery(q4, events, { parallelism });
      const actual = [...finalByKey(rows, (r) => String(r.id)).values()];
      assert.equal(expected.length, 5, 'all five categories have a winning bid');
      assert.ok(rows.length > actual.length, 'the query updated its results');
      assert.deepEqual(canonical(actual), canonical(expected));
    });
  }

  it('truncates averages exactly', () => {
    assert.equal(truncatedQuotient(7, 2), 3);
    assert.equal(truncatedQuotient(2 ** 53 - 1, 3), Number(BigInt(2 ** 53 - 1) / 3n));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        (s, c) => {
          return truncatedQuotient(s, c) === Number(BigInt(s) / BigInt(c));
        },
      ),
    );
  });
});
