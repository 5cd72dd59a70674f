import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SlidingWindowHistogram } from './sliding-window-histogram.js';

describe('SlidingWindowHistogram', () => {
  it('computes statistics over the window like Commons Math', () => {
    const h = new SlidingWindowHistogram(10);
    for (const v of [5, 1, 4, 2, 3]) h.update(v);
    const s = h.getStatistics();
    assert.equal(h.getCount(), 5);
    assert.equal(s.size(), 5);
    assert.equal(s.getMin(), 1);
    assert.equal(s.getMax(), 5);
    assert.equal(s.getMean(), 3);
    assert.equal(s.getStdDev(), Math.sqrt(2.5));
    const quantiles: [number, number][] = [
      [0.5, 3],
      [0.25, 1.5],
      [0.75, 4.5],
      [0.99, 5],
      [0, 1],
    ];
    for (const [q, expected] of quantiles) assert.equal(s.getQuantile(q), expected, `quantile ${q}`);
    assert.deepEqual(s.getValues(), [1, 2, 3, 4, 5]);
  });

  it('keeps only the last windowSize values but counts all', () => {
    const h = new SlidingWindowHistogram(3);
    for (let i = 1; i <= 7; i++) h.update(i);
    assert.equal(h.getCount(), 7);
    assert.deepEqual(h.getStatistics().getValues(), [5, 6, 7]);
  });

  it('answers zeros when empty and rejects a bad window or quantile', () => {
    const s = new SlidingWindowHistogram().getStatistics();
    assert.deepEqual([s.getMin(), s.getMax(), s.getMean(), s.getStdDev(), s.getQuantile(0.5)], [0, 0, 0, 0, 0]);
    assert.throws(() => new SlidingWindowHistogram(0), /windowSize must be a positive integer/);
    assert.throws(() => s.getQuantile(1.5), /quantile must be within/);
  });

  it('quantiles are monotone and lie between min and max', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, min: -1e9, max: 1e9 }), { minLength: 1, maxLength: 50 }),
        (values) => {
          const h = new SlidingWindowHistogram(64);
          for (const v of values) h.update(v);
          const s = h.getStatistics();
          let previous = Number.NEGATIVE_INFINITY;
          for (const q of [0, 0.1, 0.5, 0.75, 0.9, 0.99, 1]) {
            const x = s.getQuantile(q);
            assert.ok(x >= s.getMin() && x <= s.getMax());
            assert.ok(x >= previous);
            previous = x;
          }
        },
      ),
    );
  });
});
