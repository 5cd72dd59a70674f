import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonical, generateEvents, runQuery } from '../../../testing/nexmark-query-testing.js';
import { dollarsToEuros, q1 } from './q1.js';
import { referenceEuros } from './reference/decimal.js';
import { referenceQ1 } from './reference/q1.js';

describe('nexmark q1 (currency conversion)', () => {
  for (const seed of [1, 2]) {
    it(`converts every bid as the plain loop does (seed ${seed})`, async () => {
      const events = generateEvents(20_000, { seed });
      const expected = referenceQ1(events);
      const actual = await runQuery(q1, events);
      assert.ok(expected.length > 15_000, `too few bids: ${expected.length}`);
      assert.deepEqual(canonical(actual), canonical(expected));
    });
  }

  it('gives the double nearest to the exact DECIMAL(23, 3) value', () => {
    assert.equal(dollarsToEuros(1000), 908);
    assert.equal(dollarsToEuros(123), 111.684);
    assert.notEqual(15 * 0.908, 13.62, 'the naive product is off, which is why q1 does not use it');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), (price) => dollarsToEuros(price) === referenceEuros(price)),
    );
  });
});
