import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JobGraph, JobVertex } from '../../../graph/job-graph.js';
import type { CheckpointMetadata, OperatorStateMetadata } from '../../checkpoint/checkpoint-metadata.js';
import { taskRestoreSpec } from './restore-assignment.js';

function vertex(id: string, parallelism: number): JobVertex {
  const node = { nodeId: 0, operatorId: id, name: id, uid: undefined, kind: 'one-input' as const };
  return {
    id,
    name: id,
    parallelism,
    maxParallelism: 128,
    slotSharingGroup: 'default',
    chain: [{ ...node, chainedOutEdges: [], networkOutEdges: [] }],
  };
}

/** src (now 2) -> count (now 3), keyed. */
const graph: JobGraph = {
  jobId: '0'.repeat(32),
  jobName: 'test',
  vertices: [vertex('src', 2), vertex('count', 3)],
  edges: [
    {
      id: 'e',
      sourceVertexId: 'src',
      sourceNodeId: 0,
      targetVertexId: 'count',
      targetNodeId: 1,
      partitioner: 'hash',
      inputIndex: 1,
      sideOutputTag: undefined,
    },
  ],
  config: {},
  fingerprint: '',
};

function saved(operatorId: string, parallelism: number): OperatorStateMetadata {
  const subtasks = Array.from({ length: parallelism }, (_, i) => ({
    subtaskIndex: i,
    path: `${operatorId}-${i}`,
    sizeBytes: 1,
  }));
  return { operatorId, parallelism, maxParallelism: 128, states: [], subtasks };
}

function metadata(operators: OperatorStateMetadata[]): CheckpointMetadata {
  return { kind: 'checkpoint', jobId: graph.jobId, checkpointId: 3, timestamp: 0, operators };
}

describe('taskRestoreSpec', () => {
  it('gives a rescaled subtask every old file and the old parallelism of its producers per input edge', () => {
    const source = { checkpointId: 3, pointer: '/cp/3', metadata: metadata([saved('src', 4), saved('count', 2)]) };
    const spec = taskRestoreSpec(graph, graph.vertices[1], 2, source);
    assert.deepEqual(
      spec?.handles.map((h) => h.path),
      ['count-0', 'count-1'],
    );
    assert.deepEqual(spec?.operatorParallelism, { count: 2 });
    assert.deepEqual(spec?.upstreamParallelism, { e: 4 });
  });

  it('leaves out an edge whose producers the checkpoint does not know', () => {
    const source = { checkpointId: 3, pointer: '/cp/3', metadata: metadata([saved('count', 3)]) };
    const spec = taskRestoreSpec(graph, graph.vertices[1], 1, source);
    assert.deepEqual(
      spec?.handles.map((h) => h.path),
      ['count-1'],
    );
    assert.deepEqual(spec?.upstreamParallelism, {});
  });
});
