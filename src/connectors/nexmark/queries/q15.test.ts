import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonical, finalByKey, generateEvents, runQuery } from '../../../testing/nexmark-query-testing.js';
import { q15 } from './q15.js';
import { referenceQ15 } from './reference/q15.js';

describe('nexmark q15 (bidding statistics)', () => {
  it('ends with the same row per group as the plain loop (an updating query: last row per key)', async () => {
    // 0.5 events/s of event time from 2 h before midnight UTC: 30 k events span ~17 h, across a day boundary.
    const midnight = Date.UTC(2026, 0, 2);
    const events = generateEvents(30_000, { firstEventRate: 0.5 }, midnight - 7_200_000);
    const expected = referenceQ15(events);
    const rows = await runQuery((s) => q15(s), events);
    const actual = [...finalByKey(rows, (r) => r.day).values()];
    assert.ok(new Set(expected.map((r) => r.day)).size === 2, 'the events should cover two days');
    assert.deepEqual(canonical(actual), canonical(expected));
  });
});
