import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CheckpointFailureCounter,
  type CheckpointFailureReason,
  type CheckpointFailureVerdict,
  UNKNOWN_CHECKPOINT_ID,
} from './checkpoint-failure-counter.js';

type Event =
  | { readonly fail: number; readonly reason?: CheckpointFailureReason; readonly savepoint?: boolean }
  | { readonly succeed: number };

function run(tolerable: number, events: readonly Event[]): string[] {
  const counter = new CheckpointFailureCounter(tolerable);
  const out: string[] = [];
  for (const e of events) {
    if ('succeed' in e) {
      counter.onSuccess(e.succeed);
      out.push('ok');
    } else {
      out.push(describe_(counter.onFailure(e.fail, e.reason ?? 'CHECKPOINT_EXPIRED', e.savepoint)));
    }
  }
  return out;
}

function describe_(v: CheckpointFailureVerdict): string {
  switch (v.kind) {
    case 'ignored':
      return 'ignored';
    case 'tolerated':
      return `tolerated ${v.consecutiveFailures}`;
    case 'fail-job':
      return 'fail-job';
  }
}

describe('CheckpointFailureCounter', () => {
  const cases: { name: string; tolerable: number; events: Event[]; expected: string[] }[] = [
    { name: 'default 0: the first failure fails the job', tolerable: 0, events: [{ fail: 1 }], expected: ['fail-job'] },
    {
      name: 'tolerable 2: the third consecutive failure fails the job',
      tolerable: 2,
      events: [{ fail: 1 }, { fail: 2 }, { fail: 3 }],
      expected: ['tolerated 1', 'tolerated 2', 'fail-job'],
    },
    {
      name: 'a success resets the count',
      tolerable: 1,
      events: [{ fail: 1 }, { succeed: 2 }, { fail: 3 }, { fail: 4 }],
      expected: ['tolerated 1', 'ok', 'tolerated 1', 'fail-job'],
    },
    {
      name: 'a checkpoint counts once',
      tolerable: 1,
      events: [{ fail: 1 }, { fail: 1, reason: 'CHECKPOINT_DECLINED' }],
      expected: ['tolerated 1', 'ignored'],
    },
    {
      name: 'failures of checkpoints older than the last success are ignored',
      tolerable: 0,
      events: [{ succeed: 5 }, { fail: 4 }, { fail: 5 }],
      expected: ['ok', 'ignored', 'ignored'],
    },
    {
      name: 'an older success does not reset the count',
      tolerable: 1,
      events: [{ succeed: 5 }, { fail: 6 }, { succeed: 4 }, { fail: 7 }],
      expected: ['ok', 'tolerated 1', 'ok', 'fail-job'],
    },
    {
      name: 'reasons Flink does not count are ignored',
      tolerable: 0,
      events: [
        { fail: 1, reason: 'MINIMUM_TIME_BETWEEN_CHECKPOINTS' },
        { fail: 2, reason: 'TOO_MANY_CHECKPOINT_REQUESTS' },
        { fail: 3, reason: 'CHECKPOINT_SUBSUMED' },
        { fail: 4, reason: 'TASK_FAILURE' },
        { fail: 5, reason: 'IO_EXCEPTION' },
      ],
      expected: ['ignored', 'ignored', 'ignored', 'ignored', 'fail-job'],
    },
    {
      name: 'savepoint failures never count',
      tolerable: 0,
      events: [{ fail: 1, savepoint: true }],
      expected: ['ignored'],
    },
    {
      name: 'failures without a checkpoint id count every time',
      tolerable: 1,
      events: [{ fail: UNKNOWN_CHECKPOINT_ID }, { fail: UNKNOWN_CHECKPOINT_ID }],
      expected: ['tolerated 1', 'fail-job'],
    },
    {
      name: 'the count starts over after failing the job',
      tolerable: 0,
      events: [{ fail: 1 }, { fail: 2 }],
      expected: ['fail-job', 'fail-job'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(run(c.tolerable, c.events), c.expected));
  }

  it('the failure message names the option to raise', () => {
    const v = new CheckpointFailureCounter(0).onFailure(1, 'CHECKPOINT_EXPIRED');
    assert.equal(v.kind, 'fail-job');
    assert.match(v.kind === 'fail-job' ? v.message : '', /tolerable failure threshold.*tolerable-failed-checkpoints/);
  });

  it('rejects a negative tolerance', () => {
    assert.throws(() => new CheckpointFailureCounter(-1), /at least 0/);
  });
});
