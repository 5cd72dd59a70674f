import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JobGraph } from './job-graph.js';
import { generateJobGraph } from './job-graph-generator.js';
import { generateStreamGraph, type StreamGraphOptions } from './stream-graph-generator.js';
import { TestingTransformations } from './testing-transformations.js';

function build(
  program: (t: TestingTransformations) => void,
  options: Partial<StreamGraphOptions> = {},
  config: Record<string, string> = {},
): JobGraph {
  const t = new TestingTransformations();
  program(t);
  const streamGraph = generateStreamGraph(t.all, { jobName: 'test', defaultParallelism: 4, ...options });
  return generateJobGraph(streamGraph, { config });
}

/** Vertex names and "from -> to STRATEGY" edges: the shape a chaining case is judged by. */
function layout(jobGraph: JobGraph): { vertices: string[]; edges: string[] } {
  const name = new Map(jobGraph.vertices.map((v) => [v.id, v.name]));
  return {
    vertices: jobGraph.vertices.map((v) => `${v.name} (p=${v.parallelism})`),
    edges: jobGraph.edges.map((e) => `${name.get(e.sourceVertexId)} => ${name.get(e.targetVertexId)} ${e.partitioner}`),
  };
}

describe('chaining (StreamingJobGraphGenerator.isChainable)', () => {
  const cases: {
    name: string;
    program: (t: TestingTransformations) => void;
    options?: Partial<StreamGraphOptions>;
    vertices: string[];
    edges: string[];
  }[] = [
    {
      name: 'source -> map -> filter -> sink chain at equal parallelism',
      program: (t) => t.sink(t.map(t.map(t.source(), 'Map'), 'Filter')),
      vertices: ['Source: numbers -> Map -> Filter -> Sink: Print to Std. Out (p=4)'],
      edges: [],
    },
    {
      name: 'a parallelism change breaks the chain and rebalances',
      program: (t) => t.sink(t.map(t.map(t.source(), 'Map'), 'Filter', { parallelism: 2 })),
      vertices: ['Source: numbers -> Map (p=4)', 'Filter (p=2)', 'Sink: Print to Std. Out (p=4)'],
      edges: ['Source: numbers -> Map => Filter rebalance', 'Filter => Sink: Print to Std. Out rebalance'],
    },
    {
      name: 'keyBy (hash) breaks the chain',
      program: (t) => t.sink(t.map(t.keyBy(t.map(t.source())), 'Reduce')),
      vertices: ['Source: numbers -> Map (p=4)', 'Reduce -> Sink: Print to Std. Out (p=4)'],
      edges: ['Source: numbers -> Map => Reduce -> Sink: Print to Std. Out hash'],
    },
    {
      name: 'a union target starts a new chain (two forward network edges)',
      program: (t) => t.sink(t.map(t.union(t.source('a'), t.source('b')), 'Map')),
      vertices: ['Source: a (p=4)', 'Source: b (p=4)', 'Map -> Sink: Print to Std. Out (p=4)'],
      edges: [
        'Source: a => Map -> Sink: Print to Std. Out forward',
        'Source: b => Map -> Sink: Print to Std. Out forward',
      ],
    },
    {
      name: 'a two-input operator starts a new chain',
      program: (t) => t.sink(t.connect(t.source('a'), t.source('b'), 'Co-Map')),
      vertices: ['Source: a (p=4)', 'Source: b (p=4)', 'Co-Map -> Sink: Print to Std. Out (p=4)'],
      edges: [
        'Source: a => Co-Map -> Sink: Print to Std. Out forward',
        'Source: b => Co-Map -> Sink: Print to Std. Out forward',
      ],
    },
    {
      name: 'disableChaining (NEVER) isolates the operator',
      program: (t) => t.sink(t.map(t.map(t.source(), 'Map', { chainingStrategy: 'NEVER' }), 'Filter')),
      vertices: ['Source: numbers (p=4)', 'Map (p=4)', 'Filter -> Sink: Print to Std. Out (p=4)'],
      edges: ['Source: numbers => Map forward', 'Map => Filter -> Sink: Print to Std. Out forward'],
    },
    {
      name: 'startNewChain (HEAD) starts a chain that continues downstream',
      program: (t) => t.sink(t.map(t.map(t.source(), 'Map'), 'Filter', { chainingStrategy: 'HEAD' })),
      vertices: ['Source: numbers -> Map (p=4)', 'Filter -> Sink: Print to Std. Out (p=4)'],
      edges: ['Source: numbers -> Map => Filter -> Sink: Print to Std. Out forward'],
    },
    {
      name: 'a different slot sharing group breaks the chain; the sink inherits the group',
      program: (t) => t.sink(t.map(t.source(), 'Map', { slotSharingGroup: 'heavy' })),
      vertices: ['Source: numbers (p=4)', 'Map -> Sink: Print to Std. Out (p=4)'],
      edges: ['Source: numbers => Map -> Sink: Print to Std. Out forward'],
    },
    {
      name: 'a chain fans out to several chained successors',
      program: (t) => {
        const map = t.map(t.source(), 'Map');
        t.sink(t.map(map, 'Filter'), 'a');
        t.sink(map, 'b');
      },
      vertices: ['Source: numbers -> Map -> (Filter -> Sink: a, Sink: b) (p=4)'],
      edges: [],
    },
    {
      name: 'HEAD_WITH_SOURCES chains after a source only',
      program: (t) =>
        t.sink(
          t.map(t.map(t.source(), 'A', { chainingStrategy: 'HEAD_WITH_SOURCES' }), 'B', {
            chainingStrategy: 'HEAD_WITH_SOURCES',
          }),
        ),
      vertices: ['Source: numbers -> A (p=4)', 'B -> Sink: Print to Std. Out (p=4)'],
      edges: ['Source: numbers -> A => B -> Sink: Print to Std. Out forward'],
    },
    {
      name: 'pipeline.operator-chaining.enabled=false chains nothing',
      program: (t) => t.sink(t.map(t.source())),
      options: { chainingEnabled: false },
      vertices: ['Source: numbers (p=4)', 'Map (p=4)', 'Sink: Print to Std. Out (p=4)'],
      edges: ['Source: numbers => Map forward', 'Map => Sink: Print to Std. Out forward'],
    },
    {
      name: 'different max parallelism chains by default',
      program: (t) => t.sink(t.map(t.source(), 'Map', { maxParallelism: 256 })),
      vertices: ['Source: numbers -> Map -> Sink: Print to Std. Out (p=4)'],
      edges: [],
    },
    {
      name: 'different max parallelism breaks the chain when the option is off',
      program: (t) => t.sink(t.map(t.source(), 'Map', { maxParallelism: 256 })),
      options: { chainOperatorsWithDifferentMaxParallelism: false },
      vertices: ['Source: numbers (p=4)', 'Map (p=4)', 'Sink: Print to Std. Out (p=4)'],
      edges: ['Source: numbers => Map forward', 'Map => Sink: Print to Std. Out forward'],
    },
    {
      name: 'an explicit rescale is a network edge even at equal parallelism',
      program: (t) => t.sink(t.partition(t.source(), { kind: 'rescale' })),
      vertices: ['Source: numbers (p=4)', 'Sink: Print to Std. Out (p=4)'],
      edges: ['Source: numbers => Sink: Print to Std. Out rescale'],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.deepEqual(layout(build(c.program, c.options)), { vertices: c.vertices, edges: c.edges });
    });
  }
});

