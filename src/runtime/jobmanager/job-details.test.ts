import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type ArchivedSubtask,
  aggregateVertexState,
  countTasksPerState,
  EXECUTION_STATES,
  type ExecutionState,
  summarizeVertex,
} from './job-details.js';

function states(...list: ExecutionState[]) {
  return list.map((state) => ({ state }));
}

describe('aggregateVertexState (Flink ExecutionJobVertex.getAggregateJobVertexState)', () => {
  const table: [ExecutionState[], ExecutionState][] = [
    [['RUNNING', 'FAILED', 'CANCELING'], 'FAILED'],
    [['RUNNING', 'CANCELING', 'CANCELED'], 'CANCELING'],
    [['RUNNING', 'CANCELED'], 'CANCELED'],
    [['RUNNING', 'INITIALIZING'], 'INITIALIZING'],
    [['DEPLOYING', 'RUNNING'], 'RUNNING'],
    [['FINISHED', 'FINISHED'], 'FINISHED'],
    [['FINISHED', 'DEPLOYING'], 'RUNNING'],
    [['CREATED', 'SCHEDULED', 'DEPLOYING'], 'CREATED'],
    [['RECONCILING'], 'CREATED'],
    [[], 'CREATED'],
  ];
  for (const [subtasks, expected] of table) {
    it(`[${subtasks.join(', ')}] → ${expected}`, () => {
      assert.equal(aggregateVertexState(countTasksPerState(states(...subtasks)), subtasks.length), expected);
    });
  }

  it('any FAILED subtask makes the vertex FAILED', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...EXECUTION_STATES), { minLength: 1 }), (list) => {
        const counts = countTasksPerState(states(...list, 'FAILED'));
        assert.equal(aggregateVertexState(counts, list.length + 1), 'FAILED');
      }),
    );
  });
});

describe('countTasksPerState', () => {
  it('lists every state in Flink order, zero when none', () => {
    const counts = countTasksPerState(states('RUNNING', 'RUNNING', 'FAILED'));
    assert.deepEqual(Object.keys(counts), [...EXECUTION_STATES]);
    assert.equal(counts.RUNNING, 2);
    assert.equal(counts.FAILED, 1);
    assert.equal(counts.CANCELING, 0);
  });
});

describe('summarizeVertex', () => {
  const subtask = (state: ExecutionState, startTime: number, endTime = -1): ArchivedSubtask => ({
    index: 0,
    state,
    attempt: 0,
    host: 'h',
    taskManagerId: 'tm',
    startTime,
    endTime,
    metrics: {},
  });

  it('takes the earliest start and, once all subtasks are terminal, the latest end', () => {
    assert.deepEqual(summarizeVertex([subtask('RUNNING', 20), subtask('FINISHED', 10, 50)]), {
      state: 'RUNNING',
      startTime: 10,
      endTime: -1,
    });
    assert.deepEqual(summarizeVertex([subtask('FINISHED', 20, 70), subtask('FINISHED', 10, 50)]), {
      state: 'FINISHED',
      startTime: 10,
      endTime: 70,
    });
  });

  it('reports -1 times before any subtask was deployed', () => {
    assert.deepEqual(summarizeVertex([subtask('CREATED', -1), subtask('SCHEDULED', -1)]), {
      state: 'CREATED',
      startTime: -1,
      endTime: -1,
    });
  });
});
