import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NexmarkConfig } from './generator-config.js';
import { resolveNexmarkConfig, splitGeneratorRanges } from './generator-config.js';
import type { Bid, NexmarkEvent, Person } from './model.js';
import { eventTimestamp } from './model.js';
import { NexmarkGenerator } from './nexmark-generator.js';
import { HOT_CHANNELS, US_CITIES, US_STATES } from './strings-generator.js';

const BASE_TIME = 1_700_000_000_000;

function generators(options: NexmarkConfig, n = 1): NexmarkGenerator[] {
  const config = resolveNexmarkConfig(options);
  return splitGeneratorRanges(config, n, BASE_TIME).map((range) => new NexmarkGenerator(config, range));
}

function run(generator: NexmarkGenerator, from: number, to: number): NexmarkEvent[] {
  const events: NexmarkEvent[] = [];
  for (let n = from; n < to; n++) events.push(generator.eventAt(n));
  return events;
}

describe('NexmarkGenerator: ids and proportions', () => {
  const [gen] = generators({ eventsNum: 10_000 });

  it('makes 1 person, 3 auctions, 46 bids in every block of 50 events, in that order', () => {
    for (let block = 0; block < 200; block++) {
      const types = run(gen, block * 50, block * 50 + 50).map((e) => e.eventType);
      assert.deepEqual(types, [0, 1, 1, 1, ...new Array(46).fill(2)]);
    }
  });

  it('fills exactly the field its eventType names', () => {
    for (const e of run(gen, 0, 100)) {
      assert.deepEqual(
        [e.person !== null, e.auction !== null, e.bid !== null],
        [e.eventType === 0, e.eventType === 1, e.eventType === 2],
      );
    }
  });

  it('numbers people and auctions by the formulas (+1000)', () => {
    for (let eventId = 0; eventId < 10_000; eventId++) {
      const e = gen.eventAt(eventId);
      const block = Math.floor(eventId / 50);
      if (e.person) assert.equal(e.person.id, block + 1000);
      if (e.auction) assert.equal(e.auction.id, 3 * block + (eventId % 50) - 1 + 1000);
    }
  });

  it('gives generator i of n the ids from i × (N / n), all starting at event time baseTime', () => {
    const gens = generators({ eventsNum: 1000, firstEventRate: 1000 }, 4);
    assert.deepEqual(
      gens.map((g) => g.eventIdOf(0)),
      [0, 250, 500, 750],
    );
    assert.ok(gens.every((g) => eventTimestamp(g.eventAt(0)) === BASE_TIME));
    assert.equal(gens[1].eventAt(0).person?.id, 5 + 1000, 'event id 250 is the person of block 5');
  });
});

