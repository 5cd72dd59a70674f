import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonical, generateEvents, runQuery } from '../../../testing/nexmark-query-testing.js';
import { q3 } from './q3.js';
import { referenceQ3 } from './reference/q3.js';

describe('nexmark q3 (local item suggestion)', () => {
  for (const [seed, parallelism] of [
    [1, 1],
    [2, 3],
  ] as const) {
    it(`joins sellers and auctions as the plain loop does (seed ${seed}, parallelism ${parallelism})`, async () => {
      const events = generateEvents(40_000, { seed });
      const expected = referenceQ3(events);
      const actual = await runQuery(q3, events, { parallelism });
      assert.ok(expected.length > 50, `too few rows to mean anything: ${expected.length}`);
      assert.deepEqual(canonical(actual), canonical(expected));
    });
  }
});
