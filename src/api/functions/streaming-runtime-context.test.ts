import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyGroupRange } from '../../core/key-group.js';
import { HeapKeyedStateBackend } from '../../runtime/state/heap-keyed-state-backend.js';
import { RecordingMetricGroup } from '../operators/operator-harness.js';
import {
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../state/descriptors.js';
import type { TaskInfo } from './runtime-context.js';
import {
  createRuntimeContext,
  KEYED_STATE_WITHOUT_KEY_MESSAGE,
  StreamingRuntimeContext,
} from './streaming-runtime-context.js';

const info: TaskInfo = {
  taskName: 'Map',
  taskNameWithSubtasks: 'Map (2/4)#1',
  indexOfThisSubtask: 1,
  numberOfParallelSubtasks: 4,
  maxNumberOfParallelSubtasks: 128,
  attemptNumber: 1,
};

describe('StreamingRuntimeContext', () => {
  it('reports the task it runs in', () => {
    const ctx = createRuntimeContext(info, undefined, new RecordingMetricGroup(), 'job-1');
    assert.ok(ctx instanceof StreamingRuntimeContext);
    assert.equal(ctx.jobId, 'job-1');
    assert.deepEqual(
      [
        ctx.getTaskName(),
        ctx.getIndexOfThisSubtask(),
        ctx.getNumberOfParallelSubtasks(),
        ctx.getMaxNumberOfParallelSubtasks(),
        ctx.getAttemptNumber(),
      ],
      ['Map', 1, 4, 128, 1],
    );
    assert.equal(ctx.getTaskInfo().taskNameWithSubtasks, 'Map (2/4)#1');
    ctx.getMetricGroup().counter('seen').inc(2);
  });

  it('rejects keyed state on a non-keyed stream with Flink’s message', () => {
    const ctx = createRuntimeContext(info, undefined, new RecordingMetricGroup(), 'job');
    const getters = [
      () => ctx.getState(new ValueStateDescriptor('v')),
      () => ctx.getListState(new ListStateDescriptor('l')),
      () => ctx.getMapState(new MapStateDescriptor('m')),
      () => ctx.getReducingState(new ReducingStateDescriptor<number>('r', (a, b) => a + b)),
    ];
    for (const get of getters) assert.throws(get, { message: KEYED_STATE_WITHOUT_KEY_MESSAGE });
    assert.equal(
      KEYED_STATE_WITHOUT_KEY_MESSAGE,
      "Keyed state can only be used on a 'keyed stream', i.e., after a 'keyBy()' operation.",
    );
  });

  it('hands out keyed state scoped to the current key', () => {
    const backend = new HeapKeyedStateBackend({ maxParallelism: 128, keyGroupRange: new KeyGroupRange(0, 127) });
    const ctx = createRuntimeContext(info, backend, new RecordingMetricGroup(), 'job');
    const count = ctx.getState(new ValueStateDescriptor<number>('count'));
    backend.setCurrentKey('a');
    count.update(1);
    backend.setCurrentKey('b');
    assert.equal(count.value(), undefined);
    count.update(2);
    backend.setCurrentKey('a');
    assert.equal(count.value(), 1);
  });
});
