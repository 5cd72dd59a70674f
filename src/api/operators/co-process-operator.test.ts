import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NO_TIMESTAMP } from '../../core/time.js';
import { OutputTag } from '../output-tag.js';
import { CoProcessOperator } from './co-process-operator.js';
import { harnessServices } from './harness-services.test.js';
import { TwoInputOperatorHarness } from './operator-harness.js';

describe('CoProcessOperator', () => {
  it('runs both inputs through one function with side outputs and the watermark', () => {
    const left = new OutputTag<string>('left');
    const op = new CoProcessOperator<string, number, string>({
      processElement1(value, ctx, out) {
        ctx.output(left, value);
        out.collect(`1:${value}@${ctx.timestamp()}`);
      },
      processElement2(value, ctx, out) {
        out.collect(`2:${value} wm=${ctx.timerService().currentWatermark()}`);
      },
    });
    const h = new TwoInputOperatorHarness(op, { services: harnessServices({ keyed: false }) }).open();
    h.processElement1('a', 3);
    h.processWatermark(4);
    h.processElement2(9);
    assert.deepEqual(h.output.records(), [
      { value: '1:a@3', timestamp: 3 },
      { value: '2:9 wm=4', timestamp: NO_TIMESTAMP },
    ]);
    assert.deepEqual(h.output.sideOutput(left), [{ value: 'a', timestamp: 3 }]);
    assert.deepEqual(h.output.watermarks(), [4]);
  });

  it('refuses timers (they need keyed inputs)', () => {
    const op = new CoProcessOperator<number, number, number>({
      processElement1(_v, ctx) {
        ctx.timerService().registerEventTimeTimer(1);
      },
      processElement2() {},
    });
    const h = new TwoInputOperatorHarness(op, { services: harnessServices({ keyed: false }) }).open();
    assert.throws(() => h.processElement1(1), /Setting timers is only supported on a keyed streams/);
  });
});
