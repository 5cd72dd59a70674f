import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonical, generateEvents, runQuery } from '../../../testing/nexmark-query-testing.js';
import { q8 } from './q8.js';
import { referenceQ8 } from './reference/q8.js';

describe('nexmark q8 (monitor new users)', () => {
  it('emits the same new sellers per tumbling window as the plain loop', async () => {
    const events = generateEvents(30_000, { firstEventRate: 1_000 });
    const expected = referenceQ8(events);
    const actual = await runQuery((s) => q8(s), events);
    assert.ok(expected.length > 10, `too few results to mean anything: ${expected.length}`);
    assert.deepEqual(canonical(actual), canonical(expected));
  });
});
