import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StreamGraph } from './stream-graph.js';
import {
  generateStreamGraph,
  type StreamGraphOptions,
  streamGraphOptionsFromConfig,
} from './stream-graph-generator.js';
import { TestingTransformations } from './testing-transformations.js';

function graph(program: (t: TestingTransformations) => void, options: Partial<StreamGraphOptions> = {}): StreamGraph {
  const t = new TestingTransformations();
  program(t);
  return generateStreamGraph(t.all, { jobName: 'test', defaultParallelism: 4, ...options });
}

function nodeNamed(g: StreamGraph, name: string) {
  const node = [...g.nodes.values()].find((n) => n.name === name);
  assert.ok(node, `no node named ${name}`);
  return node;
}

describe('generateStreamGraph: nodes and edges', () => {
  test('physical transformations become nodes with Flink names; virtual ones only shape edges', () => {
    const g = graph((t) => t.sink(t.map(t.keyBy(t.source()), 'Reduce')));
    assert.deepEqual(
      [...g.nodes.values()].map((n) => n.name),
      ['Source: numbers', 'Reduce', 'Sink: Print to Std. Out'],
    );
    assert.deepEqual(
      g.edges.map((e) => [e.id, e.partitioner.kind, e.inputIndex]),
      [
        ['1->3#0', 'hash', 1],
        ['3->4#0', 'forward', 1],
      ],
    );
  });

  test('default partitioner: FORWARD at equal parallelism, REBALANCE otherwise', () => {
    const g = graph((t) => t.sink(t.map(t.source(), 'Map', { parallelism: 2 }), 'out', { parallelism: 2 }));
    assert.deepEqual(
      g.edges.map((e) => e.partitioner.kind),
      ['rebalance', 'forward'],
    );
  });

  test('forward between different parallelism fails with Flink message and both operators named', () => {
    assert.throws(
      () => graph((t) => t.sink(t.partition(t.source(), { kind: 'forward' }), 'out', { parallelism: 1 })),
      /Forward partitioning does not allow change of parallelism\. Upstream operation: Source: numbers-1 parallelism: 4, downstream operation: Sink: out-3 parallelism: 1\. You must use another partitioning strategy/,
    );
  });

  test('union makes several edges into the same input; a stream unioned with itself gets distinct edge ids', () => {
    const g = graph((t) => {
      const a = t.source('a');
      t.sink(t.union(a, t.source('b'), a));
    });
    assert.deepEqual(
      g.edges.map((e) => e.id),
      ['1->4#0', '2->4#0', '1->4#1'],
    );
    assert.ok(g.edges.every((e) => e.inputIndex === 1));
  });

  test('two-input edges are numbered 1 and 2; a partition of a union partitions every input', () => {
    const g = graph((t) => t.sink(t.connect(t.keyBy(t.union(t.source('a'), t.source('b'))), t.source('c'))));
    assert.deepEqual(
      g.edges.map((e) => `${e.sourceId}:${e.partitioner.kind}:${e.inputIndex}`),
      ['1:hash:1', '2:hash:1', '5:forward:2', '6:forward:1'],
    );
  });

  test('the partitioning closest to the consumer wins', () => {
    const g = graph((t) => t.sink(t.partition(t.keyBy(t.source()), { kind: 'rebalance' })));
    assert.equal(g.edges[0].partitioner.kind, 'rebalance');
  });

  test('side outputs set the edge tag and type', () => {
    const g = graph((t) => t.sink(t.sideOutput(t.map(t.source()), 'late')));
    const edge = g.edges.find((e) => e.targetId === nodeNamed(g, 'Sink: Print to Std. Out').id)!;
    assert.equal(edge.sideOutputTag, 'late');
    assert.equal(g.edges[0].sideOutputTag, undefined);
  });

  test('Flink translates the operators of the program and their inputs only: an unread source is left out', () => {
    const g = graph((t) => {
      t.source('unused');
      t.sink(t.source('used'));
    });
    assert.deepEqual(
      [...g.nodes.values()].map((n) => n.name),
      ['Source: used', 'Sink: Print to Std. Out'],
    );
  });

  test('a program without operators is rejected like Flink does', () => {
    assert.throws(() => graph((t) => t.source()), /No operators defined in streaming topology\. Cannot execute\./);
  });

  test('two transformation objects with one id are rejected', () => {
    const t = new TestingTransformations();
    const source = t.source();
    const clone = { ...source, name: 'clone' };
    t.sink(source);
    t.sink(clone);
    assert.throws(
      () => generateStreamGraph(t.all, { jobName: 'x', defaultParallelism: 1 }),
      /Two transformations share id 1 \("numbers" and "clone"\)/,
    );
  });
});

