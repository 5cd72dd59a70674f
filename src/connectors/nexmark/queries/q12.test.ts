import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonical, generateEvents, runQuery } from '../../../testing/nexmark-query-testing.js';
import { q12 } from './q12.js';
import { referenceQ12 } from './reference/q12.js';

describe('nexmark q12 (processing-time windows)', () => {
  it('counts bids per bidder in the processing-time windows a manual clock puts them in', async () => {
    // The clock moves 700 ms after every 1,000 events: 30 k events span 21 s of processing time (3 windows, with
    // boundaries that fall between pushes at uneven places).
    const every = 1_000;
    const stepMs = 700;
    const events = generateEvents(30_000, { firstEventRate: 1_000 });
    const expected = referenceQ12(events, (i) => Math.floor(i / every) * stepMs);
    const actual = await runQuery((s) => q12(s), events, {
      every,
      onProgress: (driver) => driver.advanceProcessingTime(stepMs),
      // Processing-time windows fire on the clock, not at the end of input: move it past the last window.
      beforeClose: (driver) => driver.advanceProcessingTime(10_000),
    });
    assert.ok(expected.length > 100, `too few results to mean anything: ${expected.length}`);
    assert.deepEqual(canonical(actual), canonical(expected));
  });
});
