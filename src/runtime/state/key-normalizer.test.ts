import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { denormalizeKey, normalizeKey, normalizeNamespace } from './key-normalizer.js';

/** Arbitrary supported keys: primitives and nested tuples/plain objects/Dates/bytes of them. */
const leaf = fc.oneof(
  fc.string(),
  fc.double({ noNaN: true }),
  fc.integer(),
  fc.bigInt(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.date({ noInvalidDate: true }),
  fc.uint8Array({ maxLength: 8 }),
);
const composite = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 4 }),
})).value;
const key = fc.oneof(
  fc.string(),
  fc.double({ noNaN: true }),
  fc.bigInt(),
  fc.boolean(),
  fc.array(composite, { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 4 }), composite, { maxKeys: 4 }),
  fc.date({ noInvalidDate: true }),
);

/** A deep copy that rebuilds every container (and turns -0 into 0, which keys treat as equal). */
function rebuild(value: unknown): unknown {
  if (value === 0) return 0;
  if (Array.isArray(value)) return value.map(rebuild);
  if (value instanceof Date) return new Date(value.getTime());
  if (value instanceof Uint8Array) return Uint8Array.from(value);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rebuild(v)]));
  }
  return value;
}

function sameKey(a: unknown, b: unknown): boolean {
  return normalizeKey(a) === normalizeKey(b);
}

describe('normalizeKey', () => {
  it('keeps primitives as themselves and keeps 1, "1" and 1n apart', () => {
    const table: [unknown, unknown][] = [
      ['a', 'a'],
      ['', ''],
      [1, 1],
      [1.5, 1.5],
      [-0, 0],
      [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY],
      [1n, 1n],
      [true, true],
      [false, false],
    ];
    for (const [input, expected] of table) assert.equal(normalizeKey(input), expected, String(input));
    const distinct = new Set([normalizeKey(1), normalizeKey('1'), normalizeKey(1n), normalizeKey(true)]);
    assert.equal(distinct.size, 4);
  });

  it('makes composite keys equal by value and different from look-alike strings', () => {
    const table: [unknown, unknown, boolean][] = [
      [[1, 'a'], [1, 'a'], true],
      [[1, 'a'], ['1', 'a'], false],
      [[1, 'a'], [1n, 'a'], false],
      [[1, ['x', null]], [1, ['x', null]], true],
      [[null], [undefined], false],
      [[], [[]], false],
      [['ab', 'c'], ['a', 'bc'], false],
      [{ a: 1, b: 'x' }, { a: 1, b: 'x' }, true],
      [{ a: 1 }, { b: 1 }, false],
      // Field order matters, as for Flink Rows (and as core/key-group.ts hashes objects).
      [{ a: 1, b: 2 }, { b: 2, a: 1 }, false],
      [new Date(5), new Date(5), true],
      [new Date(5), [5], false],
      [new Uint8Array([1, 2]), new Uint8Array([1, 2]), true],
      [new Uint8Array([1, 2]), [1, 2], false],
      [[-0], [0], true],
    ];
    for (const [a, b, equal] of table) assert.equal(sameKey(a, b), equal, `${String(a)} vs ${String(b)}`);
    const asString = normalizeKey([1, 'a']) as string;
    assert.notEqual(normalizeKey(asString), asString, 'a user string never collides with a composite encoding');
    assert.equal(denormalizeKey(normalizeKey(asString)), asString);
  });

  it('rejects unsupported keys with an error that names the key and the allowed kinds', () => {
    class Bid {
      constructor(readonly auction: number) {}
    }
    const table: [unknown, RegExp][] = [
      [null, /Unsupported key: null/],
      [undefined, /Unsupported key: undefined/],
      [Number.NaN, /NaN/],
      [[1, Number.NaN], /NaN/],
      [() => 1, /function/],
      [Symbol('s'), /Symbol\(s\)/],
      [new Bid(1), /instance of Bid/],
      [[new Map()], /instance of Map/],
      [new Date(Number.NaN), /invalid Date/],
    ];
    for (const [input, message] of table) {
      assert.throws(
        () => normalizeKey(input),
        (error: Error) => {
          assert.ok(error instanceof TypeError);
          assert.match(error.message, message);
          assert.match(error.message, /Allowed keys/);
          return true;
        },
      );
    }
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    assert.throws(() => normalizeKey(cyclic), /cyclic/);
  });

  it('property: equal-by-value keys normalize identically, and decode to an equal key', () => {
    fc.assert(
      fc.property(key, (k) => {
        const normalized = normalizeKey(k);
        assert.equal(normalizeKey(rebuild(k)), normalized);
        const decoded = denormalizeKey(normalized);
        assert.equal(normalizeKey(decoded), normalized);
      }),
      { numRuns: 500 },
    );
  });

  it('property: different keys never share a normalized form', () => {
    fc.assert(
      fc.property(key, key, (a, b) => {
        if (normalizeKey(a) === normalizeKey(b)) assert.deepEqual(rebuild(a), rebuild(b));
      }),
      { numRuns: 500 },
    );
  });

  it('decodes composite keys to values deep-equal to the original', () => {
    const table: unknown[] = [[1, 'a', [true, null]], { a: 1n, b: [new Date(7)] }, new Date(3), ['\u0000x', '']];
    for (const k of table) assert.deepEqual(denormalizeKey(normalizeKey(k)), k);
    assert.equal(denormalizeKey(normalizeKey('\u0000abc')), '\u0000abc');
  });
});

describe('normalizeNamespace', () => {
  class TimeWindow {
    constructor(
      readonly start: number,
      readonly end: number,
    ) {}
  }
  class KeyedWindow {
    constructor(readonly id: number) {}
    namespaceKey(): string {
      return `w${this.id}`;
    }
  }

  it('identifies class instances by value, or by namespaceKey() when they have one', () => {
    assert.equal(normalizeNamespace('VOID'), 'VOID');
    assert.equal(normalizeNamespace(new TimeWindow(0, 10)), normalizeNamespace(new TimeWindow(0, 10)));
    assert.notEqual(normalizeNamespace(new TimeWindow(0, 10)), normalizeNamespace(new TimeWindow(0, 20)));
    assert.notEqual(normalizeNamespace(new TimeWindow(0, 10)), normalizeNamespace({ start: 0, end: 10 }));
    assert.equal(normalizeNamespace(new KeyedWindow(3)), 'w3');
  });
});
