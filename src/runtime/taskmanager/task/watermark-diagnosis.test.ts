import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { WatermarkOutputMultiplexer } from '../../../api/eventtime/watermark-output-multiplexer.js';
import { MIN_WATERMARK } from '../../../core/time.js';
import {
  decodeWatermarkMetrics,
  diagnoseInput,
  diagnoseSplits,
  encodeInput,
  encodeSplits,
  MAX_NAMED,
} from './watermark-diagnosis.js';
import { WatermarkValve } from './watermark-valve.js';

const ignore = { onWatermark: () => {}, onWatermarkStatus: () => {} };

describe('diagnoseInput', () => {
  it('names the slow channel as holding the input back and lists the idle one apart', () => {
    const valve = new WatermarkValve(3, ignore);
    valve.inputWatermark(5000, 0);
    valve.inputWatermark(2000, 1);
    valve.inputWatermark(9000, 2);
    valve.inputWatermarkStatus(true, 2);
    const d = diagnoseInput(1, valve);
    assert.deepEqual(d, {
      inputIndex: 1,
      numChannels: 3,
      watermark: 2000,
      lowest: [{ channel: 1, watermark: 2000 }],
      numLowest: 1,
      idle: [2],
      numIdle: 1,
    });
  });

  it('before any watermark every active channel is at the minimum; finished channels hold nothing back', () => {
    const valve = new WatermarkValve(3, ignore);
    valve.channelFinished(2);
    const d = diagnoseInput(2, valve);
    assert.equal(d.watermark, MIN_WATERMARK);
    assert.deepEqual(d.lowest, [
      { channel: 0, watermark: MIN_WATERMARK },
      { channel: 1, watermark: MIN_WATERMARK },
    ]);
  });

  it('all channels idle: nothing holds the input back', () => {
    const valve = new WatermarkValve(2, ignore);
    valve.inputWatermarkStatus(true, 0);
    valve.inputWatermarkStatus(true, 1);
    const d = diagnoseInput(1, valve);
    assert.deepEqual([d.lowest, d.numLowest, d.idle], [[], 0, [0, 1]]);
  });

  it(`names at most ${MAX_NAMED} channels but counts them all`, () => {
    const valve = new WatermarkValve(10, ignore);
    const d = diagnoseInput(1, valve);
    assert.equal(d.lowest.length, MAX_NAMED);
    assert.equal(d.numLowest, 10);
  });
});

describe('diagnoseSplits', () => {
  it('names the lagging split of a source and its idle splits', () => {
    const mux = new WatermarkOutputMultiplexer({ emitWatermark: () => {}, markIdle: () => {}, markActive: () => {} });
    for (const id of ['fast', 'slow', 'quiet']) mux.registerNewOutput(id);
    mux.getImmediateOutput('fast').emitWatermark(9999);
    mux.getImmediateOutput('slow').emitWatermark(2999);
    mux.getImmediateOutput('quiet').markIdle();
    assert.deepEqual(diagnoseSplits(mux.outputWatermarks()), {
      numSplits: 3,
      lowest: [{ splitId: 'slow', watermark: 2999 }],
      numLowest: 1,
      idle: ['quiet'],
      numIdle: 1,
    });
  });
});

describe('encode and decode through the flat metrics map', () => {
  it('round-trips inputs, splits (ids with dots) and operator watermarks', () => {
    const valve = new WatermarkValve(3, ignore);
    valve.inputWatermark(7, 0);
    valve.inputWatermark(3, 1);
    valve.inputWatermarkStatus(true, 2);
    const input = diagnoseInput(2, valve);
    const splits = diagnoseSplits([
      { id: 'topic.0', watermark: 5, idle: false },
      { id: 'topic.1', watermark: 1, idle: true },
    ]);
    const m: Record<string, number> = {
      currentInputWatermark: 3,
      'operator.0.currentInputWatermark': 3,
      'operator.0.currentOutputWatermark': 2,
    };
    encodeInput(input, m);
    encodeSplits(splits, m);
    assert.deepEqual(decodeWatermarkMetrics(m), {
      inputWatermark: 3,
      operators: [{ input: 3, output: 2 }],
      inputs: [input],
      splits,
    });
  });

  it('a task that has not reported watermarks decodes to undefined', () => {
    assert.equal(decodeWatermarkMetrics({ numRecordsIn: 1 }), undefined);
  });

  it('the lowest channel is never above any active channel (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.boolean()), { minLength: 1 }), (chs) => {
        const valve = new WatermarkValve(chs.length, ignore);
        chs.forEach(([wm, idle], c) => {
          valve.inputWatermark(wm, c);
          if (idle) valve.inputWatermarkStatus(true, c);
        });
        const d = diagnoseInput(1, valve);
        for (const l of d.lowest) {
          chs.forEach(([wm, idle]) => {
            if (!idle) assert.ok(l.watermark <= wm);
          });
        }
        assert.equal(d.numIdle, chs.filter(([, idle]) => idle).length);
      }),
    );
  });
});
