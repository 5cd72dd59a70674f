import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteReader, ByteWriter } from '../../core/types/index.js';
import { resolveNexmarkConfig, splitGeneratorRanges } from './generator-config.js';
import type { NexmarkEvent } from './model.js';
import { AUCTION_TYPE, BID_TYPE, eventTimestamp, NEXMARK_EVENT_TYPE, PERSON_TYPE } from './model.js';
import { NexmarkGenerator } from './nexmark-generator.js';

function sample(count: number): NexmarkEvent[] {
  const config = resolveNexmarkConfig({ eventsNum: count, seed: 5 });
  const generator = new NexmarkGenerator(config, splitGeneratorRanges(config, 1, 1_700_000_000_000)[0]);
  return Array.from({ length: count }, (_, n) => generator.eventAt(n));
}

describe('Nexmark TypeInformation', () => {
  it('round-trips persons, auctions and bids through the generated event codec', () => {
    const codec = NEXMARK_EVENT_TYPE.createCodec();
    const writer = new ByteWriter();
    const events = sample(200);
    for (const e of events) codec.encode(e, writer);
    const reader = new ByteReader(writer.bytes, 0, writer.length);
    const back = events.map(() => codec.decode(reader));
    assert.equal(reader.remaining, 0);
    assert.deepEqual(back, events);
  });

  it('describes the datagen row with Flink field names', () => {
    const described = NEXMARK_EVENT_TYPE.describe();
    for (const name of ['eventType', 'person', 'auction', 'bid', 'emailAddress', 'initialBid', 'channel', 'dateTime']) {
      assert.ok(described.includes(name), `${name} in ${described}`);
    }
    assert.equal(PERSON_TYPE.kind, 'ROW');
    assert.equal(AUCTION_TYPE.kind, 'ROW');
    assert.equal(BID_TYPE.kind, 'ROW');
  });

  it('eventTimestamp reads the dateTime of whichever entity the event holds', () => {
    for (const e of sample(60)) {
      const entity = e.person ?? e.auction ?? e.bid;
      assert.equal(eventTimestamp(e), entity?.dateTime);
    }
  });
});
