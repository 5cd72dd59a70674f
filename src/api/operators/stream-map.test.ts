import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NO_TIMESTAMP } from '../../core/time.js';
import type { RuntimeContext } from '../functions/runtime-context.js';
import { harnessServices } from './harness-services.test.js';
import { OneInputOperatorHarness } from './operator-harness.js';
import { StreamMap } from './stream-map.js';

function harness<I, O>(op: StreamMap<I, O>) {
  return new OneInputOperatorHarness(op, { services: harnessServices({ keyed: false }) }).open();
}

describe('StreamMap', () => {
  it('maps each record and keeps its timestamp (or its lack of one)', () => {
    const h = harness(new StreamMap((x: number) => x * 10));
    h.processElement(1, 100);
    h.processElement(2);
    assert.deepEqual(h.output.records(), [
      { value: 10, timestamp: 100 },
      { value: 20, timestamp: NO_TIMESTAMP },
    ]);
  });

  it('accepts an object with map() and calls open(runtimeContext) and close()', () => {
    const calls: string[] = [];
    const fn = {
      factor: 3,
      open(ctx: RuntimeContext) {
        calls.push(`open ${ctx.getTaskName()} ${ctx.getIndexOfThisSubtask()}`);
      },
      map(x: number) {
        return x * this.factor;
      },
      close() {
        calls.push('close');
      },
    };
    const h = harness(new StreamMap(fn));
    h.processElement(2, 5);
    h.close();
    assert.deepEqual(h.values(), [6]);
    assert.deepEqual(calls, ['open test-operator 0', 'close']);
  });

  it('forwards watermarks and watermark status in order with records', () => {
    const h = harness(new StreamMap((s: string) => s.toUpperCase()));
    h.processElement('a', 1);
    h.processWatermark(5);
    h.processWatermarkStatus(true);
    assert.deepEqual(h.output.events, [
      { kind: 'record', value: 'A', timestamp: 1 },
      { kind: 'watermark', watermark: 5 },
      { kind: 'watermark-status', idle: true },
    ]);
  });

  it('rejects a map function that returns a Promise', () => {
    const h = harness(new StreamMap(async (x: number) => x));
    assert.throws(() => h.processElement(1, 1), {
      message:
        'map function returned a Promise: operators are synchronous; use AsyncDataStream.orderedWait for asynchronous calls',
    });
  });

  it('rejects something that is not a map function, naming what it got', () => {
    assert.throws(
      () => new StreamMap({ mapp: () => 1 } as never),
      /map expects a function \(value\) or an object with a map\(value\) method, got Object with keys \[mapp\]/,
    );
  });
});
