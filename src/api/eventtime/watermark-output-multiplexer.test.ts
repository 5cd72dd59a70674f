import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { RecordingWatermarkOutput } from './recording-watermark-output.test.js';
import { WatermarkOutputMultiplexer } from './watermark-output-multiplexer.js';

describe('WatermarkOutputMultiplexer', () => {
  it('emits the min over outputs, only when it advances', () => {
    const out = new RecordingWatermarkOutput();
    const m = new WatermarkOutputMultiplexer(out);
    m.registerNewOutput('a');
    m.registerNewOutput('b');
    const a = m.getImmediateOutput('a');
    const b = m.getImmediateOutput('b');
    a.emitWatermark(10);
    assert.deepEqual(out.take(), [], 'b has no watermark yet');
    b.emitWatermark(5);
    assert.deepEqual(out.take(), [5]);
    b.emitWatermark(20);
    assert.deepEqual(out.take(), [10]);
    a.emitWatermark(8);
    assert.deepEqual(out.take(), [], 'an output going back changes nothing');
  });

  it('leaves idle outputs out, and marks idle when all are idle', () => {
    const out = new RecordingWatermarkOutput();
    const m = new WatermarkOutputMultiplexer(out);
    m.registerNewOutput('a');
    m.registerNewOutput('b');
    const a = m.getImmediateOutput('a');
    const b = m.getImmediateOutput('b');
    a.emitWatermark(10);
    b.markIdle();
    assert.deepEqual(out.take(), [10], 'the idle split no longer holds back');
    a.markIdle();
    assert.deepEqual(out.take(), ['idle']);
    b.emitWatermark(4);
    assert.deepEqual(out.take(), [], 'active again but behind the combined watermark: nothing to emit');
    b.emitWatermark(12);
    assert.deepEqual(out.take(), [12]);
    assert.equal(m.isIdle, false);
  });

  it('combines deferred updates only on onPeriodicEmit', () => {
    const out = new RecordingWatermarkOutput();
    const m = new WatermarkOutputMultiplexer(out);
    m.registerNewOutput('a');
    m.registerNewOutput('b');
    m.getDeferredOutput('a').emitWatermark(3);
    m.getDeferredOutput('b').emitWatermark(7);
    assert.deepEqual(out.take(), []);
    m.onPeriodicEmit();
    assert.deepEqual(out.take(), [3]);
    m.getDeferredOutput('a').markIdle();
    m.onPeriodicEmit();
    assert.deepEqual(out.take(), [7]);
  });

  it('emits nothing without outputs, and rejects duplicate or unknown ids', () => {
    const out = new RecordingWatermarkOutput();
    const m = new WatermarkOutputMultiplexer(out);
    m.onPeriodicEmit();
    assert.deepEqual(out.take(), []);
    m.registerNewOutput('a');
    assert.throws(() => m.registerNewOutput('a'), /already registered for 'a'/);
    assert.throws(() => m.getImmediateOutput('zz'), /no output is registered for 'zz'/);
    assert.equal(m.unregisterOutput('a'), true);
    assert.equal(m.unregisterOutput('a'), false);
  });

  it('property: emitted watermarks increase and equal the min over active outputs at that moment', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('wm' as const), out: fc.nat(3), wm: fc.integer({ min: 0, max: 100 }) }),
      fc.record({ kind: fc.constant('idle' as const), out: fc.nat(3) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const out = new RecordingWatermarkOutput();
        const m = new WatermarkOutputMultiplexer(out);
        const wms = [-Infinity, -Infinity, -Infinity, -Infinity];
        const idle = [false, false, false, false];
        for (let i = 0; i < 4; i++) m.registerNewOutput(String(i));
        let last = -Infinity;
        for (const o of ops) {
          const output = m.getImmediateOutput(String(o.out));
          if (o.kind === 'wm') {
            output.emitWatermark(o.wm);
            wms[o.out] = Math.max(wms[o.out], o.wm);
            idle[o.out] = false;
          } else {
            output.markIdle();
            idle[o.out] = true;
          }
          for (const e of out.take()) {
            if (e === 'idle') {
              assert.ok(idle.every(Boolean));
              continue;
            }
            assert.equal(typeof e, 'number');
            assert.ok((e as number) > last);
            last = e as number;
            const active = wms.filter((_, i) => !idle[i]);
            assert.equal(e, Math.min(...active));
          }
        }
      }),
    );
  });
});
