import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventRandom } from './event-random.js';
import {
  CHANNELS_NUMBER,
  channelIdOf,
  reverseBits32,
  StringsGenerator,
  stringsGeneratorFor,
} from './strings-generator.js';

describe('reverseBits32 / channelIdOf (Java Integer.reverse, Math.abs)', () => {
  const cases: Array<[number, number, number]> = [
    // k, Integer.reverse(k), abs as Java computes it
    [0, 0, 0],
    [1, -2147483648, -2147483648], // abs(MIN_VALUE) stays MIN_VALUE in Java
    [2, 1073741824, 1073741824],
    [3, -1073741824, 1073741824],
    [6, 1610612736, 1610612736],
    [9999, -253493248, 253493248],
  ];
  for (const [k, reversed, id] of cases) {
    it(`channel ${k}`, () => {
      assert.equal(reverseBits32(k), reversed);
      assert.equal(channelIdOf(k), id);
    });
  }
});

describe('StringsGenerator tables', () => {
  const strings = stringsGeneratorFor(3);

  it('are the same for the same seed and differ for another', () => {
    const again = new StringsGenerator(3);
    assert.deepEqual(again.channelUrls, strings.channelUrls);
    assert.deepEqual(again.hotUrls, strings.hotUrls);
    assert.equal(again.extraSource, strings.extraSource);
    assert.notDeepEqual(new StringsGenerator(4).hotUrls, strings.hotUrls);
    assert.equal(stringsGeneratorFor(3), strings, 'built once per seed');
  });

  it('hold a 1 MiB lowercase extra source', () => {
    assert.equal(strings.extraSource.length, 1024 * 1024);
    assert.match(strings.extraSource.slice(0, 10_000), /^[a-z]+$/);
  });

  it('cache 10,000 channels, about 90 % of whose URLs carry the channel_id', () => {
    assert.equal(strings.channelNames.length, CHANNELS_NUMBER);
    let withId = 0;
    for (let k = 0; k < CHANNELS_NUMBER; k++) {
      assert.equal(strings.channelNames[k], `channel-${k}`);
      const url = strings.channelUrls[k];
      assert.match(url, /^https:\/\/www\.nexmark\.com\/[a-z_]{3,4}\/[a-z_]{3,4}\/[a-z_]{3,4}\/item\.htm\?query=1/);
      if (url.includes('&channel_id=')) {
        withId++;
        assert.ok(url.endsWith(`&channel_id=${channelIdOf(k)}`), url);
      }
    }
    assert.ok(withId > 8800 && withId < 9200, `${withId} URLs with channel_id`);
  });
});

describe('StringsGenerator per-event strings', () => {
  const strings = stringsGeneratorFor(3);
  const random = new EventRandom(3);

  it('nextString: 3 … max−1 characters before trimming, a–z and inner spaces, about 1 in 13 a space', () => {
    let chars = 0;
    let spaces = 0;
    for (let id = 0; id < 20_000; id++) {
      random.reset(id);
      const s = strings.nextString(random, 100);
      assert.ok(s.length <= 99);
      assert.match(s, /^([a-z]([a-z ]*[a-z])?)?$/);
      chars += s.length;
      spaces += s.split(' ').length - 1;
    }
    const ratio = spaces / chars;
    assert.ok(ratio > 0.07 && ratio < 0.085, `space ratio ${ratio}`);
  });

  it('nextExtra: length in [d − round(0.2d), d + round(0.2d)), empty when the fixed part is larger', () => {
    for (let id = 0; id < 2000; id++) {
      random.reset(id);
      const extra = strings.nextExtra(random, 32, 100);
      assert.ok(extra.length >= 54 && extra.length < 82, `${extra.length}`);
      assert.match(extra, /^[a-z]+$/);
    }
    random.reset(1);
    assert.equal(strings.nextExtra(random, 101, 100), '');
  });

  it('nextExactString: builds strings too long to cut from the 1 MiB source', () => {
    random.reset(5);
    const long = strings.nextExactString(random, 600_000);
    assert.equal(long.length, 600_000);
    assert.match(long.slice(0, 1000), /^[a-z]+$/);
  });
});