describe('NexmarkGenerator: field values', () => {
  const [gen] = generators({ eventsNum: 100_000, firstEventRate: 100_000 });
  const events = run(gen, 0, 100_000);
  const persons = events.flatMap((e) => (e.person ? [e.person] : []));
  const auctions = events.flatMap((e) => (e.auction ? [e.auction] : []));
  const bids = events.flatMap((e) => (e.bid ? [e.bid] : []));

  it('makes people with listed names, cities and states and well-formed e-mail and card numbers', () => {
    const firstNames = new Set([
      'Peter',
      'Paul',
      'Luke',
      'John',
      'Saul',
      'Vicky',
      'Kate',
      'Julie',
      'Sarah',
      'Deiter',
      'Walter',
    ]);
    for (const p of persons) {
      assert.ok(firstNames.has(p.name.split(' ')[0]), p.name);
      assert.match(p.emailAddress, /^([a-z]([a-z ]*[a-z])?)?@([a-z]([a-z ]*[a-z])?)?\.com$/);
      assert.match(p.creditCard, /^\d{4} \d{4} \d{4} \d{4}$/);
      assert.ok(US_CITIES.includes(p.city) && US_STATES.includes(p.state));
      const fixed = 8 + p.name.length + p.emailAddress.length + p.creditCard.length + p.city.length + p.state.length;
      checkExtra(p.extra, 200 - fixed);
    }
  });

  it('makes auctions with categories 10..14, log-uniform prices, reserve above the bid, expiry after the start', () => {
    for (const a of auctions) {
      assert.ok(a.category >= 10 && a.category <= 14, `category ${a.category}`);
      assert.ok(a.initialBid >= 100 && a.initialBid <= 100_000_000);
      assert.ok(a.reserve >= a.initialBid + 100 && a.reserve <= a.initialBid + 100_000_000);
      assert.ok(a.expires > a.dateTime);
      assert.match(a.itemName, /^([a-z]([a-z ]*[a-z])?)?$/);
      assert.ok(a.itemName.length <= 19 && a.description.length <= 99);
      checkExtra(a.extra, 500 - (8 + a.itemName.length + a.description.length + 40));
    }
    assert.deepEqual(new Set(auctions.map((a) => a.category)), new Set([10, 11, 12, 13, 14]));
  });

  it('makes bids for in-flight auctions by active (or hot) people, on known channels', () => {
    for (let i = 0; i < events.length; i++) {
      const bid = events[i].bid;
      if (bid === null) continue;
      const block = Math.floor(i / 50);
      const lastAuction = 3 * block + 2;
      const hotAuction = Math.trunc(lastAuction / 100) * 100 + 1000;
      const inFlight = bid.auction >= Math.max(lastAuction - 100, 0) + 1000 && bid.auction <= lastAuction + 10 + 1000;
      assert.ok(bid.auction === hotAuction || inFlight, `auction ${bid.auction} at event ${i}`);
      const hotBidder = Math.trunc(block / 100) * 100 + 1 + 2000;
      const numPeople = block + 1;
      const active = Math.min(numPeople, 1000);
      const randomBidder = bid.bidder >= numPeople - active + 2000 && bid.bidder < numPeople + 10 + 2000;
      assert.ok(bid.bidder === hotBidder || randomBidder, `bidder ${bid.bidder} at event ${i} (ids are +1000 twice)`);
      assert.ok(bid.price >= 100 && bid.price <= 100_000_000);
      assert.ok(bid.extra.length >= 54 && bid.extra.length <= 81, `extra length ${bid.extra.length}`);
      checkChannel(bid);
    }
  });

  it('hits the hot auctions, bidders, sellers and channels at their ratios (100 K events)', () => {
    // bids[k] is the k-th bid; 46 bids per block of 50 events, whose last auction (base 0) is 3 × block + 2.
    const hotAuction =
      bids.filter((b, k) => b.auction === Math.trunc((3 * Math.floor(k / 46) + 2) / 100) * 100 + 1000).length /
      bids.length;
    approx(hotAuction, 0.5 + 0.5 / 111, 0.01, 'hot auctions (1 − 1/2, plus random picks of the hot id)');
    const hotBidders = events.filter(
      (e, i) => e.bid && e.bid.bidder === Math.trunc(Math.floor(i / 50) / 100) * 100 + 2001,
    );
    approx(hotBidders.length / bids.length, 0.75, 0.01, 'hot bidders (1 − 1/4)');
    const hotSellers = events.filter(
      (e, i) => e.auction && e.auction.seller === Math.trunc(Math.floor(i / 50) / 100) * 100 + 1000,
    );
    approx(hotSellers.length / auctions.length, 0.75, 0.025, 'hot sellers (1 − 1/4)');
    approx(bids.filter((b) => HOT_CHANNELS.includes(b.channel)).length / bids.length, 0.5, 0.01, 'hot channels');
  });

  it('spreads prices log-uniformly: the q15 bands each hold a third of the bids', () => {
    const low = bids.filter((b) => b.price < 10_000).length / bids.length;
    const high = bids.filter((b) => b.price >= 1_000_000).length / bids.length;
    approx(low, 1 / 3, 0.01, 'price < 10 K');
    approx(high, 1 / 3, 0.01, 'price ≥ 1 M');
  });

  it('pads extra to the average sizes', () => {
    approx(mean(bids.map((b) => 32 + b.extra.length)), 100, 1, 'bid size');
    approx(mean(persons.map((p) => sizeOfPerson(p))), 200, 3, 'person size');
    approx(
      mean(auctions.map((a) => 48 + a.itemName.length + a.description.length + a.extra.length)),
      500,
      3,
      'auction size',
    );
  });
});

