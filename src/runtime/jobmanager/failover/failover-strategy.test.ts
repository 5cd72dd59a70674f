import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FAILOVER_STRATEGY_KEY, parseFailoverStrategy } from './failover-strategy.js';

describe('parseFailoverStrategy', () => {
  const cases: Array<{ value: string | undefined; expected: 'region' | 'full' }> = [
    { value: undefined, expected: 'region' },
    { value: 'region', expected: 'region' },
    { value: 'full', expected: 'full' },
    { value: ' Full ', expected: 'full' },
  ];
  for (const { value, expected } of cases) {
    it(`${JSON.stringify(value)} is ${expected}`, () => {
      assert.equal(parseFailoverStrategy({ [FAILOVER_STRATEGY_KEY]: value }), expected);
    });
  }

  it('rejects an unknown value, naming the key and the accepted values', () => {
    assert.throws(
      () => parseFailoverStrategy({ [FAILOVER_STRATEGY_KEY]: 'restart-all' }),
      /'restart-all' for jobmanager\.execution\.failover-strategy: use 'region' .* or 'full'/,
    );
  });
});
