import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TwoInputStreamOperator } from '../../../api/operators/stream-operator.js';
import { attributeToOperator, OperatorHost, operatorOf } from './operator-host.js';
import { PendingEmissions } from './pending-emissions.js';

function twoInput() {
  const seen: Array<number | string> = [];
  const op: TwoInputStreamOperator<unknown, unknown, unknown> = {
    setup() {},
    open() {},
    finish() {},
    close() {},
    processElement1() {},
    processElement2() {},
    processWatermark: (wm) => seen.push(wm),
    processWatermarkStatus: (idle) => seen.push(idle ? 'IDLE' : 'ACTIVE'),
    endInput() {},
  };
  const host = new OperatorHost('co', op, 2, undefined, undefined, undefined, undefined, new PendingEmissions());
  return { host, seen };
}

test('a two-input operator sees the minimum of its inputs, and an idle input stops holding it back', () => {
  const { host, seen } = twoInput();
  host.processWatermark(10, 1);
  host.processWatermark(5, 2);
  assert.deepEqual(seen, [5]);
  host.processWatermarkStatus(true, 2); // input 2 idle: input 1 alone decides
  assert.deepEqual(seen, [5, 10]);
  host.processWatermark(20, 1);
  assert.deepEqual(seen, [5, 10, 20]);
  host.processWatermarkStatus(true, 1); // both idle: the operator goes idle
  host.processWatermarkStatus(false, 2);
  assert.deepEqual(seen, [5, 10, 20, 'IDLE', 'ACTIVE']);
  host.processWatermark(15, 2); // behind: the watermark never goes back
  host.processWatermark(30, 2);
  assert.deepEqual(seen, [5, 10, 20, 'IDLE', 'ACTIVE', 30]);
});

test('errors are attributed to the innermost operator they escaped from', () => {
  const error = new Error('boom');
  attributeToOperator(error, 'inner');
  attributeToOperator(error, 'outer');
  assert.equal(operatorOf(error), 'inner');
  assert.equal(operatorOf('not an object'), undefined);
});
