import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BasePathBucketAssigner, type BucketAssignerContext } from './bucket-assigner.js';
import { DateTimeBucketAssigner, DEFAULT_DATE_TIME_FORMAT } from './date-time-bucket-assigner.js';

function at(time: number): BucketAssignerContext {
  return { currentProcessingTime: () => time, currentWatermark: () => 0, timestamp: () => undefined };
}

const T = Date.UTC(2026, 10, 25, 14, 5, 9, 7); // 2026-11-25T14:05:09.007Z

describe('DateTimeBucketAssigner', () => {
  it("defaults to Flink's 'yyyy-MM-dd--HH'", () => {
    assert.equal(DEFAULT_DATE_TIME_FORMAT, 'yyyy-MM-dd--HH');
    assert.equal(new DateTimeBucketAssigner().format, 'yyyy-MM-dd--HH');
  });

  const cases: [string, string, string][] = [
    ['yyyy-MM-dd--HH', 'UTC', '2026-11-25--14'],
    ['yyyy/MM/dd/HH/mm', 'UTC', '2026/11/25/14/05'],
    ["yy-M-d'T'H:m:s.SSS", 'UTC', '26-11-25T14:5:9.007'],
    ["'date='yyyyMMdd", 'UTC', 'date=20261125'],
    ['yyyy-MM-dd--HH', 'Asia/Kolkata', '2026-11-25--19'],
    ['HH:mm', 'Asia/Kolkata', '19:35'],
  ];
  for (const [format, zone, expected] of cases) {
    it(`${format} in ${zone}`, () => {
      assert.equal(new DateTimeBucketAssigner(format, zone).getBucketId('x', at(T)), expected);
    });
  }

  it('uses the process time zone by default', () => {
    const d = new Date(T);
    const expected = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}--${String(d.getHours()).padStart(2, '0')}`;
    assert.equal(new DateTimeBucketAssigner().getBucketId('x', at(T)), expected);
  });

  it('changes bucket when the hour changes (the per-second cache does not hide it)', () => {
    const assigner = new DateTimeBucketAssigner('yyyy-MM-dd--HH', 'UTC');
    const hourEnd = Date.UTC(2026, 0, 1, 0, 59, 59, 999);
    assert.equal(assigner.formatTime(hourEnd - 500), '2026-01-01--00');
    assert.equal(assigner.formatTime(hourEnd), '2026-01-01--00');
    assert.equal(assigner.formatTime(hourEnd + 1), '2026-01-01--01');
  });

  const bad: [string, () => unknown, RegExp][] = [
    ['an unsupported letter', () => new DateTimeBucketAssigner('yyyy-ww'), /pattern letter 'w' at position 5/],
    ['an unclosed quote', () => new DateTimeBucketAssigner("yyyy'x"), /unclosed quote/],
    ['an empty format', () => new DateTimeBucketAssigner(''), /non-empty pattern/],
    ['an unknown zone', () => new DateTimeBucketAssigner('HH', 'Mars/Base'), /unknown time zone 'Mars\/Base'/],
  ];
  for (const [name, call, message] of bad) it(`refuses ${name}`, () => assert.throws(call, message));
});

describe('BasePathBucketAssigner', () => {
  it('puts everything in the base path', () => {
    assert.equal(new BasePathBucketAssigner().getBucketId('x', at(T)), '');
  });
});
