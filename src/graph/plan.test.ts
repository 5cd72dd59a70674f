import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { PartitionerKind } from '../api/transformations.js';
import type { JobGraph } from './job-graph.js';
import { generateJobGraph } from './job-graph-generator.js';
import { describePlan, jsonPlan, shipStrategyName } from './plan.js';
import type { StreamGraph } from './stream-graph.js';
import { generateStreamGraph } from './stream-graph-generator.js';
import { TestingTransformations } from './testing-transformations.js';

function build(program: (t: TestingTransformations) => void, config: Record<string, string> = {}) {
  const t = new TestingTransformations();
  program(t);
  const streamGraph: StreamGraph = generateStreamGraph(t.all, { jobName: 'plan-test', defaultParallelism: 2 });
  const jobGraph: JobGraph = generateJobGraph(streamGraph, { jobId: '0123456789abcdef0123456789abcdef', config });
  return { streamGraph, jobGraph };
}

const wordCount = (t: TestingTransformations) =>
  t.sink(t.map(t.keyBy(t.map(t.source('Collection Source'), 'Flat Map')), 'Keyed Aggregation'));

/** Property names of a schema in the OpenAPI file (two-space YAML, properties at 8 spaces). */
function specProperties(yml: string, schema: string): string[] {
  const start = yml.indexOf(`\n    ${schema}:\n`);
  assert.ok(start >= 0, `schema ${schema} not in the spec`);
  const body = yml.slice(start + schema.length + 7).split(/\n {4}\S/)[0];
  return [...body.matchAll(/^ {8}([a-z_]+):$/gm)].map((m) => m[1]);
}

describe('jsonPlan', () => {
  test("matches Flink's plan for WordCount: ids, order (downstream first), tree descriptions", () => {
    const plan = jsonPlan(build(wordCount).jobGraph);
    assert.deepEqual(plan, {
      jid: '0123456789abcdef0123456789abcdef',
      name: 'plan-test',
      type: 'STREAMING',
      nodes: [
        {
          id: '90bea66de1c231edf33913ecd54406c1',
          parallelism: 2,
          operator: '',
          operator_strategy: '',
          description: 'Keyed Aggregation<br/>+- Sink: Print to Std. Out<br/>',
          inputs: [
            { num: 0, id: 'cbc357ccb763df2852fee8c4fc7d55f2', ship_strategy: 'HASH', exchange: 'pipelined_bounded' },
          ],
          optimizer_properties: {},
        },
        {
          id: 'cbc357ccb763df2852fee8c4fc7d55f2',
          parallelism: 2,
          operator: '',
          operator_strategy: '',
          description: 'Source: Collection Source<br/>+- Flat Map<br/>',
          optimizer_properties: {},
        },
      ],
    });
  });

  test('uses only the names of the OpenAPI spec (Plan, PlanNode, Input)', (t) => {
    const path = '/work/shared/reference/flink-rest-api/rest_v1_dispatcher.yml';
    if (!existsSync(path)) {
      t.skip('the Flink REST spec is not available here');
      return;
    }
    const yml = readFileSync(path, 'utf8');
    const plan = jsonPlan(build((b) => b.sink(b.connect(b.source('a'), b.keyBy(b.source('b'))))).jobGraph);
    const subset = (keys: string[], allowed: string[]) =>
      assert.deepEqual(
        keys.filter((k) => !allowed.includes(k)),
        [],
      );
    subset(Object.keys(plan), specProperties(yml, 'Plan'));
    for (const node of plan.nodes) {
      subset(Object.keys(node), specProperties(yml, 'PlanNode'));
      for (const input of node.inputs ?? []) subset(Object.keys(input), specProperties(yml, 'Input'));
    }
  });

  test('a fanned-out chain is drawn as a tree; CASCADING mode draws it on one line; HTML is escaped', () => {
    const program = (t: TestingTransformations) => {
      const map = t.map(t.source('<in>'), 'Map');
      t.sink(t.map(map, 'Filter'), 'a');
      t.sink(map, 'b');
    };
    const [tree] = jsonPlan(build(program).jobGraph).nodes;
    assert.equal(
      tree.description,
      'Source: &lt;in&gt;<br/>+- Map<br/>   :- Filter<br/>   :  +- Sink: a<br/>   +- Sink: b<br/>',
    );
    const [cascading] = jsonPlan(build(program, { 'pipeline.vertex-description-mode': 'CASCADING' }).jobGraph).nodes;
    assert.equal(cascading.description, 'Source: &lt;in&gt; -&gt; Map -&gt; (Filter -&gt; Sink: a , Sink: b)');
  });

  test('two-input vertex lists its inputs in connection order', () => {
    const { jobGraph } = build((t) => t.sink(t.connect(t.source('a'), t.keyBy(t.source('b')), 'Join')));
    const plan = jsonPlan(jobGraph);
    const join = plan.nodes.find((n) => n.description.startsWith('Join'))!;
    assert.deepEqual(
      join.inputs?.map((i) => [i.num, i.ship_strategy]),
      [
        [0, 'FORWARD'],
        [1, 'HASH'],
      ],
    );
    assert.equal(plan.nodes.length, 3);
  });

  const strategies: [PartitionerKind, string][] = [
    ['forward', 'FORWARD'],
    ['rebalance', 'REBALANCE'],
    ['rescale', 'RESCALE'],
    ['shuffle', 'SHUFFLE'],
    ['broadcast', 'BROADCAST'],
    ['global', 'GLOBAL'],
    ['hash', 'HASH'],
    ['custom', 'CUSTOM'],
  ];
  for (const [kind, name] of strategies) {
    test(`ship strategy ${kind} is spelled ${name}`, () => assert.equal(shipStrategyName(kind), name));
  }
});

describe('describePlan', () => {
  test('one line per vertex with parallelism, chained operators and inputs', () => {
    const { jobGraph, streamGraph } = build((t) =>
      t.sink(
        t.map(t.keyBy(t.map(t.source(), 'Map', { uid: 'map' })), 'Reduce', { parallelism: 3, slotSharingGroup: 'agg' }),
        'Print to Std. Out',
        { parallelism: 3 },
      ),
    );
    assert.equal(
      describePlan(jobGraph, streamGraph),
      [
        'Job "plan-test" (0123456789abcdef0123456789abcdef), 2 tasks',
        '#1 Source: numbers -> Map [uid=map]  [parallelism 2, max parallelism 128]',
        "#2 Reduce [keyed] -> Sink: Print to Std. Out  [parallelism 3, max parallelism 128, slot sharing group 'agg']  <- #1 HASH",
      ].join('\n'),
    );
  });

  test('marks side outputs and the inputs of two-input vertices; works without the StreamGraph', () => {
    const { jobGraph } = build((t) => {
      const a = t.map(t.source('a'), 'Process');
      t.sink(t.connect(t.sideOutput(a, 'late'), t.source('b'), 'Co', { parallelism: 1 }), 'out', { parallelism: 1 });
    });
    const lines = describePlan(jobGraph).split('\n');
    assert.equal(lines.length, 4);
    assert.match(
      lines[3],
      /^#3 Co -> Sink: out {2}\[parallelism 1, .*\] {2}<- #1 REBALANCE side output 'late' \(input 1\), #2 REBALANCE \(input 2\)$/,
    );
  });
});
