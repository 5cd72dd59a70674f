import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatDay, formatMinute, priceBand } from './bid-statistics.js';

describe('bid statistics helpers', () => {
  it('puts prices in the bands of the FILTER clauses', () => {
    const table: [number, number][] = [
      [0, 0],
      [9_999, 0],
      [10_000, 1],
      [999_999, 1],
      [1_000_000, 2],
      [100_000_000, 2],
    ];
    for (const [price, band] of table) assert.equal(priceBand(price), band, `price ${price}`);
  });

  it('formats day and minute as Date does in UTC', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ts) => {
        const iso = new Date(ts).toISOString();
        assert.equal(formatDay(ts), iso.slice(0, 10));
        assert.equal(formatMinute(ts), iso.slice(11, 16));
      }),
    );
  });
});
