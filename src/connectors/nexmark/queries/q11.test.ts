import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonical, generateEvents, runQuery } from '../../../testing/nexmark-query-testing.js';
import { q11 } from './q11.js';
import { referenceQ11 } from './reference/q11.js';

describe('nexmark q11 (user sessions)', () => {
  it('emits the same sessions per bidder as the plain loop', async () => {
    // 200 events/s of event time: 30 k events span 150 s, so rarer bidders have several sessions.
    const events = generateEvents(30_000, { firstEventRate: 200 });
    const expected = referenceQ11(events);
    const actual = await runQuery((s) => q11(s), events);
    assert.ok(expected.length > 100, `too few sessions to mean anything: ${expected.length}`);
    assert.deepEqual(canonical(actual), canonical(expected));
  });
});
