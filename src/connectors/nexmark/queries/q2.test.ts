import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonical, generateEvents, runQuery } from '../../../testing/nexmark-query-testing.js';
import { q2 } from './q2.js';
import { referenceQ2 } from './reference/q2.js';

describe('nexmark q2 (selection)', () => {
  for (const [seed, modulus] of [
    [1, 123],
    [2, 123],
    [3, 7],
  ] as const) {
    it(`selects the bids the plain loop selects (seed ${seed}, modulus ${modulus})`, async () => {
      const events = generateEvents(40_000, { seed });
      const expected = referenceQ2(events, modulus);
      const actual = await runQuery((s) => q2(s, { modulus }), events);
      assert.ok(expected.length > 20, `too few selected bids to mean anything: ${expected.length}`);
      assert.deepEqual(canonical(actual), canonical(expected));
    });
  }

  it('rejects a modulus that is not a positive integer', () => {
    assert.throws(() => q2(undefined as never, { modulus: 0 }), /modulus must be a positive integer/);
  });
});
