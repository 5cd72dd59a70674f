import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimpleTimerService } from '../../api/operators/timer-services.js';
import type { InternalTimer, Triggerable } from '../../api/operators/timers.js';
import { ValueStateDescriptor } from '../../api/state/descriptors.js';
import { VOID_NAMESPACE } from '../../api/state/keyed-state-backend.js';
import { KeyGroupRange } from '../../core/key-group.js';
import { MIN_WATERMARK } from '../../core/time.js';
import { HeapKeyedStateBackend } from './heap-keyed-state-backend.js';
import { InternalTimerServiceImpl } from './internal-timer-service.js';
import { ManualProcessingTimeService } from './processing-time-service.js';

type Fired = [kind: 'event' | 'processing', time: number, key: unknown, namespace: unknown, currentKey: unknown];

function setup(onFire?: (timer: InternalTimer<unknown, unknown>, kind: 'event' | 'processing') => void) {
  const backend = new HeapKeyedStateBackend({ maxParallelism: 128, keyGroupRange: new KeyGroupRange(0, 127) });
  const clock = new ManualProcessingTimeService(0);
  const fired: Fired[] = [];
  const triggerable: Triggerable<unknown, unknown> = {
    onEventTime(timer) {
      fired.push(['event', timer.timestamp, timer.key, timer.namespace, backend.getCurrentKey()]);
      onFire?.(timer, 'event');
    },
    onProcessingTime(timer) {
      fired.push(['processing', timer.timestamp, timer.key, timer.namespace, backend.getCurrentKey()]);
      onFire?.(timer, 'processing');
    },
  };
  const service = new InternalTimerServiceImpl<unknown, unknown>('timers', backend, clock, triggerable);
  return { backend, clock, fired, service };
}

