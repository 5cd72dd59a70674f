import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonical, generateEvents, runQuery } from '../../../testing/nexmark-query-testing.js';
import { bidEvent } from '../model.js';
import { q7 } from './q7.js';
import { referenceQ7 } from './reference/q7.js';

describe('nexmark q7 (highest bid)', () => {
  it('emits the same max-price bids per tumbling window as the plain loop', async () => {
    const events = generateEvents(30_000, { firstEventRate: 1_000 });
    const expected = referenceQ7(events);
    const actual = await runQuery((s) => q7(s), events);
    assert.ok(expected.length >= 3, `too few results to mean anything: ${expected.length}`);
    assert.deepEqual(canonical(actual), canonical(expected));
  });

  it('matches a bid that lies exactly on the end of the window whose max it equals (BETWEEN is inclusive)', async () => {
    const at = (dateTime: number, price: number) =>
      bidEvent({ auction: 1000, bidder: 2000, price, channel: 'Google', url: 'u', dateTime, extra: '' });
    // Window [0, 500) has max 30; the bid at 500 (its end, and the next window's start) also has price 30.
    const events = [at(100, 10), at(200, 30), at(500, 30), at(700, 50), at(20_000, 1)];
    const expected = referenceQ7(events, 500);
    const actual = await runQuery((s) => q7(s, { sizeMs: 500 }), events, { every: 1 });
    assert.deepEqual(expected.map((b) => `${b.dateTime}:${b.price}`).sort(), ['20000:1', '200:30', '500:30', '700:50']);
    assert.deepEqual(canonical(actual), canonical(expected));
  });
});
