import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CoStreamMap } from './co-stream-map.js';
import { harnessServices } from './harness-services.test.js';
import { TwoInputOperatorHarness } from './operator-harness.js';

describe('CoStreamMap', () => {
  it('maps each input with its own function and keeps timestamps', () => {
    let opened = 0;
    const op = new CoStreamMap<number, string, string>({
      open: () => {
        opened++;
      },
      map1: (n) => `n${n}`,
      map2: (s) => `s${s}`,
    });
    const h = new TwoInputOperatorHarness(op, { services: harnessServices({ keyed: false }) }).open();
    h.processElement1(1, 10);
    h.processElement2('x', 20);
    h.processWatermark(15);
    assert.equal(opened, 1);
    assert.deepEqual(h.output.events, [
      { kind: 'record', value: 'n1', timestamp: 10 },
      { kind: 'record', value: 'sx', timestamp: 20 },
      { kind: 'watermark', watermark: 15 },
    ]);
  });

  it('rejects a missing method and a Promise result', () => {
    assert.throws(
      () => new CoStreamMap({ map1: (x: number) => x } as never),
      /connect\(\.\.\.\)\.map expects an object with map1, map2 methods; map2 missing/,
    );
    const op = new CoStreamMap<number, number, number>({ map1: (async (x: number) => x) as never, map2: (x) => x });
    const h = new TwoInputOperatorHarness(op, { services: harnessServices({ keyed: false }) }).open();
    assert.throws(() => h.processElement1(1), /map1 of the co-map function returned a Promise/);
  });
});