describe('InternalTimerServiceImpl', () => {
  it('fires event-time timers in order when the watermark passes them, with the key set', () => {
    const { backend, fired, service } = setup();
    const registrations: [unknown, number][] = [
      [['user', 1], 30],
      ['b', 10],
      [['user', 1], 10],
      ['b', 10],
      ['c', 20],
      ['c', 40],
    ];
    for (const [key, time] of registrations) {
      backend.setCurrentKey(key);
      service.registerEventTimeTimer(VOID_NAMESPACE, time);
    }
    assert.equal(service.numEventTimeTimers(), 5, 'duplicate (key, namespace, time) kept once');
    assert.equal(service.currentWatermark(), MIN_WATERMARK);
    backend.setCurrentKey('c');
    service.deleteEventTimeTimer(VOID_NAMESPACE, 20);
    assert.equal(service.advanceWatermark(30), true);
    assert.equal(service.currentWatermark(), 30);
    assert.deepEqual(
      fired.map(([kind, time, key, , current]) => [kind, time, key, current]),
      [
        ['event', 10, 'b', 'b'],
        ['event', 10, ['user', 1], ['user', 1]],
        ['event', 30, ['user', 1], ['user', 1]],
      ],
    );
    assert.equal(service.numEventTimeTimers(), 1);
  });

  it('lets a timer read and write its own key state', () => {
    const count = new ValueStateDescriptor<number>('count', { defaultValue: 0 });
    const { backend, service } = setup(() => {
      const state = backend.getState(count);
      state.update((state.value() ?? 0) + 100);
    });
    const state = backend.getState(count);
    for (const key of ['a', 'b']) {
      backend.setCurrentKey(key);
      state.update(1);
      service.registerEventTimeTimer(VOID_NAMESPACE, 5);
    }
    service.advanceWatermark(5);
    for (const key of ['a', 'b']) {
      backend.setCurrentKey(key);
      assert.equal(state.value(), 101);
    }
  });

  it('fires timers registered while firing for a time <= watermark in the same advance', () => {
    let chained = 0;
    const { backend, fired, service } = setup((timer) => {
      if (chained++ < 3) service.registerEventTimeTimer(timer.namespace, timer.timestamp + 1);
      if (timer.timestamp === 7) service.registerEventTimeTimer(timer.namespace, 100);
    });
    backend.setCurrentKey('k');
    service.registerEventTimeTimer('ns', 5);
    assert.equal(service.advanceWatermark(10), true);
    assert.deepEqual(
      fired.map(([, time]) => time),
      [5, 6, 7, 8],
    );
    assert.equal(service.numEventTimeTimers(), 1, 'the timer at 100 waits for a later watermark');
  });

  it('fires in slices: the budget bounds each call and false means call again', () => {
    const { backend, fired, service } = setup();
    for (let i = 0; i < 10; i++) {
      backend.setCurrentKey(i);
      service.registerEventTimeTimer(VOID_NAMESPACE, i);
    }
    const results: boolean[] = [];
    for (let calls = 0; calls < 10; calls++) {
      const done = service.advanceWatermark(100, 3);
      results.push(done);
      if (done) break;
    }
    assert.deepEqual(results, [false, false, false, true]);
    assert.equal(fired.length, 10);
    assert.equal(service.numFiredTimers, 10);
  });

  it('registers one processing-time callback for the earliest timer and re-registers as the head changes', () => {
    const { backend, clock, fired, service } = setup();
    backend.setCurrentKey('a');
    service.registerProcessingTimeTimer(VOID_NAMESPACE, 100);
    service.registerProcessingTimeTimer(VOID_NAMESPACE, 300);
    assert.equal(clock.numRegistered(), 1);
    backend.setCurrentKey('b');
    service.registerProcessingTimeTimer(VOID_NAMESPACE, 50);
    assert.equal(clock.numRegistered(), 1, 'the earlier head replaced the registration');
    service.registerProcessingTimeTimer(VOID_NAMESPACE, 100);
    clock.advanceTo(100);
    assert.deepEqual(
      fired.map(([kind, time, key, , current]) => [kind, time, key, current]),
      [
        ['processing', 50, 'b', 'b'],
        ['processing', 100, 'a', 'a'],
        ['processing', 100, 'b', 'b'],
      ],
    );
    assert.equal(clock.numRegistered(), 1, 'registered again for the timer at 300');
    backend.setCurrentKey('a');
    service.deleteProcessingTimeTimer(VOID_NAMESPACE, 300);
    clock.advanceTo(400);
    assert.equal(fired.length, 3);
    assert.equal(clock.numRegistered(), 0);
    assert.equal(service.currentProcessingTime(), 400);
  });

  it('rejects timers with no current key or no valid time', () => {
    const { backend, service } = setup();
    assert.throws(() => service.registerEventTimeTimer(VOID_NAMESPACE, 1), /no current key/);
    backend.setCurrentKey('a');
    assert.throws(() => service.registerEventTimeTimer(VOID_NAMESPACE, Number.NaN), /must be a number/);
  });
});

describe('SimpleTimerService', () => {
  it('maps the user-facing TimerService onto VOID_NAMESPACE timers', () => {
    const { backend, clock, fired, service } = setup();
    const timers = new SimpleTimerService(service);
    backend.setCurrentKey('k');
    timers.registerEventTimeTimer(10);
    timers.registerEventTimeTimer(20);
    timers.deleteEventTimeTimer(20);
    timers.registerProcessingTimeTimer(5);
    timers.registerProcessingTimeTimer(6);
    timers.deleteProcessingTimeTimer(6);
    clock.advanceTo(7);
    service.advanceWatermark(50);
    assert.deepEqual(
      fired.map(([kind, time, , namespace]) => [kind, time, namespace]),
      [
        ['processing', 5, VOID_NAMESPACE],
        ['event', 10, VOID_NAMESPACE],
      ],
    );
    assert.equal(timers.currentWatermark(), 50);
    assert.equal(timers.currentProcessingTime(), 7);
  });
});
