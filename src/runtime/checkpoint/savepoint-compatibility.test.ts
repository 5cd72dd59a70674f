import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckpointMetadata, OperatorStateMetadata } from './checkpoint-metadata.js';
import type { CompatibilityOptions, JobOperatorState } from './savepoint-compatibility.js';
import { checkCompatibility } from './savepoint-compatibility.js';

const A = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const B = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const COUNT = { name: 'count', keySchema: 'STRING', valueSchema: 'LONG' };

function savedOp(id: string, maxParallelism = 128): OperatorStateMetadata {
  return {
    operatorId: id,
    parallelism: 2,
    maxParallelism,
    states: [COUNT],
    subtasks: [{ subtaskIndex: 0, path: 'op-0', sizeBytes: 1 }],
  };
}

const savepoint: CheckpointMetadata = {
  kind: 'savepoint',
  jobId: 'j',
  checkpointId: 5,
  timestamp: 0,
  operators: [savedOp(A), savedOp(B, 256)],
};

function jobOp(id: string, overrides: Partial<JobOperatorState> = {}): JobOperatorState {
  return {
    operatorId: id,
    name: id === A ? 'counter' : 'summer',
    parallelism: 2,
    maxParallelism: id === A ? 128 : 256,
    maxParallelismConfigured: true,
    states: [COUNT],
    ...overrides,
  };
}

const table: {
  name: string;
  job: JobOperatorState[];
  options?: CompatibilityOptions;
  error?: RegExp;
  nonRestored?: string[];
  maxB?: number;
}[] = [
  { name: 'same job', job: [jobOp(A), jobOp(B)], nonRestored: [], maxB: 256 },
  { name: 'operator missing', job: [jobOp(A)], error: new RegExp(`operator ${B} .*allowNonRestoredState`) },
  {
    name: 'operator missing, allowNonRestoredState',
    job: [jobOp(A)],
    options: { allowNonRestoredState: true },
    nonRestored: [B],
  },
  { name: 'new operator in job', job: [jobOp(A), jobOp(B), jobOp('c'.repeat(32))], nonRestored: [], maxB: 256 },
  {
    name: 'max parallelism changed',
    job: [jobOp(A), jobOp(B, { maxParallelism: 512 })],
    error: /max parallelism of operator 'summer' \(b+\) changed from 256 in the savepoint to 512/,
  },
  {
    name: 'max parallelism not configured adopts the savepoint',
    job: [jobOp(A), jobOp(B, { maxParallelism: 128, maxParallelismConfigured: false })],
    nonRestored: [],
    maxB: 256,
  },
  {
    name: 'parallelism above the saved max parallelism',
    job: [jobOp(A, { parallelism: 200, maxParallelismConfigured: false }), jobOp(B)],
    error: /parallelism 200 of operator 'counter' .*exceeds the max parallelism 128/,
  },
  {
    name: 'value schema changed',
    job: [jobOp(A, { states: [{ ...COUNT, valueSchema: 'INT' }] }), jobOp(B)],
    error: /value type of state 'count' of operator 'counter' \(a+\) changed: savepoint has LONG, the job has INT/,
  },
  {
    name: 'key schema changed',
    job: [jobOp(A), jobOp(B, { states: [{ ...COUNT, keySchema: 'LONG' }] })],
    error: /key type of state 'count' of operator 'summer' .*savepoint has STRING, the job has LONG/,
  },
  {
    name: 'new state name starts empty',
    job: [jobOp(A, { states: [COUNT, { name: 'sum', valueSchema: 'DOUBLE' }] }), jobOp(B)],
    nonRestored: [],
    maxB: 256,
  },
];

describe('checkCompatibility', () => {
  for (const c of table) {
    it(c.name, () => {
      if (c.error !== undefined) {
        assert.throws(() => checkCompatibility(savepoint, c.job, c.options), c.error);
        return;
      }
      const result = checkCompatibility(savepoint, c.job, c.options);
      assert.deepEqual(result.nonRestoredOperators, c.nonRestored);
      if (c.maxB !== undefined) assert.equal(result.maxParallelism.get(B), c.maxB);
    });
  }
});
