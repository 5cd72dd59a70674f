import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ConfigOptions, parseDurationMs, parseInt32 } from './config-option.js';

test('builder keeps key, default and type', () => {
  const port = ConfigOptions.key('rest.port').intType().defaultValue(8081);
  assert.equal(port.key, 'rest.port');
  assert.equal(port.defaultValue, 8081);
  assert.equal(port.hasDefaultValue(), true);
  const address = ConfigOptions.key('rest.address').stringType().noDefaultValue();
  assert.equal(address.defaultValue, undefined);
  assert.equal(address.hasDefaultValue(), false);
  assert.throws(() => ConfigOptions.key(' '), /must not be empty/);
});

test('fallback keys come before older fallbacks, deprecated keys after (Flink order)', () => {
  const option = ConfigOptions.key('a')
    .stringType()
    .noDefaultValue()
    .withDeprecatedKeys('d1')
    .withFallbackKeys('f1')
    .withFallbackKeys('f2')
    .withDeprecatedKeys('d2');
  assert.deepEqual(
    option.fallbackKeys.map((k) => `${k.key}:${k.deprecated}`),
    ['f2:false', 'f1:false', 'd1:true', 'd2:true'],
  );
});

test('durations in Flink units', () => {
  const cases: Array<[string, number]> = [
    ['100', 100],
    ['100 ms', 100],
    ['100ms', 100],
    ['2 s', 2000],
    ['2 SECONDS', 2000],
    ['1 min', 60_000],
    ['1m', 60_000],
    ['1 h', 3_600_000],
    ['1 d', 86_400_000],
    ['1500 us', 1.5],
    ['0', 0],
  ];
  for (const [raw, ms] of cases) assert.equal(parseDurationMs(raw), ms, raw);
  for (const bad of ['', 'abc', '1.5 s', '-1 s', '3 fortnights'])
    assert.throws(() => parseDurationMs(bad), RangeError, bad);
});

test('int parser accepts exactly the 32-bit integers', () => {
  fc.assert(
    fc.property(fc.integer({ min: -2147483648, max: 2147483647 }), (n) => {
      assert.equal(parseInt32(` ${n} `), n);
    }),
  );
  for (const bad of ['2147483648', '1.5', '1e3', 'x', '']) assert.throws(() => parseInt32(bad), RangeError, bad);
});

test('types parse their string forms', () => {
  const b = ConfigOptions.key('b').booleanType().defaultValue(false);
  assert.equal(b.parse('TRUE'), true);
  assert.equal(b.parse('false'), false);
  assert.throws(() => b.parse('yes'));
  const e = ConfigOptions.key('e')
    .enumType(['EXACTLY_ONCE', 'AT_LEAST_ONCE'] as const)
    .defaultValue('EXACTLY_ONCE');
  assert.equal(e.parse('at_least_once'), 'AT_LEAST_ONCE');
  assert.throws(() => e.parse('ONCE'));
  const l = ConfigOptions.key('l').stringListType().defaultValue([]);
  assert.deepEqual(l.parse('[a, "b c", d]'), ['a', 'b c', 'd']);
  assert.deepEqual(l.parse('a;b'), ['a', 'b']);
  assert.deepEqual(l.parse(''), []);
  const d = ConfigOptions.key('d').doubleType().defaultValue(0.5);
  assert.equal(d.parse('1.0'), 1);
  assert.throws(() => d.parse('one'));
});
