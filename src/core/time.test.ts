import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Duration, timestampToJavaLong } from './time.js';

test('Duration converts units to milliseconds', () => {
  assert.equal(Duration.ofSeconds(2).toMillis(), 2000);
  assert.equal(Duration.ofMinutes(1).toMillis(), 60_000);
  assert.equal(Duration.from(5).toMillis(), 5);
});

test('Duration rejects negative or non-finite amounts with a clear error', () => {
  assert.throws(() => Duration.ofMillis(-1), /non-negative/);
  assert.throws(() => Duration.ofMillis(Number.NaN), /finite/);
});

test('timestamps render as Java longs, with the infinities as Long.MIN/MAX', () => {
  assert.equal(timestampToJavaLong(Number.NEGATIVE_INFINITY), '-9223372036854775808');
  assert.equal(timestampToJavaLong(Number.POSITIVE_INFINITY), '9223372036854775807');
  assert.equal(timestampToJavaLong(1234.9), '1234');
});
