import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type HeartbeatClock, HeartbeatMonitor } from './heartbeat-monitor.js';

function manualClock(): HeartbeatClock & { time: number; ticker: (() => void) | undefined } {
  const clock = {
    time: 0,
    ticker: undefined as (() => void) | undefined,
    now: () => clock.time,
    setInterval: (fn: () => void) => {
      clock.ticker = fn;
      return 1;
    },
    clearInterval: () => {
      clock.ticker = undefined;
    },
  };
  return clock;
}

test('sends a heartbeat every interval and times out once after silence', () => {
  const clock = manualClock();
  let sent = 0;
  const timeouts: number[] = [];
  const monitor = new HeartbeatMonitor(
    { intervalMs: 100, timeoutMs: 500 },
    () => sent++,
    (s) => timeouts.push(s),
    clock,
  );
  monitor.start();
  assert.equal(sent, 1, 'start sends one heartbeat right away');
  for (const t of [50, 100, 150, 200, 300]) {
    clock.time = t;
    monitor.tick();
  }
  assert.equal(sent, 4);
  clock.time = 499;
  monitor.tick();
  assert.deepEqual(timeouts, []);
  clock.time = 500;
  monitor.tick();
  assert.deepEqual(timeouts, [500]);
  assert.equal(monitor.isRunning, false);
  assert.equal(clock.ticker, undefined, 'the timer is cleared after a timeout');
  clock.time = 10_000;
  monitor.tick();
  assert.equal(timeouts.length, 1, 'a timeout is reported only once');
});

test('anything received from the peer postpones the timeout', () => {
  const clock = manualClock();
  let timedOut = false;
  const monitor = new HeartbeatMonitor(
    { intervalMs: 10, timeoutMs: 50 },
    () => {},
    () => {
      timedOut = true;
    },
    clock,
  );
  monitor.start();
  for (let t = 10; t <= 1000; t += 10) {
    clock.time = t;
    if (t % 40 === 0) monitor.received();
    clock.ticker?.();
  }
  assert.equal(timedOut, false);
  monitor.stop();
});

test('rejects a timeout not larger than the interval', () => {
  assert.throws(
    () =>
      new HeartbeatMonitor(
        { intervalMs: 100, timeoutMs: 100 },
        () => {},
        () => {},
      ),
    /timeout larger than the interval/,
  );
});
