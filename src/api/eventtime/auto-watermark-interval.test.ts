import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { autoWatermarkInterval } from './auto-watermark-interval.js';

describe('autoWatermarkInterval', () => {
  it('reads pipeline.auto-watermark-interval with Flink units, 200 ms by default', () => {
    const table: [string | undefined, number][] = [
      [undefined, 200],
      ['', 200],
      ['50', 50],
      ['50 ms', 50],
      ['2 s', 2000],
      ['1min', 60_000],
      ['0', 0],
      ['-1', -1],
    ];
    for (const [raw, expected] of table) {
      const config = raw === undefined ? {} : { 'pipeline.auto-watermark-interval': raw };
      assert.equal(autoWatermarkInterval(config), expected, String(raw));
    }
  });

  it('names the key when the value is not a duration', () => {
    assert.throws(
      () => autoWatermarkInterval({ 'pipeline.auto-watermark-interval': 'fast' }),
      /'pipeline.auto-watermark-interval' must be a duration such as '100 ms', '2 s' or '1 min', got 'fast'/,
    );
  });
});
