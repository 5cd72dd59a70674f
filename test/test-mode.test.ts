import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runWeir, unprefixed } from './support/run-weir.js';

test('in test mode, records are frozen between chained operators, so mutating one fails loudly', async () => {
  const frozen = await runWeir(['run', 'test/jobs/mutating-map.ts', '-p', '1'], { env: { WEIR_TEST_MODE: '1' } });
  assert.equal(frozen.code, 1);
  assert.match(frozen.stderr, /read.only|not extensible|Cannot assign/i);
  assert.match(frozen.stderr, /mutator/);
  const production = await runWeir(['run', 'test/jobs/mutating-map.ts', '-p', '1'], {
    env: { WEIR_TEST_MODE: '0', NODE_ENV: 'production' },
  });
  assert.equal(production.code, 0, production.stderr);
  assert.deepEqual(unprefixed(production.stdout).sort(), ['11', '21']);
});