describe('generateJobGraph', () => {
  test('side-output edges carry their tag, chained or not', () => {
    const jobGraph = build((t) => {
      const process = t.map(t.source(), 'Process');
      t.sink(t.sideOutput(process, 'late'), 'late-sink');
      t.sink(t.sideOutput(process, 'slow'), 'slow-sink', { parallelism: 1 });
    });
    const [head] = jobGraph.vertices;
    assert.equal(head.name, 'Source: numbers -> Process -> Sink: late-sink');
    const process = head.chain.find((n) => n.name === 'Process')!;
    assert.equal(process.chainedOutEdges.length, 1);
    assert.equal(process.networkOutEdges.length, 1);
    assert.equal(jobGraph.edges.length, 1);
    assert.equal(jobGraph.edges[0].sideOutputTag, 'slow');
    assert.equal(jobGraph.edges[0].partitioner, 'rebalance');
  });

  test('vertex ids are head operator ids; vertices are topological; edges name both ends', () => {
    const jobGraph = build((t) => t.sink(t.map(t.keyBy(t.source()), 'Reduce')));
    for (const v of jobGraph.vertices) assert.equal(v.id, v.chain[0].operatorId);
    const position = new Map(jobGraph.vertices.map((v, i) => [v.id, i]));
    for (const e of jobGraph.edges) {
      assert.ok(position.get(e.sourceVertexId)! < position.get(e.targetVertexId)!);
      assert.equal(jobGraph.vertices[position.get(e.targetVertexId)!].chain[0].nodeId, e.targetNodeId);
    }
  });

  test('keyed vertex takes its max parallelism from its head: the same the hash partitioner targets', () => {
    const jobGraph = build((t) =>
      t.sink(t.map(t.keyBy(t.source()), 'Reduce', { parallelism: 200 }), 'out', { parallelism: 200 }),
    );
    const reduce = jobGraph.vertices.find((v) => v.name.startsWith('Reduce'))!;
    assert.equal(reduce.maxParallelism, 512); // roundUpToPowerOfTwo(200 + 100)
    assert.equal(reduce.maxParallelismConfigured, false);
    assert.equal(jobGraph.edges[0].targetVertexId, reduce.id);
  });

  test('job id: random 32 hex when absent, kept when given, rejected when malformed', () => {
    const program = (t: TestingTransformations) => t.sink(t.source());
    assert.match(build(program).jobId, /^[0-9a-f]{32}$/);
    assert.notEqual(build(program).jobId, build(program).jobId);
    const t = new TestingTransformations();
    program(t);
    const streamGraph = generateStreamGraph(t.all, { jobName: 'j', defaultParallelism: 1 });
    const jobId = 'a'.repeat(32);
    assert.equal(generateJobGraph(streamGraph, { jobId, config: {} }).jobId, jobId);
    assert.throws(
      () => generateJobGraph(streamGraph, { jobId: 'xyz', config: {} }),
      /Invalid job id 'xyz'.*32 lowercase hex/,
    );
  });

  test('pipeline.vertex-name-include-index-prefix prefixes names in topological order', () => {
    const jobGraph = build(
      (t) => t.sink(t.keyBy(t.source())),
      {},
      { 'pipeline.vertex-name-include-index-prefix': 'true' },
    );
    assert.deepEqual(
      jobGraph.vertices.map((v) => v.name),
      ['[vertex-0]Source: numbers', '[vertex-1]Sink: Print to Std. Out'],
    );
  });
});

