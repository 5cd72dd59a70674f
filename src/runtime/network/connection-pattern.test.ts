import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { PartitionerKind } from '../../api/transformations.js';
import { connectedConsumers, connectedProducers, distributionPattern } from './connection-pattern.js';

function consumersOfEach(kind: PartitionerKind, p1: number, p2: number): number[][] {
  return Array.from({ length: p1 }, (_, i) => connectedConsumers(kind, i, p1, p2));
}

function producersOfEach(kind: PartitionerKind, p1: number, p2: number): number[][] {
  return Array.from({ length: p2 }, (_, j) => connectedProducers(kind, j, p1, p2));
}

describe('connection pattern', () => {
  it('is POINTWISE for forward and rescale only', () => {
    const kinds: [PartitionerKind, string][] = [
      ['forward', 'POINTWISE'],
      ['rescale', 'POINTWISE'],
      ['rebalance', 'ALL_TO_ALL'],
      ['shuffle', 'ALL_TO_ALL'],
      ['broadcast', 'ALL_TO_ALL'],
      ['global', 'ALL_TO_ALL'],
      ['hash', 'ALL_TO_ALL'],
      ['custom', 'ALL_TO_ALL'],
    ];
    for (const [kind, pattern] of kinds) assert.equal(distributionPattern(kind), pattern, kind);
  });

  // Worked out from Flink's computeVertexInputInfoForPointwise (comments in connection-pattern.ts).
  const pointwise: [string, number, number, number[][], number[][]][] = [
    [
      '2 -> 4',
      2,
      4,
      [
        [0, 1],
        [2, 3],
      ],
      [[0], [0], [1], [1]],
    ],
    [
      '4 -> 2',
      4,
      2,
      [[0], [0], [1], [1]],
      [
        [0, 1],
        [2, 3],
      ],
    ],
    ['3 -> 2', 3, 2, [[0], [1], [1]], [[0], [1, 2]]],
    ['2 -> 3', 2, 3, [[0, 1], [2]], [[0], [0], [1]]],
    ['3 -> 3', 3, 3, [[0], [1], [2]], [[0], [1], [2]]],
    ['1 -> 3', 1, 3, [[0, 1, 2]], [[0], [0], [0]]],
    ['3 -> 1', 3, 1, [[0], [0], [0]], [[0, 1, 2]]],
    ['5 -> 3', 5, 3, [[0], [1], [1], [2], [2]], [[0], [1, 2], [3, 4]]],
  ];
  for (const [name, p1, p2, consumers, producers] of pointwise) {
    it(`connects rescale ${name} pointwise`, () => {
      assert.deepEqual(consumersOfEach('rescale', p1, p2), consumers);
      assert.deepEqual(producersOfEach('rescale', p1, p2), producers);
    });
  }

  it('connects forward one to one', () => {
    assert.deepEqual(consumersOfEach('forward', 3, 3), [[0], [1], [2]]);
  });

  it('connects every producer to every consumer for the other partitioners', () => {
    assert.deepEqual(connectedConsumers('hash', 1, 2, 3), [0, 1, 2]);
    assert.deepEqual(connectedProducers('rebalance', 2, 2, 3), [0, 1]);
  });

  it('agrees in both directions and leaves nobody unconnected (property)', () => {
    const size = fc.integer({ min: 1, max: 40 });
    fc.assert(
      fc.property(size, size, (p1, p2) => {
        const consumers = consumersOfEach('rescale', p1, p2);
        const producers = producersOfEach('rescale', p1, p2);
        for (let i = 0; i < p1; i++) assert.ok(consumers[i].length >= 1);
        for (let j = 0; j < p2; j++) assert.ok(producers[j].length >= 1);
        for (let i = 0; i < p1; i++) {
          for (let j = 0; j < p2; j++) assert.equal(consumers[i].includes(j), producers[j].includes(i));
        }
      }),
    );
  });

  it('names bad arguments', () => {
    assert.throws(
      () => connectedConsumers('forward', 0, 2, 3),
      /forward partitioning needs equal parallelism.*2 and 3/,
    );
    assert.throws(() => connectedConsumers('rescale', 2, 2, 3), /producer index 2 is not in \[0, 2\)/);
    assert.throws(
      () => connectedProducers('rescale', 0, 0, 3),
      /upstream parallelism must be a positive integer, got 0/,
    );
  });
});
