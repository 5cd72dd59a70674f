import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Duration } from '../../core/time.js';
import { StreamExecutionEnvironment } from '../environment/stream-execution-environment.js';
import { IntervalJoinOperator } from '../operators/interval-join-operator.js';
import type { TwoInputTransformation } from '../transformations.js';

type Ev = { readonly k: string; readonly t: number };

function keyed() {
  const env = StreamExecutionEnvironment.createLocalEnvironment(2);
  const left = env.fromData<Ev>({ k: 'a', t: 1 }).keyBy((e) => e.k);
  const right = env.fromData<Ev>({ k: 'a', t: 2 }).keyBy((e) => e.k);
  return { env, left, right };
}

describe('KeyedStream.intervalJoin', () => {
  it('adds a keyed two-input "Interval Join" operator with the bounds made inclusive', () => {
    const { left, right } = keyed();
    const joined = left
      .intervalJoin(right)
      .between(Duration.ofMillis(0), 5)
      .lowerBoundExclusive()
      .upperBoundExclusive()
      .process((l, r, _ctx, out) => out.collect(`${l.t}-${r.t}`));
    assert.equal(joined.getName(), 'Interval Join');
    const t = joined.getTransformation() as TwoInputTransformation;
    assert.equal(t.kind, 'two-input');
    assert.ok(t.keySelector1 !== undefined && t.keySelector2 !== undefined);
    const op = t.operatorFactory() as IntervalJoinOperator<string, Ev, Ev, string>;
    assert.ok(op instanceof IntervalJoinOperator);
    assert.deepEqual([op.lowerBound, op.upperBound], [1, 4]);
  });

  it('accepts negative bounds in milliseconds', () => {
    const { left, right } = keyed();
    const t = left
      .intervalJoin(right)
      .between(-2000, -1000)
      .process(() => {})
      .getTransformation() as TwoInputTransformation;
    const op = t.operatorFactory() as IntervalJoinOperator<string, Ev, Ev, string>;
    assert.deepEqual([op.lowerBound, op.upperBound], [-2000, -1000]);
  });

  it('rejects bad input with clear errors', () => {
    const { env, left, right } = keyed();
    assert.throws(() => left.intervalJoin(right).between(5, 1), /lowerBound <= upperBound must be fulfilled/);
    assert.throws(() => left.intervalJoin(right).between('1s' as never, 1), /lower bound must be a Duration/);
    assert.throws(() => left.intervalJoin(right).inProcessingTime().between(0, 1), /only supported in event time/);
    assert.throws(
      () => left.intervalJoin(env.fromData<Ev>({ k: 'a', t: 1 }) as never),
      /intervalJoin expects a KeyedStream/,
    );
    // As in Flink, only the bounds as given must be ordered: an exclusive between(0, 0) is accepted (matches nothing).
    const empty = left
      .intervalJoin(right)
      .between(0, 0)
      .upperBoundExclusive()
      .process(() => {});
    const op = (empty.getTransformation() as TwoInputTransformation).operatorFactory();
    assert.deepEqual([(op as IntervalJoinOperator<string, Ev, Ev, string>).upperBound], [-1]);
    assert.throws(
      () =>
        left
          .intervalJoin(right)
          .between(0, 1)
          .process({} as never),
      /processElement/,
    );
  });
});
