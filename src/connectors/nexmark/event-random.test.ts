import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { EventRandom, fmix32 } from './event-random.js';

function draws(random: EventRandom, eventId: number, count: number): number[] {
  random.reset(eventId);
  return Array.from({ length: count }, () => random.nextUint32());
}

describe('EventRandom', () => {
  it('gives the same draws for the same (seed, event id), whatever was drawn before', () => {
    const a = new EventRandom(42);
    const b = new EventRandom(42);
    draws(b, 7, 100);
    assert.deepEqual(draws(a, 123_456_789_012, 20), draws(b, 123_456_789_012, 20));
  });

  it('gives different streams for different seeds, salts, and event ids', () => {
    const base = draws(new EventRandom(1), 5, 8);
    assert.notDeepEqual(draws(new EventRandom(2), 5, 8), base);
    assert.notDeepEqual(draws(new EventRandom(1, 1), 5, 8), base);
    assert.notDeepEqual(draws(new EventRandom(1), 6, 8), base);
    assert.notDeepEqual(draws(new EventRandom(1), 5 + 2 ** 32, 8), base, 'the high word of the id matters');
    assert.notDeepEqual(draws(new EventRandom(-1), 5, 8), draws(new EventRandom(2 ** 32 - 1), 5, 8));
  });

  it('keeps nextInt in [0, bound) and nextDouble in [0, 1)', () => {
    const random = new EventRandom(9);
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 40 }), fc.integer({ min: 1, max: 2 ** 53 }), (eventId, bound) => {
        random.reset(eventId);
        const v = random.nextInt(bound);
        const d = random.nextDouble();
        return Number.isInteger(v) && v >= 0 && v < bound && d >= 0 && d < 1;
      }),
    );
  });

  it('is close to uniform: first draws of consecutive events over 26 buckets (chi-square)', () => {
    const random = new EventRandom(0);
    const buckets = new Array<number>(26).fill(0);
    const n = 260_000;
    for (let id = 0; id < n; id++) {
      random.reset(id);
      buckets[random.nextInt(26)]++;
    }
    const expected = n / 26;
    const chi2 = buckets.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    assert.ok(chi2 < 60, `chi-square ${chi2.toFixed(1)} over 25 degrees of freedom`);
  });

  it('fmix32 is a bijection on a sample (no collisions) and returns unsigned words', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 100_000; i++) {
      const h = fmix32(i * 2654435761);
      assert.ok(h >= 0 && h < 2 ** 32);
      seen.add(h);
    }
    assert.equal(seen.size, 100_000);
  });
});
