import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NexmarkConfig } from './generator-config.js';
import {
  parseNexmarkOptions,
  resolveNexmarkConfig,
  splitGeneratorRanges,
  totalEventSpace,
} from './generator-config.js';

describe('resolveNexmarkConfig', () => {
  it('applies the nexmark defaults (rate as the V1 benchmark)', () => {
    const c = resolveNexmarkConfig();
    assert.equal(c.eventsNum, 0);
    assert.equal(c.firstEventRate, 10_000_000);
    assert.deepEqual([c.personProportion, c.auctionProportion, c.bidProportion, c.totalProportion], [1, 3, 46, 50]);
    assert.deepEqual([c.hotAuctionRatio, c.hotBiddersRatio, c.hotSellersRatio], [2, 4, 4]);
    assert.deepEqual([c.avgPersonByteSize, c.avgAuctionByteSize, c.avgBidByteSize], [200, 500, 100]);
    assert.equal(c.numEventGenerators, null);
    assert.equal(c.baseTime, null);
    assert.equal(c.seed, 0);
    assert.equal(c.maxEmitSpeed, true);
    assert.equal(c.stopAt, -1);
  });

  const bad: Array<[string, NexmarkConfig, RegExp]> = [
    ['negative events', { eventsNum: -1 }, /'eventsNum' is -1; it must be an integer ≥ 0/],
    ['fractional events', { eventsNum: 1.5 }, /'eventsNum' is 1.5/],
    ['zero rate', { firstEventRate: 0 }, /'firstEventRate' is 0; it must be a positive number/],
    ['zero generators', { numEventGenerators: 0 }, /'numEventGenerators' is 0; it must be an integer ≥ 1/],
    ['all proportions zero', { personProportion: 0, auctionProportion: 0, bidProportion: 0 }, /sum to at least 1/],
    ['zero hot ratio', { hotAuctionRatio: 0 }, /'hotAuctionRatio' is 0/],
    ['string seed', { seed: '7' as unknown as number }, /'seed' is 7; it must be a safe integer/],
    ['stop-at below -1', { stopAt: -2 }, /'stopAt' is -2; it must be an integer ≥ -1/],
    ['non-boolean speed', { maxEmitSpeed: 1 as unknown as boolean }, /'maxEmitSpeed' is 1; it must be true or false/],
    ['negative base time', { baseTime: -5 }, /'baseTime' is -5/],
    ['unknown option', { eventNum: 5 } as unknown as NexmarkConfig, /Unknown Nexmark source option 'eventNum'/],
  ];
  for (const [name, options, message] of bad) {
    it(`rejects ${name} with a message naming the option`, () => {
      assert.throws(() => resolveNexmarkConfig(options), message);
    });
  }
});

describe('parseNexmarkOptions', () => {
  it('reads the Flink connector keys of ddl_gen.sql and ddl_gen_v2.sql', () => {
    const parsed = parseNexmarkOptions({
      connector: 'nexmark',
      'first-event.rate': '100000',
      'next-event.rate': '100000',
      'events.num': '200000000',
      'person.proportion': '1',
      'auction.proportion': '3',
      'bid.proportion': '46',
      'keep-alive': 'false',
      'stop-at': '-1',
      'max-emit-speed': 'true',
      'bid.avg-size': '100b',
    });
    assert.deepEqual(parsed, {
      firstEventRate: 100_000,
      eventsNum: 200_000_000,
      personProportion: 1,
      auctionProportion: 3,
      bidProportion: 46,
      keepAlive: false,
      stopAt: -1,
      maxEmitSpeed: true,
      avgBidByteSize: 100,
    });
    assert.equal(resolveNexmarkConfig(parsed).eventsNum, 200_000_000);
  });

  it('reads memory sizes for the average-size keys', () => {
    assert.deepEqual(
      parseNexmarkOptions({ 'person.avg-size': '200', 'auction.avg-size': '1kb', 'bid.avg-size': '100 b' }),
      {
        avgPersonByteSize: 200,
        avgAuctionByteSize: 1024,
        avgBidByteSize: 100,
      },
    );
    assert.throws(() => parseNexmarkOptions({ 'bid.avg-size': '1.5gb' }), /'bid.avg-size' is '1.5gb'/);
  });

  it('names unknown keys and malformed values', () => {
    assert.throws(() => parseNexmarkOptions({ 'events.count': '5' }), /Unknown Nexmark option 'events.count'/);
    assert.throws(() => parseNexmarkOptions({ 'events.num': 'many' }), /'events.num' is 'many'; it must be a number/);
    assert.throws(() => parseNexmarkOptions({ 'keep-alive': 'yes' }), /'keep-alive' is 'yes'; use 'true' or 'false'/);
  });
});

describe('splitGeneratorRanges', () => {
  it('gives generator i the ids from i × floor(N / n), the last one the remainder', () => {
    const ranges = splitGeneratorRanges(resolveNexmarkConfig({ eventsNum: 1003 }), 4, 77);
    assert.deepEqual(
      ranges.map((r) => [r.firstEventId, r.eventCount]),
      [
        [0, 250],
        [250, 250],
        [500, 250],
        [750, 253],
      ],
    );
    assert.ok(ranges.every((r) => r.numGenerators === 4 && r.baseTime === 77));
  });

  it('caps each generator by its share of stop-at', () => {
    const ranges = splitGeneratorRanges(resolveNexmarkConfig({ eventsNum: 1000, stopAt: 10 }), 3, 0);
    assert.deepEqual(
      ranges.map((r) => [r.firstEventId, r.eventCount]),
      [
        [0, 3],
        [333, 3],
        [666, 4],
      ],
    );
  });

  it('uses the nexmark overflow-safe maximum when unbounded', () => {
    const config = resolveNexmarkConfig();
    assert.equal(totalEventSpace(config), 368_934_881_474_191); // Long.MAX_VALUE / (50 × 500)
    const ranges = splitGeneratorRanges(config, 2, 0);
    assert.equal(ranges[1].firstEventId, 184_467_440_737_095);
    assert.ok(Number.isSafeInteger(ranges[1].firstEventId + ranges[1].eventCount));
  });

  it('rejects a generator count below 1', () => {
    assert.throws(() => splitGeneratorRanges(resolveNexmarkConfig(), 0, 0), /at least one event generator/);
  });
});
