import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WatermarkValve } from './watermark-valve.js';

function valve(channels: number) {
  const out: Array<number | string> = [];
  const v = new WatermarkValve(channels, {
    onWatermark: (wm) => out.push(wm),
    onWatermarkStatus: (idle) => out.push(idle ? 'IDLE' : 'ACTIVE'),
  });
  return { v, out };
}

test('the input watermark is the minimum over channels and only moves forward', () => {
  const { v, out } = valve(2);
  v.inputWatermark(10, 0);
  assert.deepEqual(out, []);
  v.inputWatermark(5, 1);
  v.inputWatermark(20, 1);
  v.inputWatermark(8, 0);
  assert.deepEqual(out, [5, 10]);
});

test('an idle channel does not hold the input back and rejoins only once caught up', () => {
  const { v, out } = valve(2);
  v.inputWatermark(3, 0);
  v.inputWatermark(3, 1);
  v.inputWatermarkStatus(true, 1);
  v.inputWatermark(10, 0);
  assert.deepEqual(out, [3, 10]);
  v.inputWatermarkStatus(false, 1);
  v.inputWatermark(7, 1); // behind the emitted 10: not aligned, so it cannot hold the input back
  v.inputWatermark(15, 0);
  assert.deepEqual(out, [3, 10, 15]);
  v.inputWatermark(16, 1); // caught up: counts again
  v.inputWatermark(30, 0);
  assert.deepEqual(out, [3, 10, 15, 16]);
});

test('all channels idle emits the highest watermark and goes idle; activity ends it', () => {
  const { v, out } = valve(2);
  v.inputWatermark(4, 0);
  v.inputWatermark(9, 1);
  v.inputWatermarkStatus(true, 0);
  v.inputWatermarkStatus(true, 1);
  v.inputWatermarkStatus(false, 0);
  assert.deepEqual(out, [4, 9, 'IDLE', 'ACTIVE']);
});

test('a finished channel stops holding the watermark back', () => {
  const { v, out } = valve(2);
  v.inputWatermark(5, 0);
  v.channelFinished(1);
  v.inputWatermark(6, 0);
  assert.deepEqual(out, [6]);
});
