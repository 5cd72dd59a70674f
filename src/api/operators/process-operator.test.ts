import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NO_TIMESTAMP } from '../../core/time.js';
import type { Collector } from '../functions/functions.js';
import { ProcessFunction, type ProcessFunctionContext } from '../functions/process-functions.js';
import { OutputTag } from '../output-tag.js';
import { harnessServices } from './harness-services.test.js';
import { OneInputOperatorHarness } from './operator-harness.js';
import { ProcessOperator } from './process-operator.js';

const negatives = new OutputTag<number>('negatives');

class SplitSign extends ProcessFunction<number, number> {
  processElement(value: number, ctx: ProcessFunctionContext, out: Collector<number>): void {
    if (value < 0) ctx.output(negatives, value);
    else out.collect(value);
  }
}

function harness<I, O>(op: ProcessOperator<I, O>, startTime = 0) {
  return new OneInputOperatorHarness(op, { services: harnessServices({ keyed: false, startTime }) }).open();
}

describe('ProcessOperator', () => {
  it('emits to the main and side outputs with the record’s timestamp', () => {
    const h = harness(new ProcessOperator(new SplitSign()));
    h.processElement(1, 10);
    h.processElement(-2, 20);
    h.processElement(3);
    assert.deepEqual(h.output.records(), [
      { value: 1, timestamp: 10 },
      { value: 3, timestamp: NO_TIMESTAMP },
    ]);
    assert.deepEqual(h.output.sideOutput(negatives), [{ value: -2, timestamp: 20 }]);
  });

  it('exposes the timestamp, processing time and watermark; timers need a keyed stream', () => {
    const seen: unknown[] = [];
    const h = harness(
      new ProcessOperator<string, string>({
        processElement(value, ctx) {
          seen.push([
            value,
            ctx.timestamp(),
            ctx.timerService().currentProcessingTime(),
            ctx.timerService().currentWatermark(),
          ]);
          if (value === 'timer') ctx.timerService().registerProcessingTimeTimer(5);
        },
      }),
      1000,
    );
    h.processElement('a', 5);
    h.processWatermark(3);
    h.processElement('b');
    assert.deepEqual(seen, [
      ['a', 5, 1000, Number.NEGATIVE_INFINITY],
      ['b', undefined, 1000, 3],
    ]);
    assert.throws(() => h.processElement('timer'), /Setting timers is only supported on a keyed streams/);
  });

  it('accepts a plain function as processElement and rejects async ones', () => {
    const h = harness(new ProcessOperator((v: number, _ctx, out: Collector<number>) => out.collect(v + 1)));
    h.processElement(1, 1);
    assert.deepEqual(h.values(), [2]);
    const bad = harness(new ProcessOperator(async () => {}));
    assert.throws(() => bad.processElement(1), /processElement of the process function returned a Promise/);
  });

  it('uses keyed state only on a keyed stream (Flink’s message)', () => {
    const h = new OneInputOperatorHarness(
      new ProcessOperator({
        open(ctx) {
          ctx.getState({ kind: 'value', name: 'count' } as never);
        },
        processElement() {},
      }),
      { services: harnessServices({ keyed: false }) },
    );
    assert.throws(() => h.open(), {
      message: "Keyed state can only be used on a 'keyed stream', i.e., after a 'keyBy()' operation.",
    });
  });
});
