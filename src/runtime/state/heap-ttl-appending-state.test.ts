import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AggregateFunction } from '../../api/functions/functions.js';
import { AggregatingStateDescriptor, ReducingStateDescriptor } from '../../api/state/descriptors.js';
import type { InternalKvState } from '../../api/state/state.js';
import { StateTtlConfig, type TtlUpdateType } from '../../api/state/state-ttl-config.js';
import { KeyGroupRange } from '../../core/key-group.js';
import { HeapKeyedStateBackend } from './heap-keyed-state-backend.js';
import type { InternalMergingState } from './internal-merging-state.js';

const MAX_P = 128;

const count: AggregateFunction<string, number, string> = {
  createAccumulator: () => 0,
  add: (_value, acc) => acc + 1,
  getResult: (acc) => `n=${acc}`,
  merge: (a, b) => a + b,
};

function setup(updateType: TtlUpdateType = 'OnCreateAndWrite', returnExpired = false) {
  const clock = { time: 0, now: () => clock.time };
  const backend = new HeapKeyedStateBackend({
    maxParallelism: MAX_P,
    keyGroupRange: new KeyGroupRange(0, MAX_P - 1),
    clock,
  });
  const config = StateTtlConfig.newBuilder(100)
    .setUpdateType(updateType)
    .setStateVisibility(returnExpired ? 'ReturnExpiredIfNotCleanedUp' : 'NeverReturnExpired')
    // Incremental cleanup would remove expired values on access before the read sees them.
    .disableCleanupInBackground()
    .build();
  const sum = backend.getReducingState(
    new ReducingStateDescriptor<number>('sum', (a, b) => a + b).enableTimeToLive(config),
  );
  const agg = backend.getAggregatingState(new AggregatingStateDescriptor('count', count).enableTimeToLive(config));
  backend.setCurrentKey('k');
  return { clock, backend, sum, agg };
}

describe('HeapTtlReducingState / HeapTtlAggregatingState', () => {
  it('fold only live values: after expiry add() starts over', () => {
    const { clock, sum, agg } = setup();
    sum.add(1);
    agg.add('a');
    clock.time = 50;
    sum.add(2);
    agg.add('b');
    assert.equal(sum.get(), 3);
    assert.equal(agg.get(), 'n=2');
    clock.time = 149;
    assert.equal(sum.get(), 3, 'each add restamps the value');
    clock.time = 150;
    assert.equal(sum.get(), undefined);
    sum.add(10);
    agg.add('c');
    assert.equal(sum.get(), 10);
    assert.equal(agg.get(), 'n=1');
  });

  it('OnReadAndWrite: get() keeps the value alive; ReturnExpiredIfNotCleanedUp returns it once', () => {
    const read = setup('OnReadAndWrite');
    read.sum.add(5);
    for (const t of [90, 180, 270]) {
      read.clock.time = t;
      assert.equal(read.sum.get(), 5);
    }
    const ret = setup('OnCreateAndWrite', true);
    ret.agg.add('x');
    ret.clock.time = 100;
    assert.equal(ret.agg.get(), 'n=1');
    assert.equal(ret.agg.get(), undefined);
  });

  it('add(undefined) clears; merging namespaces drops expired sources', () => {
    const { clock, sum, backend } = setup();
    sum.add(1);
    sum.add(undefined as unknown as number);
    assert.equal(backend.numEntries('sum'), 0);
    const ns = sum as unknown as InternalKvState<unknown> & InternalMergingState<unknown>;
    ns.setCurrentNamespace('old');
    sum.add(100);
    clock.time = 80;
    ns.setCurrentNamespace('a');
    sum.add(1);
    ns.setCurrentNamespace('b');
    sum.add(2);
    clock.time = 120;
    ns.mergeNamespaces('target', ['old', 'a', 'b']);
    ns.setCurrentNamespace('target');
    assert.equal(sum.get(), 3, "'old' had expired");
    assert.equal(backend.numEntries('sum'), 1);
  });
});
