import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonical, finalByKey, generateEvents, runQuery } from '../../../testing/nexmark-query-testing.js';
import { q9 } from './q9.js';
import { referenceQ9 } from './reference/q9.js';

describe('nexmark q9 (winning bids)', () => {
  for (const [seed, parallelism] of [
    [1, 1],
    [2, 3],
  ] as const) {
    it(`ends with the winners of the plain loop (seed ${seed}, parallelism ${parallelism})`, async () => {
      const events = generateEvents(20_000, { seed, firstEventRate: 10_000 });
      const expected = referenceQ9(events);
      const rows = await runQuery(q9, events, { parallelism });
      const actual = [...finalByKey(rows, (r) => String(r.id)).values()];
      assert.ok(expected.length > 500, `too few auctions with a winner: ${expected.length}`);
      assert.ok(rows.length > actual.length, 'some winners changed');
      assert.deepEqual(canonical(actual), canonical(expected));
    });
  }
});