describe('fingerprint', () => {
  const program = (t: TestingTransformations, settings: { p?: number; name?: string; rescale?: boolean } = {}) => {
    const source = t.source();
    const input = settings.rescale ? t.partition(source, { kind: 'rescale' }) : t.keyBy(source);
    t.sink(t.map(input, settings.name ?? 'Reduce', { parallelism: settings.p ?? 4 }));
  };

  test('is stable across builds and independent of job id and config', () => {
    const a = build((t) => program(t));
    const b = build((t) => program(t), {}, { 'execution.checkpointing.interval': '10 s' });
    assert.match(a.fingerprint, /^[0-9a-f]{64}$/);
    assert.notEqual(a.jobId, b.jobId);
    assert.equal(a.fingerprint, b.fingerprint);
  });

  const changes: [string, (t: TestingTransformations) => void][] = [
    ['the parallelism', (t) => program(t, { p: 3 })],
    ['an operator name', (t) => program(t, { name: 'Aggregate' })],
    ['a partitioner', (t) => program(t, { rescale: true })],
    ['the operator count', (t) => t.sink(t.map(t.map(t.keyBy(t.source()), 'Reduce'), 'Map'))],
    ['the chain layout', (t) => t.sink(t.map(t.keyBy(t.source()), 'Reduce', { chainingStrategy: 'NEVER' }))],
    ['a uid', (t) => t.sink(t.map(t.keyBy(t.source()), 'Reduce', { uid: 'reduce' }))],
  ];
  for (const [what, changed] of changes) {
    test(`changes when ${what} changes`, () => {
      assert.notEqual(build(changed).fingerprint, build((t) => program(t)).fingerprint);
    });
  }
});
