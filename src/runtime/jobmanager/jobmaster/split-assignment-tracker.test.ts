import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SplitAssignmentTracker } from './split-assignment-tracker.js';

describe('SplitAssignmentTracker', () => {
  it('gives back what a subtask got after the restored checkpoint, and only once', () => {
    const t = new SplitAssignmentTracker();
    t.record(0, ['a']);
    t.record(1, ['b']);
    t.onSnapshot(1);
    t.record(1, ['c']);
    t.onSnapshot(2);
    t.record(1, ['d']);
    t.record(0, ['e']);
    assert.deepEqual(t.takeSince(1, 1), ['c', 'd']);
    assert.deepEqual(t.takeSince(1, 1), []);
    assert.deepEqual(t.takeSince(0, 1), ['e']);
  });

  it('restoring from no checkpoint gives back everything tracked', () => {
    const t = new SplitAssignmentTracker();
    t.record(0, ['a', 'b']);
    t.onSnapshot(5);
    t.record(0, ['c']);
    assert.deepEqual(t.takeSince(0, undefined), ['a', 'b', 'c']);
  });

  it('forgets assignments covered by the oldest restorable checkpoint', () => {
    const t = new SplitAssignmentTracker();
    t.record(0, ['a']);
    t.onSnapshot(1);
    t.record(0, ['b']);
    t.onSnapshot(2);
    t.record(0, ['c']);
    t.onSnapshot(3);
    t.forgetUpTo(2);
    // A restore from checkpoint 2 or later never needs 'a' or 'b'.
    assert.deepEqual(t.takeSince(0, undefined), ['c']);
  });

  it('an aborted checkpoint newer than the restored one still counts as after it', () => {
    const t = new SplitAssignmentTracker();
    t.onSnapshot(1);
    t.record(0, ['a']);
    t.onSnapshot(2); // aborted later
    t.record(0, ['b']);
    assert.deepEqual(t.takeSince(0, 1), ['a', 'b']);
  });

  it('ignores empty assignments', () => {
    const t = new SplitAssignmentTracker();
    t.record(3, []);
    t.onSnapshot(1);
    assert.deepEqual(t.takeSince(3, 0), []);
  });
});
