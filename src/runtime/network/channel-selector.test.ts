import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assignKeyToParallelOperator,
  assignToKeyGroup,
  computeOperatorIndexForKeyGroup,
} from '../../core/key-group.js';
import {
  BroadcastSelector,
  type ChannelSelector,
  CustomSelector,
  createChannelSelector,
  ForwardSelector,
  GlobalSelector,
  KeyGroupSelector,
  RebalanceSelector,
  RescaleSelector,
  ShuffleSelector,
} from './channel-selector.js';

function picks(selector: ChannelSelector<unknown>, n: number, values: unknown[]): number[] {
  selector.setup(n);
  return values.map((v) => selector.selectChannel(v));
}

const ten = [...Array(10).keys()];

describe('channel selectors', () => {
  it('forward and global always pick channel 0', () => {
    assert.deepEqual(picks(new ForwardSelector(), 1, [1, 2]), [0, 0]);
    assert.deepEqual(picks(new GlobalSelector(), 4, [1, 2, 3]), [0, 0, 0]);
  });

  it('rebalance goes round robin, starting after a random channel', () => {
    // random 0.5 of 4 channels: the start is channel 2, so the first record goes to 3 (as Flink: (next + 1) % n)
    assert.deepEqual(picks(new RebalanceSelector(() => 0.5), 4, ten.slice(0, 6)), [3, 0, 1, 2, 3, 0]);
    assert.deepEqual(picks(new RebalanceSelector(() => 0), 3, ten.slice(0, 4)), [1, 2, 0, 1]);
  });

  it('rescale goes round robin from channel 0', () => {
    assert.deepEqual(picks(new RescaleSelector(), 3, ten.slice(0, 7)), [0, 1, 2, 0, 1, 2, 0]);
  });

  it('shuffle picks floor(random * n)', () => {
    const randoms = [0, 0.99, 0.5, 0.25];
    let i = 0;
    assert.deepEqual(picks(new ShuffleSelector(() => randoms[i++]), 4, [1, 2, 3, 4]), [0, 3, 2, 1]);
  });

  it('broadcast is flagged and never selects', () => {
    const selector = new BroadcastSelector();
    selector.setup(3);
    assert.ok(selector.isBroadcast);
    assert.throws(() => selector.selectChannel(), /never select/);
  });

  it('hash sends a key to the subtask owning its key group', () => {
    const keys: unknown[] = ['auction-1', 'auction-2', 42, -7, 2 ** 40, [1, 'a'], true];
    const selector = new KeyGroupSelector<unknown>((k) => k, 128);
    const chosen = picks(selector, 3, keys);
    for (let i = 0; i < keys.length; i++) {
      const expected = computeOperatorIndexForKeyGroup(128, 3, assignToKeyGroup(keys[i], 128));
      assert.equal(chosen[i], expected);
      assert.equal(chosen[i], assignKeyToParallelOperator(keys[i], 128, 3));
    }
    assert.throws(() => new KeyGroupSelector((k) => k, 4).setup(5), /5 consumers exceed the max parallelism 4/);
    assert.throws(() => picks(new KeyGroupSelector(() => null, 128), 2, [1]), /must not be null/);
  });

  it('custom calls the partitioner with the key and checks its answer', () => {
    const byFunction = new CustomSelector<{ id: number }>(
      (r) => r.id,
      (key, n) => (key as number) % n,
    );
    assert.deepEqual(picks(byFunction as ChannelSelector<unknown>, 3, [{ id: 4 }, { id: 5 }]), [1, 2]);
    const byObject = new CustomSelector<number>((r) => r, { partition: (_key: unknown, n: number) => n - 1 });
    assert.deepEqual(picks(byObject as ChannelSelector<unknown>, 2, [9]), [1]);
    const bad = new CustomSelector<number>(
      (r) => r,
      () => 3,
    );
    bad.setup(3);
    assert.throws(() => bad.selectChannel(7), /returned 3 for key 7; it must return an integer in \[0, 3\)/);
    const fractional = new CustomSelector<number>(
      (r) => r,
      () => 0.5,
    );
    fractional.setup(3);
    assert.throws(() => fractional.selectChannel(7), /returned 0.5/);
  });

  it('creates the selector for each partitioner spec', () => {
    const key = (v: unknown) => v;
    const cases: [Parameters<typeof createChannelSelector>[0], unknown][] = [
      [{ kind: 'forward' }, ForwardSelector],
      [{ kind: 'rebalance' }, RebalanceSelector],
      [{ kind: 'rescale' }, RescaleSelector],
      [{ kind: 'shuffle' }, ShuffleSelector],
      [{ kind: 'broadcast' }, BroadcastSelector],
      [{ kind: 'global' }, GlobalSelector],
      [{ kind: 'hash', keySelector: key }, KeyGroupSelector],
      [{ kind: 'custom', keySelector: key, partitioner: () => 0 }, CustomSelector],
    ];
    for (const [spec, type] of cases) assert.ok(createChannelSelector(spec, 128) instanceof (type as never), spec.kind);
  });

  it('rejects a channel count that is not a positive integer', () => {
    assert.throws(() => new RescaleSelector().setup(0), /numberOfChannels must be a positive integer, got 0/);
  });
});
