import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MeterView } from './meter-view.js';
import { SimpleCounter } from './simple-counter.js';

function manualClock(start = 0) {
  let now = start;
  return { clock: () => now, advance: (ms: number) => (now += ms) };
}

describe('MeterView', () => {
  it('reports events per second over the samples taken so far, then over the span', () => {
    const { clock, advance } = manualClock();
    const counter = new SimpleCounter();
    const meter = new MeterView(counter, { clock, timeSpanSeconds: 10, updateIntervalSeconds: 5 });
    assert.equal(meter.getRate(), 0);
    counter.inc(50);
    advance(5000);
    meter.update();
    assert.equal(meter.getRate(), 10);
    counter.inc(150);
    advance(5000);
    meter.update();
    assert.equal(meter.getRate(), 20); // 200 events over 10 s
    advance(5000);
    meter.update();
    assert.equal(meter.getRate(), 15); // the ring holds 10 s: 150 events between the 2nd and 3rd samples
    advance(5000);
    meter.update();
    assert.equal(meter.getRate(), 0);
  });

  it('counts markEvent() into its counter and rounds the span down to whole intervals like Flink', () => {
    const { clock, advance } = manualClock(1_000);
    const meter = new MeterView(undefined, { clock, timeSpanSeconds: 7, updateIntervalSeconds: 5 });
    meter.markEvent();
    meter.markEvent(9);
    assert.equal(meter.getCount(), 10);
    advance(5000);
    meter.update();
    assert.equal(meter.getRate(), 2);
    advance(5000);
    meter.update();
    assert.equal(meter.getRate(), 0, 'a 7 s span is one 5 s interval: only the newest pair counts');
  });

  it('rejects a span or interval that is not a positive number', () => {
    assert.throws(() => new MeterView(undefined, { timeSpanSeconds: 0 }), /timeSpanSeconds must be a positive number/);
    assert.throws(() => new MeterView(undefined, { updateIntervalSeconds: -1 }), /updateIntervalSeconds/);
  });
});
