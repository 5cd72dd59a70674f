import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  describeValue,
  isThenable,
  normalizeAsyncFunction,
  normalizeFlatMapFunction,
  normalizeKeySelector,
  normalizeMapFunction,
  normalizeProcessFunction,
  previewValue,
  promiseReturnedError,
} from './normalize.js';

describe('normalize', () => {
  it('turns key selectors into plain functions', () => {
    const plain = normalizeKeySelector((s: { id: number }) => s.id);
    assert.equal(plain({ id: 3 }), 3);
    const selector = {
      prefix: 'k',
      getKey(s: { id: number }) {
        return `${this.prefix}${s.id}`;
      },
    };
    const obj = normalizeKeySelector(selector);
    assert.equal(obj({ id: 4 }), 'k4');
    assert.throws(
      () => normalizeKeySelector('id' as never),
      /keyBy expects a function \(value\) or an object with a getKey\(value\) method, got "id"/,
    );
  });

  it('binds methods once and keeps the object as the rich function', () => {
    const fn = {
      n: 2,
      map(x: number) {
        return x * this.n;
      },
      open() {},
    };
    const normalized = normalizeMapFunction(fn);
    assert.equal(normalized.call(5), 10);
    assert.equal(normalized.rich, fn);
    assert.equal(normalizeMapFunction((x: number) => x).rich, undefined);
    assert.throws(
      () => normalizeFlatMapFunction(null as never),
      /flatMap expects a function \(value, out\) or an object with a flatMap\(value, out\) method, got null/,
    );
  });

  it('accepts a plain function as a process function', () => {
    const f = () => {};
    assert.equal(normalizeProcessFunction<{ processElement: () => void }>(f, 'process').processElement, f);
    assert.throws(
      () => normalizeProcessFunction({} as never, 'process'),
      /process expects an object with processElement methods; processElement missing/,
    );
  });

  it('splits async functions into invoke and timeout', async () => {
    const plain = normalizeAsyncFunction(async (x: number) => x + 1);
    assert.equal(await plain.invoke(1), 2);
    assert.equal(plain.timeout, undefined);
    const obj = normalizeAsyncFunction({ asyncInvoke: async (x: number) => x, timeout: (x: number) => -x });
    assert.equal(obj.timeout?.(3), -3);
  });

  it('recognises thenables cheaply and describes values', () => {
    const table: [unknown, boolean][] = [
      [Promise.resolve(1), true],
      // biome-ignore lint/suspicious/noThenProperty: a hand-made thenable is what this checks
      [{ then() {} }, true],
      // biome-ignore lint/suspicious/noThenProperty: a non-function then is not a thenable
      [{ then: 1 }, false],
      [null, false],
      [7, false],
      ['then', false],
    ];
    for (const [value, expected] of table) assert.equal(isThenable(value), expected);
    assert.equal(describeValue(undefined), 'undefined undefined');
    assert.equal(previewValue({ a: 1n }), '{"a":"1n"}');
    assert.match(
      promiseReturnedError('map function').message,
      /^map function returned a Promise: operators are synchronous; use AsyncDataStream\.orderedWait/,
    );
  });
});
