import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Clock, ManualProcessingTimeService, SystemProcessingTimeService } from './processing-time-service.js';

/** A fake OS clock: counts setTimeout calls and pending OS timers; `elapse` moves time and fires what is due. */
class FakeClock implements Clock {
  time = 1000;
  setTimeoutCalls = 0;
  private nextHandle = 1;
  readonly pending = new Map<number, { at: number; callback: () => void }>();

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, delayMs: number): unknown {
    this.setTimeoutCalls++;
    const handle = this.nextHandle++;
    this.pending.set(handle, { at: this.time + delayMs, callback });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  elapse(ms: number): void {
    this.time += ms;
    for (const [handle, { at, callback }] of [...this.pending]) {
      if (at <= this.time) {
        this.pending.delete(handle);
        callback();
      }
    }
  }
}

function systemService() {
  const clock = new FakeClock();
  const mailbox: (() => void)[] = [];
  const service = new SystemProcessingTimeService({ clock, schedule: (run) => mailbox.push(run) });
  const runMailbox = () => {
    while (mailbox.length > 0) mailbox.shift()?.();
  };
  return { clock, mailbox, service, runMailbox };
}

describe('SystemProcessingTimeService', () => {
  it('keeps exactly one OS timer, for the earliest callback', () => {
    const { clock, service, runMailbox } = systemService();
    const fired: number[] = [];
    for (let i = 0; i < 100; i++) service.registerTimer(2000 + i * 10, (t) => fired.push(t));
    assert.equal(clock.setTimeoutCalls, 1, 'later registrations do not touch the OS timer');
    assert.equal(clock.pending.size, 1);
    service.registerTimer(1500, (t) => fired.push(t));
    assert.equal(clock.pending.size, 1, 'an earlier head replaces the OS timer');
    assert.equal(clock.setTimeoutCalls, 2);
    for (let step = 0; step < 200; step++) {
      clock.elapse(10);
      runMailbox();
      assert.ok(clock.pending.size <= 1, 'never more than one OS timer');
    }
    assert.equal(fired.length, 101);
    assert.deepEqual(
      fired,
      fired.slice().sort((a, b) => a - b),
    );
    assert.equal(clock.pending.size, 0);
  });

  it('delivers callbacks through the mailbox hook, never from the OS timer directly', () => {
    const { clock, mailbox, service, runMailbox } = systemService();
    const fired: number[] = [];
    service.registerTimer(1005, (t) => fired.push(t));
    clock.elapse(5);
    assert.deepEqual(fired, [], 'at T itself nothing runs: Flink fires a timer for T once the clock is past T');
    clock.elapse(1);
    assert.deepEqual(fired, []);
    assert.equal(mailbox.length, 1);
    runMailbox();
    assert.deepEqual(fired, [1005]);
  });

  it('runs callbacks that became due while firing in the same mailbox run, and cancels', () => {
    const { clock, service, runMailbox } = systemService();
    const fired: string[] = [];
    service.registerTimer(1001, () => {
      fired.push('a');
      service.registerTimer(1002, () => fired.push('b'));
      service.registerTimer(9000, () => fired.push('late'));
    });
    const cancelled = service.registerTimer(1003, () => fired.push('cancelled'));
    cancelled.cancel();
    clock.elapse(10);
    runMailbox();
    assert.deepEqual(fired, ['a', 'b']);
    assert.equal(service.numRegistered(), 1);
    assert.equal(clock.pending.size, 1);
    service.quiesce();
    assert.equal(clock.pending.size, 0);
    service.registerTimer(1, () => fired.push('after quiesce')).cancel();
    clock.elapse(10);
    runMailbox();
    assert.deepEqual(fired, ['a', 'b']);
    assert.equal(clock.pending.size, 0);
    service.shutdown();
    assert.throws(() => service.registerTimer(1, () => {}), /shut down/);
  });

  it('clamps delays beyond what setTimeout supports and re-arms when woken early', () => {
    const { clock, service, runMailbox } = systemService();
    const fired: number[] = [];
    const farAway = clock.time + 2 ** 31 + 5000;
    service.registerTimer(farAway, (t) => fired.push(t));
    const [first] = [...clock.pending.values()];
    assert.equal(first.at - clock.time, 2 ** 31 - 1);
    clock.elapse(2 ** 31 - 1);
    runMailbox();
    assert.deepEqual(fired, []);
    assert.equal(clock.pending.size, 1);
    clock.elapse(6000);
    runMailbox();
    assert.deepEqual(fired, [farAway]);
  });
});

describe('ManualProcessingTimeService', () => {
  it('advanceTo fires due callbacks in time order, including ones they register', () => {
    const service = new ManualProcessingTimeService(0);
    const fired: string[] = [];
    service.registerTimer(30, (t) => fired.push(`c${t}`));
    service.registerTimer(10, (t) => {
      fired.push(`a${t}`);
      service.registerTimer(20, (u) => fired.push(`b${u}`));
      service.registerTimer(50, (u) => fired.push(`late${u}`));
    });
    service.registerTimer(10, (t) => fired.push(`a'${t}`));
    service.advanceTo(30);
    assert.deepEqual(fired, ['a10', "a'10", 'b20', 'c30']);
    assert.equal(service.getCurrentProcessingTime(), 30);
    assert.equal(service.numRegistered(), 1);
    service.advanceBy(20);
    assert.deepEqual(fired.at(-1), 'late50');
    assert.throws(() => service.advanceTo(10), /cannot go back/);
  });
});
