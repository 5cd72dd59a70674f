import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonical, finalByKey, generateEvents, runQuery } from '../../../testing/nexmark-query-testing.js';
import { BID_EVENT, type Bid, type NexmarkEvent } from '../model.js';
import { q18 } from './q18.js';
import { referenceQ18 } from './reference/q18.js';

/** Shuffles timestamps within groups of eight bids, so later bids can be older (out of order, ties included). */
function withDisorder(events: readonly NexmarkEvent[]): NexmarkEvent[] {
  return events.map((event, i) => {
    if (event.eventType !== BID_EVENT || event.bid === null) return event;
    const bid: Bid = { ...event.bid, dateTime: event.bid.dateTime - ((i * 5) % 8) };
    return { ...event, bid };
  });
}

describe('nexmark q18 (find last bid)', () => {
  for (const [seed, parallelism, disorder] of [
    [1, 1, false],
    [2, 3, false],
    [3, 2, true],
  ] as const) {
    it(`ends with the last bids of the plain loop (seed ${seed}, p=${parallelism}, disorder ${disorder})`, async () => {
      const generated = generateEvents(30_000, { seed, firstEventRate: 1_000 });
      const events = disorder ? withDisorder(generated) : generated;
      const expected = referenceQ18(events);
      const rows = await runQuery(q18, events, { parallelism });
      const actual = [...finalByKey(rows, (r) => `${r.bidder}/${r.auction}`).values()];
      assert.ok(rows.length > actual.length, 'some pairs were updated');
      assert.deepEqual(canonical(actual), canonical(expected));
    });
  }
});
