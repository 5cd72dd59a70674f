import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonical, generateEvents, runQuery } from '../../../testing/nexmark-query-testing.js';
import { q20 } from './q20.js';
import { referenceQ20 } from './reference/q20.js';

describe('nexmark q20 (expand bid with auction)', () => {
  for (const [seed, parallelism] of [
    [1, 1],
    [2, 3],
  ] as const) {
    it(`joins bids with category-10 auctions as the plain loop does (seed ${seed}, p=${parallelism})`, async () => {
      const events = generateEvents(30_000, { seed });
      const expected = referenceQ20(events);
      const actual = await runQuery(q20, events, { parallelism });
      assert.ok(expected.length > 1_000, `too few rows: ${expected.length}`);
      assert.deepEqual(canonical(actual), canonical(expected));
    });
  }
});
