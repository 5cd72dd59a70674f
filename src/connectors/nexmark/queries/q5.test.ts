import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonical, generateEvents, runQuery } from '../../../testing/nexmark-query-testing.js';
import { q5 } from './q5.js';
import { referenceQ5 } from './reference/q5.js';

describe('nexmark q5 (hot items)', () => {
  it('emits the same top auctions per sliding window as the plain loop', async () => {
    // 1,000 events/s of event time: 30 k events span 30 s, about 15 sliding windows.
    const events = generateEvents(30_000, { firstEventRate: 1_000 });
    const expected = referenceQ5(events);
    const actual = await runQuery((s) => q5(s), events);
    assert.ok(expected.length > 10, `too few results to mean anything: ${expected.length}`);
    assert.deepEqual(canonical(actual), canonical(expected));
  });
});
