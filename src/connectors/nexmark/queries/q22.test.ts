import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonical, generateEvents, runQuery } from '../../../testing/nexmark-query-testing.js';
import { q22, splitIndex } from './q22.js';
import { referenceQ22 } from './reference/q22.js';

describe('nexmark q22 (URL directories)', () => {
  for (const seed of [1, 2]) {
    it(`splits urls as the plain loop does (seed ${seed})`, async () => {
      const events = generateEvents(20_000, { seed });
      const expected = referenceQ22(events);
      const actual = await runQuery(q22, events);
      assert.ok(expected.length > 15_000, `too few rows: ${expected.length}`);
      assert.ok(expected.every((r) => r.dir3 !== null && r.dir3.length > 0));
      assert.deepEqual(canonical(actual), canonical(expected));
    });
  }

  it('keeps empty parts and is null past the end, as String.split', () => {
    assert.equal(splitIndex('https://www.nexmark.com/a/b/c/item.htm', '/', 3), 'a');
    assert.equal(splitIndex('', '/', 0), null);
    assert.equal(splitIndex('a//b', '/', 1), '');
    assert.equal(splitIndex('a/b', '/', 2), null);
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.integer({ min: 0, max: 6 }), (s, i) => {
        const parts = s === '' ? [] : s.split('/');
        return splitIndex(s, '/', i) === (parts[i] ?? null);
      }),
    );
  });
});
