import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { PartitionerKind } from '../../../api/transformations.js';
import type { JobGraph, JobVertex } from '../../../graph/job-graph.js';
import { computePipelinedRegions } from './pipelined-regions.js';

function vertex(id: string, parallelism: number): JobVertex {
  return { id, name: id, parallelism, maxParallelism: 128, slotSharingGroup: 'default', chain: [] };
}

function graph(vertices: JobVertex[], edges: Array<[string, string, PartitionerKind]>): JobGraph {
  return {
    jobId: '0'.repeat(32),
    jobName: 'test',
    vertices,
    edges: edges.map(([from, to, partitioner], i) => ({
      id: `e${i}`,
      sourceVertexId: from,
      sourceNodeId: 0,
      targetVertexId: to,
      targetNodeId: 0,
      partitioner,
      inputIndex: 1,
      sideOutputTag: undefined,
    })),
    config: {},
    fingerprint: '',
  };
}

/** Each region as "vertex#subtask" strings. */
function regionsOf(g: JobGraph): string[][] {
  return computePipelinedRegions(g).regions.map((r) => r.subtasks.map((s) => `${s.vertexId}#${s.subtaskIndex}`));
}

describe('computePipelinedRegions', () => {
  const cases: Array<{ name: string; graph: JobGraph; expected: string[][] }> = [
    {
      name: 'forward-only pipeline at equal parallelism: one region per subtask index',
      graph: graph(
        [vertex('src', 2), vertex('map', 2), vertex('sink', 2)],
        [
          ['src', 'map', 'forward'],
          ['map', 'sink', 'forward'],
        ],
      ),
      expected: [
        ['src#0', 'map#0', 'sink#0'],
        ['src#1', 'map#1', 'sink#1'],
      ],
    },
    {
      name: 'a single chained vertex: one region per subtask',
      graph: graph([vertex('chain', 3)], []),
      expected: [['chain#0'], ['chain#1'], ['chain#2']],
    },
    {
      name: 'keyBy joins everything into one region',
      graph: graph(
        [vertex('src', 2), vertex('agg', 2), vertex('sink', 2)],
        [
          ['src', 'agg', 'hash'],
          ['agg', 'sink', 'forward'],
        ],
      ),
      expected: [['src#0', 'src#1', 'agg#0', 'agg#1', 'sink#0', 'sink#1']],
    },
    {
      name: 'broadcast and rebalance are all-to-all',
      graph: graph([vertex('a', 2), vertex('b', 3)], [['a', 'b', 'broadcast']]),
      expected: [['a#0', 'a#1', 'b#0', 'b#1', 'b#2']],
    },
    {
      name: 'rescale 2 -> 4 gives one region per producer',
      graph: graph([vertex('a', 2), vertex('b', 4)], [['a', 'b', 'rescale']]),
      expected: [
        ['a#0', 'b#0', 'b#1'],
        ['a#1', 'b#2', 'b#3'],
      ],
    },
    {
      name: 'two independent pipelines share no region',
      graph: graph([vertex('a', 1), vertex('b', 1), vertex('c', 2)], [['a', 'b', 'rebalance']]),
      expected: [['a#0', 'b#0'], ['c#0'], ['c#1']],
    },
  ];
  for (const { name, graph: g, expected } of cases) {
    it(name, () => assert.deepEqual(regionsOf(g), expected));
  }

  it('regionOf names the region of every subtask', () => {
    const g = graph([vertex('src', 2), vertex('map', 2)], [['src', 'map', 'forward']]);
    const { regionOf } = computePipelinedRegions(g);
    assert.deepEqual(
      [...regionOf],
      [
        ['src#0', 0],
        ['src#1', 1],
        ['map#0', 0],
        ['map#1', 1],
      ],
    );
  });

  it('every subtask is in exactly one region, and every channel stays inside one (property)', () => {
    const kinds: PartitionerKind[] = ['forward', 'rescale', 'hash', 'rebalance'];
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...kinds)), { maxLength: 6 }),
        (parallelisms, rawEdges) => {
          const vertices = parallelisms.map((p, i) => vertex(`v${i}`, p));
          const edges: Array<[string, string, PartitionerKind]> = [];
          for (const [a, b, kind] of rawEdges) {
            const from = a % vertices.length;
            const to = b % vertices.length;
            if (from >= to) continue;
            // Forward needs equal parallelism, as the graph builder demands.
            const partitioner = kind === 'forward' && parallelisms[from] !== parallelisms[to] ? 'rescale' : kind;
            edges.push([`v${from}`, `v${to}`, partitioner]);
          }
          const g = graph(vertices, edges);
          const { regions, regionOf } = computePipelinedRegions(g);
          const total = parallelisms.reduce((n, p) => n + p, 0);
          assert.equal(
            regions.reduce((n, r) => n + r.subtasks.length, 0),
            total,
          );
          assert.equal(regionOf.size, total);
          for (const [from, to, kind] of edges) {
            if (kind === 'hash' || kind === 'rebalance') {
              assert.equal(regionOf.get(`${from}#0`), regionOf.get(`${to}#0`));
            }
          }
        },
      ),
    );
  });
});
