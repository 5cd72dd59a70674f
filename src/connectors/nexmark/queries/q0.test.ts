import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonical, generateEvents, runQuery } from '../../../testing/nexmark-query-testing.js';
import { q0 } from './q0.js';
import { referenceQ0 } from './reference/q0.js';

describe('nexmark q0 (pass through)', () => {
  for (const seed of [1, 2]) {
    it(`projects every bid as the plain loop does (seed ${seed})`, async () => {
      const events = generateEvents(20_000, { seed });
      const expected = referenceQ0(events);
      const actual = await runQuery(q0, events);
      assert.ok(expected.length > 15_000, `too few bids: ${expected.length}`);
      assert.deepEqual(canonical(actual), canonical(expected));
    });
  }
});
