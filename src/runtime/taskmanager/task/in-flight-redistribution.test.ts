import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PartitionerKind } from '../../../api/transformations.js';
import { assignKeyToParallelOperator } from '../../../core/key-group.js';
import { type InFlightInput, type OldChannelState, redistributeInFlight } from './in-flight-redistribution.js';

/** Flat [value, timestamp] pairs for `values`, timestamp = value's position. */
function flat(values: readonly unknown[]): unknown[] {
  return values.flatMap((v, i) => [v, i]);
}

function values(records: readonly unknown[] | undefined): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < (records?.length ?? 0); i += 2) out.push(records![i]);
  return out;
}

function edge(partitioner: PartitionerKind, oldUp: number | undefined, newUp: number, p = 0): InFlightInput {
  const owner =
    partitioner === 'hash'
      ? (v: unknown) => assignKeyToParallelOperator((v as { key: string }).key, 128, p)
      : partitioner === 'global'
        ? () => 0
        : undefined;
  return {
    edgeId: `e-${partitioner}`,
    partitioner,
    oldUpstreamParallelism: oldUp,
    newUpstreamParallelism: newUp,
    owner,
  };
}

/** Every new subtask's share, each as a map of its new channels. */
function all(old: OldChannelState[], inputs: InFlightInput[], oldParallelism: number, newParallelism: number) {
  return Array.from({ length: newParallelism }, (_, subtaskIndex) =>
    redistributeInFlight(old, { inputs, oldParallelism, newParallelism, subtaskIndex, where: 'checkpoint 7' }),
  );
}

const keyed = (n: number, from: number) =>
  Array.from({ length: n }, (_, i) => ({ key: `k${(i * 7 + from) % 13}`, seq: from * 1000 + i }));

describe('redistributeInFlight', () => {
  it('at the same parallelism keeps each subtask its own records on their channels', () => {
    const old: OldChannelState[] = [
      { subtaskIndex: 0, channels: new Map([[1, flat(['a', 'b'])]]) },
      { subtaskIndex: 1, channels: new Map([[0, flat(['c'])]]) },
    ];
    const [s0, s1] = all(old, [edge('hash', 2, 2, 2)], 2, 2);
    assert.deepEqual([...s0.keys()], [1]);
    assert.deepEqual(s0.get(1), flat(['a', 'b']));
    assert.deepEqual([...s1], [[0, flat(['c'])]]);
  });

  it('hash edges: each record goes to the new subtask owning its key group, exactly once, in channel order', () => {
    for (const [from, to] of [
      [2, 3],
      [3, 1],
      [1, 4],
    ]) {
      const old: OldChannelState[] = Array.from({ length: from }, (_, s) => ({
        subtaskIndex: s,
        channels: new Map([
          [0, flat(keyed(40, s * 2))],
          [1, flat(keyed(25, s * 2 + 1))],
        ]),
      }));
      const shares = all(old, [edge('hash', 2, 2, to)], from, to);
      const seen: Array<{ key: string; seq: number }> = [];
      shares.forEach((share, j) => {
        for (const [channel, records] of share) {
          assert.ok(channel === 0 || channel === 1, `channel ${channel}`);
          const got = values(records) as Array<{ key: string; seq: number }>;
          for (const r of got) assert.equal(assignKeyToParallelOperator(r.key, 128, to), j);
          // Per old channel, the order is kept.
          for (let i = 1; i < got.length; i++) {
            if (Math.floor(got[i].seq / 1000) === Math.floor(got[i - 1].seq / 1000)) {
              assert.ok(got[i].seq > got[i - 1].seq);
            }
          }
          seen.push(...got);
        }
      });
      const expected = old.flatMap((o) => [...o.channels.values()].flatMap((r) => values(r)));
      assert.equal(seen.length, expected.length, `${from} -> ${to}`);
      assert.deepEqual(
        seen.map((r) => r.seq).sort((a, b) => a - b),
        (expected as Array<{ seq: number }>).map((r) => r.seq).sort((a, b) => a - b),
      );
    }
  });

  it('rebalance edges: a fair even spread of every record, exactly once', () => {
    const old: OldChannelState[] = [
      { subtaskIndex: 0, channels: new Map([[0, flat([1, 2, 3, 4, 5])]]) },
      { subtaskIndex: 1, channels: new Map([[0, flat([6, 7])]]) },
    ];
    const shares = all(old, [edge('rebalance', 1, 1)], 2, 3).map((s) => values(s.get(0)));
    assert.deepEqual(shares, [
      [1, 4, 7],
      [2, 5],
      [3, 6],
    ]);
  });

  it('broadcast edges: every new subtask replays the records of the old subtask whose broadcast state it gets', () => {
    const old: OldChannelState[] = [
      { subtaskIndex: 0, channels: new Map([[0, flat(['x', 'y'])]]) },
      { subtaskIndex: 1, channels: new Map([[0, flat(['y'])]]) },
    ];
    const shares = all(old, [edge('broadcast', 1, 1)], 2, 3).map((s) => values(s.get(0)));
    assert.deepEqual(shares, [['x', 'y'], ['y'], ['x', 'y']]);
  });

  it('global edges: everything to subtask 0', () => {
    const old: OldChannelState[] = [{ subtaskIndex: 1, channels: new Map([[0, flat(['g'])]]) }];
    const shares = all(old, [edge('global', 1, 1)], 2, 3);
    assert.deepEqual(values(shares[0].get(0)), ['g']);
    assert.equal(shares[1].size + shares[2].size, 0);
  });

  it('maps channels across edges and a rescaled upstream (old channel of a gone producer folds in)', () => {
    // Two edges: hash from an upstream of old parallelism 3 (now 2), rebalance from one of 1.
    const inputs = [edge('hash', 3, 2, 1), edge('rebalance', 1, 1)];
    const old: OldChannelState[] = [
      {
        subtaskIndex: 0,
        channels: new Map([
          [2, flat([{ key: 'a', seq: 1 }])],
          [3, flat([{ key: 'r', seq: 2 }])],
        ]),
      },
      { subtaskIndex: 1, channels: new Map([[1, flat([{ key: 'b', seq: 3 }])]]) },
    ];
    const [share] = all(old, inputs, 2, 1);
    // Old producer 2 does not exist any more: 2 mod 2 = channel 0; producer 1 stays channel 1; rebalance: channel 2.
    assert.deepEqual(
      [...share.entries()].map(([c, r]) => [c, values(r).map((v) => (v as { seq: number }).seq)]),
      [
        [0, [1]],
        [2, [2]],
        [1, [3]],
      ],
    );
  });

  it('names the problem when the checkpoint lacks the upstream parallelism or the channels do not fit', () => {
    const old: OldChannelState[] = [{ subtaskIndex: 0, channels: new Map([[5, flat(['z'])]]) }];
    assert.throws(() => all(old, [edge('rebalance', undefined, 1)], 1, 2), /checkpoint 7 .*edge e-rebalance/);
    assert.throws(() => all(old, [edge('rebalance', 2, 1)], 1, 2), /input channel 5, but it had only 2/);
  });
});