describe('NexmarkGenerator: determinism and time', () => {
  it('gives identical events for the same seed, in any order, and different ones for another seed', () => {
    const [a] = generators({ eventsNum: 5000, seed: 11 });
    const [b] = generators({ eventsNum: 5000, seed: 11 });
    const [c] = generators({ eventsNum: 5000, seed: 12 });
    const forward = run(a, 0, 5000);
    const backward = Array.from({ length: 5000 }, (_, i) => b.eventAt(4999 - i)).reverse();
    assert.deepEqual(backward, forward);
    assert.notDeepEqual(run(c, 0, 50), forward.slice(0, 50));
  });

  const spacing: Array<[string, NexmarkConfig, number, Array<[number, number]>]> = [
    [
      '1,000/s, 1 generator: 1 ms apart',
      { firstEventRate: 1000 },
      1,
      [
        [0, 0],
        [1, 1],
        [999, 999],
      ],
    ],
    [
      '1,000/s, 4 generators: 4 ms apart per generator',
      { firstEventRate: 1000 },
      4,
      [
        [0, 0],
        [1, 4],
        [250, 1000],
      ],
    ],
    [
      '3/s: truncated microseconds, as in Java',
      { firstEventRate: 3 },
      1,
      [
        [1, 333],
        [2, 666],
        [4, 1333],
      ],
    ],
    [
      'V1 (10 M/s): 100 M events span 10 s',
      { firstEventRate: 10_000_000 },
      1,
      [
        [9_999, 0],
        [10_000, 1],
        [99_999_999, 9_999],
      ],
    ],
  ];
  for (const [name, options, n, expected] of spacing) {
    it(`spaces event time by rate and generators: ${name}`, () => {
      const [gen] = generators(options, n);
      for (const [eventNumber, offset] of expected)
        assert.equal(gen.timestampForEvent(eventNumber) - BASE_TIME, offset, `event ${eventNumber}`);
    });
  }

  it('shuffles ids and times only within out-of-order groups, and watermarkFor bounds what follows', () => {
    const [gen] = generators({ eventsNum: 1000, firstEventRate: 1000, outOfOrderGroupSize: 10 });
    for (let group = 0; group < 100; group++) {
      const ids = Array.from({ length: 10 }, (_, i) => gen.eventIdOf(group * 10 + i)).sort((x, y) => x - y);
      assert.deepEqual(
        ids,
        Array.from({ length: 10 }, (_, i) => group * 10 + i),
      );
    }
    assert.notDeepEqual(
      Array.from({ length: 10 }, (_, i) => gen.eventIdOf(i)),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    for (let n = 0; n < 990; n++) {
      const later = Math.min(...Array.from({ length: 10 }, (_, i) => eventTimestamp(gen.eventAt(n + i))));
      assert.ok(gen.watermarkFor(n) <= later);
    }
  });
});

function checkExtra(extra: string, desired: number): void {
  const delta = Math.round(desired * 0.2);
  assert.match(extra, /^[a-z]*$/);
  assert.ok(
    extra.length >= desired - delta && extra.length < desired + Math.max(delta, 1),
    `extra ${extra.length} for ${desired}`,
  );
}

function checkChannel(bid: Bid): void {
  const hot = HOT_CHANNELS.indexOf(bid.channel);
  if (hot >= 0) {
    assert.match(bid.url, /^https:\/\/www\.nexmark\.com\/[a-z_]{3,4}\/[a-z_]{3,4}\/[a-z_]{3,4}\/item\.htm\?query=1$/);
    return;
  }
  assert.match(bid.channel, /^channel-\d{1,4}$/);
  assert.match(
    bid.url,
    /^https:\/\/www\.nexmark\.com\/[a-z_]{3,4}\/[a-z_]{3,4}\/[a-z_]{3,4}\/item\.htm\?query=1(&channel_id=-?\d+)?$/,
  );
}

function sizeOfPerson(p: Person): number {
  return (
    8 + p.name.length + p.emailAddress.length + p.creditCard.length + p.city.length + p.state.length + p.extra.length
  );
}

function mean(values: number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

function approx(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual.toFixed(4)}, expected ${expected.toFixed(4)} ± ${tolerance}`,
  );
}
