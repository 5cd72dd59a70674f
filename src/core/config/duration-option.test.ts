import assert from 'node:assert/strict';
import { test } from 'node:test';
import { durationOption } from './duration-option.js';

test('durations read as Flink writes them', () => {
  const cases: Array<[string, number]> = [
    ['100', 100],
    ['100 ms', 100],
    ['2 s', 2000],
    ['1min', 60_000],
    ['1 h', 3_600_000],
    ['0', 0],
    ['-1', -1],
  ];
  for (const [raw, ms] of cases) assert.equal(durationOption({ k: raw }, 'k', 7), ms, raw);
  assert.equal(durationOption({}, 'k', 7), 7);
});

test('an unreadable duration names the key and the expected form', () => {
  assert.throws(
    () => durationOption({ 'execution.buffer-timeout.interval': 'xyz' }, 'execution.buffer-timeout.interval', 100),
    {
      message:
        "Configuration 'execution.buffer-timeout.interval' must be a duration such as '100 ms', '2 s' or '1 min', got 'xyz'",
    },
  );
});
