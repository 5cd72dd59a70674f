import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonical, finalByKey, generateEvents, runQuery } from '../../../testing/nexmark-query-testing.js';
import { BID_EVENT, type NexmarkEvent } from '../model.js';
import { q19 } from './q19.js';
import { referenceQ19 } from './reference/q19.js';

/** Rounds prices to powers of ten so many bids tie, which exercises the arrival-order tie-break. */
function withTies(events: readonly NexmarkEvent[]): NexmarkEvent[] {
  return events.map((event) => {
    if (event.eventType !== BID_EVENT || event.bid === null) return event;
    return { ...event, bid: { ...event.bid, price: 10 ** Math.round(Math.log10(event.bid.price)) } };
  });
}

describe('nexmark q19 (auction top-10 price)', () => {
  for (const [seed, parallelism, ties, topN] of [
    [1, 1, false, 10],
    [2, 3, false, 10],
    [3, 2, true, 10],
    [4, 2, true, 3],
  ] as const) {
    it(`ends with the plain loop's top ${topN} (seed ${seed}, p=${parallelism}, ties ${ties})`, async () => {
      const generated = generateEvents(30_000, { seed });
      const events = ties ? withTies(generated) : generated;
      const expected = referenceQ19(events, topN);
      const rows = await runQuery((s) => q19(s, { topN }), events, { parallelism });
      const actual = [...finalByKey(rows, (r) => `${r.auction}#${r.rank_number}`).values()];
      assert.ok(
        expected.some((r) => r.rank_number === topN),
        'some auctions fill their top list',
      );
      assert.deepEqual(canonical(actual), canonical(expected));
    });
  }

  it('rejects a topN that is not a positive integer', () => {
    assert.throws(() => q19(undefined as never, { topN: 0 }), /topN must be a positive integer/);
  });
});
