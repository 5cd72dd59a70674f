import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonical, generateEvents, runQuery } from '../../../testing/nexmark-query-testing.js';
import { extractChannelId, knownChannelId, q21 } from './q21.js';
import { referenceQ21 } from './reference/q21.js';

describe('nexmark q21 (add channel id)', () => {
  for (const seed of [1, 2]) {
    it(`adds the ids the plain loop adds (seed ${seed})`, async () => {
      const events = generateEvents(20_000, { seed });
      const expected = referenceQ21(events);
      const actual = await runQuery(q21, events);
      assert.ok(expected.length > 10_000, `too few rows: ${expected.length}`);
      assert.ok(
        expected.some((r) => r.channel.startsWith('channel-')),
        'some ids come from the url',
      );
      assert.deepEqual(canonical(actual), canonical(expected));
    });
  }

  it('reads the CASE and the regex as the SQL does', () => {
    const table: [string, string | null][] = [
      ['channel_id=5', '5'],
      ['a?x=1&channel_id=77&y=2', '77'],
      ['a?xchannel_id=1', null],
      ['a?xchannel_id=1&channel_id=2', '2'],
      ['a?channel_id=1', null],
      ['a&channel_id=&x', ''],
      ['no parameter', null],
    ];
    for (const [url, id] of table) assert.equal(extractChannelId(url), id, url);
    assert.equal(knownChannelId('FaceBook'), '2');
    assert.equal(knownChannelId('channel-12'), null);
    const regex = /(&|^)channel_id=([^&]*)/;
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('&', 'channel_id=', 'x', '=', 'c'), { maxLength: 8 }),
        (parts) => extractChannelId(parts.join('')) === (regex.exec(parts.join(''))?.[2] ?? null),
      ),
    );
  });
});
