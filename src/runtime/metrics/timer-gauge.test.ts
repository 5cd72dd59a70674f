import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TimerGauge } from './timer-gauge.js';

function setup() {
  let now = 10_000;
  const gauge = new TimerGauge(() => now);
  return { gauge, advance: (ms: number) => (now += ms), now: () => now };
}

describe('TimerGauge', () => {
  it('reports milliseconds per second in the state over the last interval', () => {
    const { gauge, advance } = setup();
    gauge.markStart();
    advance(1000);
    gauge.markEnd();
    advance(4000);
    gauge.update();
    assert.equal(gauge.getValue(), 200); // 1 s of 5 s
    advance(5000);
    gauge.update();
    assert.equal(gauge.getValue(), 0);
  });

  it('counts an ongoing stretch up to the update, so a long idle period reports 1000', () => {
    const { gauge, advance } = setup();
    gauge.markStart();
    for (let i = 0; i < 3; i++) {
      advance(5000);
      gauge.update();
      assert.equal(gauge.getValue(), 1000);
    }
    assert.equal(gauge.getAccumulatedCount(), 15_000);
    assert.equal(gauge.isMeasuring(), true);
  });

  it('ignores a second markStart and a markEnd without a start', () => {
    const { gauge, advance } = setup();
    gauge.markEnd();
    gauge.markStart();
    advance(500);
    gauge.markStart();
    advance(500);
    gauge.markEnd();
    gauge.markEnd();
    assert.equal(gauge.getAccumulatedCount(), 1000);
  });

  it('normalises by the real time between updates and tracks the longest single stretch', () => {
    const { gauge, advance } = setup();
    gauge.markStart();
    advance(300);
    gauge.markEnd();
    advance(100);
    gauge.markStart();
    advance(600);
    gauge.markEnd();
    gauge.update(); // 900 ms in state of 1000 ms
    assert.equal(gauge.getValue(), 900);
    assert.equal(gauge.getMaxSingleMeasurement(), 600);
    advance(1000);
    gauge.update();
    assert.equal(gauge.getMaxSingleMeasurement(), 0);
  });
});
