import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AsyncRetryStrategies } from './async-function.js';

describe('AsyncRetryStrategies', () => {
  it('fixedDelay: maxAttempts retries after the first call, same delay each time', () => {
    const s = AsyncRetryStrategies.fixedDelay(3, 250);
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => s.canRetry(n)),
      [true, true, true, false],
    );
    assert.deepEqual(
      [1, 2, 3].map((n) => s.getBackoffTimeMillis(n)),
      [250, 250, 250],
    );
    assert.equal(s.shouldRetryOnError(new Error('x')), true);
    assert.equal(s.shouldRetryOnResult([]), false);
  });

  it('exponentialBackoff: initial delay, then multiplied, capped', () => {
    const s = AsyncRetryStrategies.exponentialBackoff(6, 100, 1000, 3);
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((n) => s.getBackoffTimeMillis(n)),
      [100, 300, 900, 1000, 1000],
    );
    // pure in the attempt number: asking again gives the same answer
    assert.equal(s.getBackoffTimeMillis(2), 300);
  });

  it('predicates choose what is retried', () => {
    const onlyTransient = AsyncRetryStrategies.fixedDelay(1, 1, (e) => e instanceof Error && e.message === 'transient');
    assert.equal(onlyTransient.shouldRetryOnError(new Error('transient')), true);
    assert.equal(onlyTransient.shouldRetryOnError(new Error('fatal')), false);
    const onEmpty = AsyncRetryStrategies.fixedDelay<number>(1, 1, { ifResult: (r) => r.length === 0 });
    assert.equal(onEmpty.shouldRetryOnResult([]), true);
    assert.equal(
      onEmpty.shouldRetryOnError(new Error('x')),
      false,
      'only results are retried when only ifResult is given',
    );
    const never = AsyncRetryStrategies.noRetry();
    assert.equal(never.canRetry(1), false);
  });

  it('rejects bad arguments with the parameter named', () => {
    assert.throws(() => AsyncRetryStrategies.fixedDelay(0, 1), /fixedDelay: maxAttempts must be a positive integer/);
    assert.throws(() => AsyncRetryStrategies.fixedDelay(1, -5), /fixedDelay: delayMs must be a finite, non-negative/);
    assert.throws(
      () => AsyncRetryStrategies.exponentialBackoff(1, 1, 10, 0.5),
      /multiplier must be a finite number >= 1/,
    );
  });
});
