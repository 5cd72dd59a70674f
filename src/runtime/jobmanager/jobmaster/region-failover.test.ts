import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JobGraph, JobVertex } from '../../../graph/job-graph.js';
import { RegionFailover } from './region-failover.js';

function vertex(id: string, parallelism: number): JobVertex {
  return { id, name: id, parallelism, maxParallelism: 128, slotSharingGroup: 'default', chain: [] };
}

/** src -> map, forward, parallelism 2: regions {src#0, map#0} and {src#1, map#1}. */
const graph: JobGraph = {
  jobId: '0'.repeat(32),
  jobName: 'test',
  vertices: [vertex('src', 2), vertex('map', 2)],
  edges: [
    {
      id: 'e',
      sourceVertexId: 'src',
      sourceNodeId: 0,
      targetVertexId: 'map',
      targetNodeId: 1,
      partitioner: 'forward',
      inputIndex: 1,
      sideOutputTag: undefined,
    },
  ],
  config: {},
  fingerprint: '',
};

describe('RegionFailover', () => {
  it('a region restart bumps only its subtasks and gives its channels a new epoch', () => {
    const f = new RegionFailover(graph, 'region');
    assert.equal(f.regionIndexOf('map', 1), 1);
    f.regionRedeploying(1);
    assert.deepEqual(
      [f.attemptOf('src', 0), f.attemptOf('map', 0), f.attemptOf('src', 1), f.attemptOf('map', 1)],
      [0, 0, 1, 1],
    );
    assert.equal(f.channelEpochOf('map', 0), 0);
    assert.equal(f.channelEpochOf('map', 1), 1);
  });

  it('a full restart bumps every subtask; epochs never repeat', () => {
    const f = new RegionFailover(graph, 'full');
    f.regionRedeploying(0);
    f.jobRedeploying();
    assert.deepEqual([f.attemptOf('src', 0), f.attemptOf('src', 1)], [2, 1]);
    assert.deepEqual([f.channelEpochOf('src', 0), f.channelEpochOf('src', 1)], [2, 2]);
    f.regionRedeploying(1);
    assert.equal(f.channelEpochOf('src', 1), 3);
  });

  it('a pending region restarts once its backoff passed and its executions ended, and only once', async () => {
    const f = new RegionFailover(graph, 'region');
    let elapsed = 0;
    f.scheduleRegionRestart(0, 1, () => elapsed++);
    assert.ok(f.isRestarting(0));
    assert.deepEqual(
      f.takeRegionsToRestart(() => true),
      [],
      'backoff not passed yet',
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(elapsed, 1);
    assert.deepEqual(
      f.takeRegionsToRestart(() => false),
      [],
      'executions not ended yet',
    );
    assert.deepEqual(
      f.takeRegionsToRestart(() => true),
      [0],
    );
    assert.deepEqual(
      f.takeRegionsToRestart(() => true),
      [],
    );
    assert.ok(f.isRestarting(0), 'still restarting until redeployed');
    f.regionRedeploying(0);
    assert.ok(!f.hasPendingRestarts());
  });

  it('clearPending stops pending restarts', async () => {
    const f = new RegionFailover(graph, 'region');
    let elapsed = 0;
    f.scheduleRegionRestart(1, 1, () => elapsed++);
    f.clearPending();
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(elapsed, 0);
    assert.ok(!f.isRestarting(1));
  });
});
