import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChainingStrategy } from '../api/operators/stream-operator.js';
import { areOperatorsChainable, type ChainableNode, type ChainingView, isChainable } from './chaining.js';
import type { StreamEdge } from './stream-graph.js';

function node(
  strategy: ChainingStrategy,
  extra: Partial<Omit<ChainableNode, 'transformation'>> & { source?: boolean } = {},
): ChainableNode {
  return {
    parallelism: 2,
    maxParallelism: 128,
    maxParallelismConfigured: false,
    slotSharingGroup: 'default',
    chainingStrategy: strategy,
    inEdges: [],
    ...extra,
    transformation: { kind: extra.source ? 'source' : 'one-input' },
  };
}

describe('areOperatorsChainable: chaining strategies', () => {
  // [upstream, downstream, chainable after a non-source, chainable after a source]
  const table: [ChainingStrategy, ChainingStrategy, boolean, boolean][] = [
    ['ALWAYS', 'ALWAYS', true, true],
    ['HEAD', 'ALWAYS', true, true],
    ['HEAD_WITH_SOURCES', 'ALWAYS', true, true],
    ['NEVER', 'ALWAYS', false, false],
    ['ALWAYS', 'HEAD', false, false],
    ['ALWAYS', 'NEVER', false, false],
    ['ALWAYS', 'HEAD_WITH_SOURCES', false, true],
    ['HEAD', 'HEAD_WITH_SOURCES', false, true],
    ['NEVER', 'HEAD_WITH_SOURCES', false, false],
  ];
  for (const [up, down, afterOperator, afterSource] of table) {
    test(`${up} -> ${down}`, () => {
      assert.equal(areOperatorsChainable(node(up), node(down), true), afterOperator);
      assert.equal(areOperatorsChainable(node(up, { source: true }), node(down), true), afterSource);
    });
  }

  test('parallelism must match; max parallelism only when the option is off', () => {
    assert.equal(areOperatorsChainable(node('ALWAYS'), node('ALWAYS', { parallelism: 3 }), true), false);
    const explicit = node('ALWAYS', { maxParallelism: 256, maxParallelismConfigured: true });
    assert.equal(areOperatorsChainable(node('ALWAYS'), explicit, true), true);
    assert.equal(areOperatorsChainable(node('ALWAYS'), explicit, false), false);
    // Computed defaults compare as "unset" (-1), like Flink's raw values.
    assert.equal(areOperatorsChainable(node('ALWAYS'), node('ALWAYS', { maxParallelism: 256 }), false), true);
  });
});

describe('isChainable: edge rules', () => {
  const edge = (partitioner: StreamEdge['partitioner']['kind'] = 'forward', inputIndex: 1 | 2 = 1): StreamEdge =>
    ({
      id: `1->2#${inputIndex}`,
      sourceId: 1,
      targetId: 2,
      partitioner: { kind: partitioner },
      inputIndex,
    }) as StreamEdge;

  function view(up: ChainableNode, down: ChainableNode, chainingEnabled = true): ChainingView {
    return { chainingEnabled, node: (id) => (id === 1 ? up : down) };
  }

  test('forward, same group, single input: chainable', () => {
    const e = edge();
    assert.equal(isChainable(e, view(node('HEAD', { source: true }), node('ALWAYS', { inEdges: [e] }))), true);
  });

  const breakers: [string, () => boolean][] = [
    [
      'a non-forward partitioner',
      () => {
        const e = edge('rebalance');
        return isChainable(e, view(node('ALWAYS'), node('ALWAYS', { inEdges: [e] })));
      },
    ],
    [
      'another slot sharing group',
      () => {
        const e = edge();
        return isChainable(e, view(node('ALWAYS'), node('ALWAYS', { inEdges: [e], slotSharingGroup: 'x' })));
      },
    ],
    [
      'a second input edge',
      () => {
        const e = edge();
        return isChainable(e, view(node('ALWAYS'), node('ALWAYS', { inEdges: [e, edge('forward', 2)] })));
      },
    ],
    [
      'chaining disabled globally',
      () => {
        const e = edge();
        return isChainable(e, view(node('ALWAYS'), node('ALWAYS', { inEdges: [e] }), false));
      },
    ],
  ];
  for (const [what, check] of breakers) test(`${what} breaks the chain`, () => assert.equal(check(), false));
});
