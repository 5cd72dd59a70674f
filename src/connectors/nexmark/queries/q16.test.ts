import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonical, finalByKey, generateEvents, runQuery } from '../../../testing/nexmark-query-testing.js';
import { q16 } from './q16.js';
import { referenceQ16 } from './reference/q16.js';

describe('nexmark q16 (channel statistics)', () => {
  it('ends with the same row per group as the plain loop (an updating query: last row per key)', async () => {
    // 0.5 events/s of event time from 2 h before midnight UTC: 30 k events span ~17 h, across a day boundary.
    const midnight = Date.UTC(2026, 0, 2);
    const events = generateEvents(30_000, { firstEventRate: 0.5 }, midnight - 7_200_000);
    const expected = referenceQ16(events);
    const rows = await runQuery((s) => q16(s), events);
    const actual = [...finalByKey(rows, (r) => `${r.channel}|${r.day}`).values()];
    assert.ok(new Set(expected.map((r) => r.day)).size === 2, 'the events should cover two days');
    assert.deepEqual(canonical(actual), canonical(expected));
  });
});
