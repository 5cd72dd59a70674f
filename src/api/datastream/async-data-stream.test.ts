import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Duration } from '../../core/time.js';
import { StreamExecutionEnvironment } from '../environment/stream-execution-environment.js';
import { AsyncRetryStrategies } from '../functions/async-function.js';
import { AsyncWaitOperator } from '../operators/async-wait-operator.js';
import type { OneInputTransformation } from '../transformations.js';
import { AsyncDataStream, type DataStream, type SingleOutputStreamOperator } from './index.js';

const lookup = async (n: number) => `v${n}`;
const source = () => StreamExecutionEnvironment.createLocalEnvironment(2).fromData(1, 2, 3);

describe('AsyncDataStream', () => {
  const table: { call: string; make: (s: DataStream<number>) => SingleOutputStreamOperator<string> }[] = [
    { call: 'orderedWait', make: (s) => AsyncDataStream.orderedWait(s, lookup, Duration.ofSeconds(1)) },
    { call: 'unorderedWait', make: (s) => AsyncDataStream.unorderedWait(s, lookup, 1000, 10) },
    {
      call: 'orderedWaitWithRetry',
      make: (s) => AsyncDataStream.orderedWaitWithRetry(s, lookup, 1000, AsyncRetryStrategies.fixedDelay(3, 10)),
    },
    {
      call: 'unorderedWaitWithRetry',
      make: (s) => AsyncDataStream.unorderedWaitWithRetry(s, lookup, 1000, 5, AsyncRetryStrategies.fixedDelay(3, 10)),
    },
  ];
  for (const { call, make } of table) {
    it(`${call} adds an "async wait operator"`, () => {
      const input = source();
      const t = make(input).getTransformation() as OneInputTransformation;
      assert.equal(t.kind, 'one-input');
      assert.equal(t.name, 'async wait operator');
      assert.equal(t.input, input.getTransformation());
      assert.ok(t.operatorFactory() instanceof AsyncWaitOperator);
    });
  }

  it('keeps the key of a keyed input', () => {
    const keyed = source().keyBy((n) => n % 2);
    const t = AsyncDataStream.orderedWait(keyed, lookup, 100).getTransformation() as OneInputTransformation;
    assert.equal(t.keySelector?.(3), 1);
  });

  it('validates capacity, timeout and retry strategy', () => {
    assert.throws(
      () => AsyncDataStream.orderedWait(source(), lookup, 100, 0),
      /capacity .* must be a positive integer/,
    );
    assert.throws(() => AsyncDataStream.orderedWait(source(), lookup, -5), /Duration must be a finite, non-negative/);
    assert.throws(
      () => AsyncDataStream.orderedWaitWithRetry(source(), lookup, 100, undefined as never),
      /orderedWaitWithRetry needs an AsyncRetryStrategy/,
    );
    assert.throws(() => AsyncDataStream.unorderedWait(source(), 'x' as never, 100), /expects a function/);
  });
});
