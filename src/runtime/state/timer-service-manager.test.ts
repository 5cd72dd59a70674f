import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InternalTimer, Triggerable } from '../../api/operators/timers.js';
import { assignToKeyGroup, KeyGroupRange } from '../../core/key-group.js';
import { MAX_WATERMARK } from '../../core/time.js';
import { HeapKeyedStateBackend } from './heap-keyed-state-backend.js';
import { ManualProcessingTimeService } from './processing-time-service.js';
import { TimerServiceManager } from './timer-service-manager.js';

const MAX_P = 128;

function setup(range = new KeyGroupRange(0, MAX_P - 1)) {
  const backend = new HeapKeyedStateBackend({ maxParallelism: MAX_P, keyGroupRange: range });
  const clock = new ManualProcessingTimeService(0);
  const manager = new TimerServiceManager({ processingTimeService: clock, keyGroupRange: range });
  return { backend, clock, manager };
}

/** Records what fired, as "service:kind:time:key:namespace". */
function recorder(name: string, log: string[]): Triggerable<unknown, unknown> {
  const line = (kind: string, t: InternalTimer<unknown, unknown>) =>
    `${name}:${kind}:${t.timestamp}:${JSON.stringify(t.key)}:${JSON.stringify(t.namespace)}`;
  return {
    onEventTime: (t) => log.push(line('event', t)),
    onProcessingTime: (t) => log.push(line('processing', t)),
  };
}

describe('TimerServiceManager', () => {
  it('returns one service per name and advances all of them', () => {
    const { backend, manager } = setup();
    const log: string[] = [];
    const windows = manager.getInternalTimerService('windows', recorder('windows', log), backend);
    const user = manager.getInternalTimerService('user', recorder('user', log), backend);
    assert.equal(manager.getInternalTimerService('windows', recorder('windows', log), backend), windows);
    backend.setCurrentKey('k');
    windows.registerEventTimeTimer({ start: 0, end: 10 }, 9);
    user.registerEventTimeTimer('VOID', 5);
    user.registerProcessingTimeTimer('VOID', 5);
    assert.equal(manager.numEventTimeTimers(), 2);
    assert.equal(manager.numProcessingTimeTimers(), 1);
    assert.equal(manager.advanceWatermark(20), true);
    assert.deepEqual(log, ['windows:event:9:"k":{"start":0,"end":10}', 'user:event:5:"k":"VOID"']);
    assert.throws(() => manager.advanceWatermark(30, 0), /budget must be at least 1/);
  });

  it('fires 1 M timers at end of input in slices, finishing only when all fired', () => {
    const { backend, manager } = setup();
    let fired = 0;
    let last = Number.NEGATIVE_INFINITY;
    const service = manager.getInternalTimerService<unknown, unknown>(
      'timers',
      {
        onEventTime(timer) {
          assert.ok(timer.timestamp >= last, 'fires in timestamp order');
          last = timer.timestamp;
          fired++;
        },
        onProcessingTime() {},
      },
      backend,
    );
    const total = 1_000_000;
    for (let i = 0; i < total; i++) {
      backend.setCurrentKey(i);
      service.registerEventTimeTimer('VOID', (i * 7919) % 100_000);
    }
    assert.equal(manager.numEventTimeTimers(), total);
    const slice = 10_000;
    let calls = 0;
    let done = false;
    while (!done) {
      const before = fired;
      done = manager.advanceWatermark(MAX_WATERMARK, slice);
      calls++;
      assert.ok(fired - before <= slice, 'a slice never fires more than its budget');
      if (!done) assert.equal(fired - before, slice);
    }
    assert.equal(fired, total);
    assert.equal(calls, total / slice, 'the last slice reports done: no timer <= watermark is left');
    assert.equal(manager.numEventTimeTimers(), 0);
  });

  it('shares one budget across services', () => {
    const { backend, manager } = setup();
    const log: string[] = [];
    const a = manager.getInternalTimerService('a', recorder('a', log), backend);
    const b = manager.getInternalTimerService('b', recorder('b', log), backend);
    backend.setCurrentKey('k');
    for (let t = 0; t < 3; t++) {
      a.registerEventTimeTimer('VOID', t);
      b.registerEventTimeTimer('VOID', t);
    }
    assert.equal(manager.advanceWatermark(10, 4), false);
    assert.equal(log.length, 4);
    assert.equal(manager.advanceWatermark(10, 4), true);
    assert.equal(log.length, 6);
  });

  it('snapshots and restores timers, keeping only the key groups a subtask owns', () => {
    const { backend, clock, manager } = setup();
    const log: string[] = [];
    const service = manager.getInternalTimerService('t', recorder('t', log), backend);
    const keys = Array.from({ length: 50 }, (_, i) => [i, `user-${i}`]);
    for (const key of keys) {
      backend.setCurrentKey(key);
      service.registerEventTimeTimer({ w: key[0] }, 100 + Number(key[0]));
      service.registerProcessingTimeTimer('VOID', 1000 + Number(key[0]));
    }
    const snapshot = manager.snapshotTimers();
    assert.equal(snapshot.get('t')?.eventTime.length, 50);

    // Rescale to two subtasks: each restores the whole old snapshot and keeps its own key groups.
    const ranges = [new KeyGroupRange(0, 63), new KeyGroupRange(64, 127)];
    const restoredLog: string[] = [];
    let restoredEvent = 0;
    for (const range of ranges) {
      const target = setup(range);
      target.manager.restoreTimers(snapshot);
      // Timers restored before the operator asks for its service still show up in snapshots.
      assert.equal(target.manager.snapshotTimers().get('t')?.eventTime.length !== undefined, true);
      const restored = target.manager.getInternalTimerService('t', recorder('t', restoredLog), target.backend);
      restoredEvent += restored.numEventTimeTimers();
      assert.equal(restored.numEventTimeTimers(), restored.numProcessingTimeTimers());
      for (const [, key] of snapshot.get('t')?.eventTime ?? []) {
        if (range.contains(assignToKeyGroup(key, MAX_P))) {
          target.backend.setCurrentKey(key);
          const keyIndex = (key as [number, string])[0];
          const before = restored.numEventTimeTimers();
          restored.registerEventTimeTimer({ w: keyIndex }, 100 + keyIndex);
          assert.equal(restored.numEventTimeTimers(), before, 'the restored timer deduplicates by value');
        }
      }
      target.clock.advanceTo(2000);
      restored.advanceWatermark(MAX_WATERMARK);
    }
    assert.equal(restoredEvent, 50);
    assert.equal(restoredLog.length, 100);

    // The original still fires everything itself.
    clock.advanceTo(2000);
    manager.advanceWatermark(MAX_WATERMARK);
    assert.equal(log.length, 100);
    assert.deepEqual(
      log.filter((l) => l.includes(':event:')).sort(),
      restoredLog.filter((l) => l.includes(':event:')).sort(),
    );
  });
});
