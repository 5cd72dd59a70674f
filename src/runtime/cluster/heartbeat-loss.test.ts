import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ResourceManager, type TaskExecutorLoss } from '../jobmanager/resourcemanager/resource-manager.js';
import { RpcService } from '../rpc/rpc-service.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ResourceManager heartbeats', () => {
  it('keeps TaskExecutors that beat, removes a silent one once, and asks unknown ones to register', async () => {
    const rm = new ResourceManager(new RpcService());
    const lost: TaskExecutorLoss[] = [];
    for (const id of ['beating', 'silent']) {
      await rm.registerTaskExecutor({ taskManagerId: id, address: `te-${id}`, numberOfSlots: 2, host: 'h' });
    }
    rm.startHeartbeatChecks(20, 200, (loss) => lost.push(loss));
    try {
      for (let i = 0; i < 15; i++) {
        assert.equal(await rm.heartbeatFromTaskManager('beating'), true);
        await sleep(20);
      }
      assert.deepEqual(
        lost.map((l) => l.registration.taskManagerId),
        ['silent'],
      );
      assert.match(
        lost[0]?.reason ?? '',
        /TaskManager silent at te-silent sent no heartbeat for \d+ ms \(heartbeat.timeout 200 ms\)/,
      );
      const overview = await rm.describeResources();
      assert.deepEqual(
        overview.taskManagers.map((t) => t.id),
        ['beating'],
      );
      assert.equal(overview.slotsTotal, 2);
      assert.equal(await rm.heartbeatFromTaskManager('silent'), false);
    } finally {
      rm.stopHeartbeatChecks();
    }
  });
});
