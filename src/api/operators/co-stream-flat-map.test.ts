import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CoStreamFlatMap } from './co-stream-flat-map.js';
import { harnessServices } from './harness-services.test.js';
import { TwoInputOperatorHarness } from './operator-harness.js';

describe('CoStreamFlatMap', () => {
  it('collects from one input and returns from the other, with input timestamps', () => {
    const op = new CoStreamFlatMap<string, number, string>({
      flatMap1(line, out) {
        for (const w of line.split(' ')) out.collect(w);
      },
      flatMap2: (n) => Array.from({ length: n }, (_, i) => `#${i}`),
    });
    const h = new TwoInputOperatorHarness(op, { services: harnessServices({ keyed: false }) }).open();
    h.processElement1('a b', 1);
    h.processElement2(2, 2);
    assert.deepEqual(h.output.records(), [
      { value: 'a', timestamp: 1 },
      { value: 'b', timestamp: 1 },
      { value: '#0', timestamp: 2 },
      { value: '#1', timestamp: 2 },
    ]);
  });

  it('rejects collecting and returning in one call', () => {
    const op = new CoStreamFlatMap<number, number, number>({
      flatMap1: (n) => [n],
      flatMap2(n, out) {
        out.collect(n);
        return [n];
      },
    });
    const h = new TwoInputOperatorHarness(op, { services: harnessServices({ keyed: false }) }).open();
    h.processElement1(1);
    assert.throws(() => h.processElement2(1), /flatMap2 of the co-flatMap function both called out\.collect/);
  });
});