describe('generateStreamGraph: parallelism, max parallelism and slot sharing', () => {
  test('parallelism -1 takes the default; bad values are named', () => {
    const g = graph((t) => t.sink(t.source(), 'out', { parallelism: 3 }), { defaultParallelism: 2 });
    assert.deepEqual(
      [...g.nodes.values()].map((n) => n.parallelism),
      [2, 3],
    );
    assert.throws(
      () => graph((t) => t.sink(t.source(), 'out', { parallelism: 0 })),
      /parallelism of operator "Sink: out" \(id 2\)/,
    );
    assert.throws(() => graph((t) => t.sink(t.source()), { defaultParallelism: 0 }), /parallelism\.default/);
  });

  const maxCases: [string, { p: number; max?: number; envMax?: number }, number, boolean][] = [
    ['p=1 -> 128 (lower bound)', { p: 1 }, 128, false],
    ['p=85 -> 128', { p: 85 }, 128, false],
    ['p=86 -> 256 (86 + 43 = 129 rounds up)', { p: 86 }, 256, false],
    ['p=200 -> 512', { p: 200 }, 512, false],
    ['p=30000 -> 32768 (upper bound)', { p: 30000 }, 32768, false],
    ['explicit setMaxParallelism', { p: 4, max: 1000 }, 1000, true],
    ['pipeline.max-parallelism', { p: 4, envMax: 64 }, 64, true],
    ['explicit beats pipeline.max-parallelism', { p: 4, max: 300, envMax: 64 }, 300, true],
  ];
  for (const [name, s, expected, configured] of maxCases) {
    test(`max parallelism: ${name}`, () => {
      const g = graph((t) => t.sink(t.source('s', { parallelism: s.p, maxParallelism: s.max })), {
        defaultMaxParallelism: s.envMax,
      });
      const source = nodeNamed(g, 'Source: s');
      assert.equal(source.maxParallelism, expected);
      assert.equal(source.maxParallelismConfigured, configured);
    });
  }

  test('max parallelism below the parallelism is rejected with a fix', () => {
    assert.throws(
      () => graph((t) => t.sink(t.source('s', { parallelism: 8, maxParallelism: 4 }))),
      /"Source: s" \(id 1\) has parallelism 8, higher than its max parallelism 4\. Lower the parallelism or raise/,
    );
    assert.throws(() => graph((t) => t.sink(t.source('s', { maxParallelism: 40000 }))), /maxParallelism of operator/);
  });

  test('slot sharing group: explicit, else shared by all inputs, else default', () => {
    const g = graph((t) => {
      const a = t.source('a', { slotSharingGroup: 'x' });
      const b = t.source('b', { slotSharingGroup: 'y' });
      t.sink(t.map(a, 'A'), 'sa');
      t.sink(t.union(a, b), 'ab');
      t.sink(b, 'sb', { slotSharingGroup: 'z' });
    });
    assert.deepEqual(
      [...g.nodes.values()].map((n) => `${n.name}:${n.slotSharingGroup}`),
      ['Source: a:x', 'A:x', 'Sink: sa:x', 'Source: b:y', 'Sink: ab:default', 'Sink: sb:z'],
    );
  });

  test('options from Flink configuration keys', () => {
    assert.deepEqual(
      streamGraphOptionsFromConfig(
        'j',
        {
          'parallelism.default': '3',
          'pipeline.max-parallelism': '256',
          'pipeline.operator-chaining.enabled': 'false',
        },
        8,
      ),
      {
        jobName: 'j',
        defaultParallelism: 3,
        defaultMaxParallelism: 256,
        chainingEnabled: false,
        chainOperatorsWithDifferentMaxParallelism: true,
      },
    );
    assert.equal(streamGraphOptionsFromConfig('j', {}, 8).defaultParallelism, 8);
    assert.equal(
      streamGraphOptionsFromConfig('j', { 'pipeline.operator-chaining': 'false' }, 8).chainingEnabled,
      false,
    );
    assert.throws(
      () => streamGraphOptionsFromConfig('j', { 'parallelism.default': 'four' }, 8),
      /'parallelism\.default' must be an integer/,
    );
  });
});
