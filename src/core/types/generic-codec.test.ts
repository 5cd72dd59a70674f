import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ByteReader, ByteWriter } from './bytes.js';
import { GenericCodec, registerType } from './generic-codec.js';

function encode(value: unknown, codec = new GenericCodec()): Uint8Array {
  const w = new ByteWriter(8);
  codec.encode(value, w);
  return w.toUint8Array();
}

function roundTrip(value: unknown): unknown {
  const codec = new GenericCodec();
  const bytes = encode(value, codec);
  const r = new ByteReader(bytes);
  const back = codec.decode(r);
  assert.equal(r.remaining, 0);
  return back;
}

class Account {
  constructor(
    public id: string,
    public balance: number,
  ) {}
  describe(): string {
    return `${this.id}:${this.balance}`;
  }
}
registerType(Account);

class Unregistered {
  x = 1;
}

describe('GenericCodec round trips', () => {
  const cases: Array<[string, unknown]> = [
    ['null', null],
    ['undefined', undefined],
    ['booleans', [true, false]],
    ['int32 edges', [0, 1, -1, 2 ** 31 - 1, -(2 ** 31)]],
    ['-0 stays -0', -0],
    ['floats and specials', [0.5, 2 ** 40, Number.NaN, Number.POSITIVE_INFINITY, -1e-300]],
    ['strings', ['', 'ascii', 'caf\u00e9 \u{1F600}']],
    ['bigints', [0n, -(2n ** 63n), 2n ** 63n - 1n, 2n ** 100n, -(3n ** 90n)]],
    ['nested arrays with holes as undefined', [[1, [2, [3]]], [], [undefined]]],
    ['plain objects', { a: 1, b: { c: 'x', d: [1, { e: null }] }, 'odd key': true }],
    ['null-prototype object comes back plain', Object.assign(Object.create(null) as object, { k: 1 })],
    [
      'Map with object keys',
      new Map<unknown, unknown>([
        ['a', 1],
        [{ k: 1 }, [2]],
      ]),
    ],
    ['Set', new Set<unknown>([1, 'two', null])],
    ['Date', new Date(1700000000123)],
    ['Uint8Array', Uint8Array.of(0, 1, 255)],
    [
      'array of same-shaped objects (shape references)',
      Array.from({ length: 5 }, (_, i) => ({ id: i, name: `n${i}` })),
    ],
    ['an empty key and an empty object', [{ '': 1 }, {}, { '': 2 }, { '': 3, a: 4 }]],
    ['keys holding the separator', [{ 'a\u0000b': 1 }, { 'a\u0000b': 2 }]],
    ['different shapes interleaved', [{ a: 1 }, { b: 2 }, { a: 3 }, { a: 1, b: 2 }, { b: 5 }]],
  ];
  for (const [name, value] of cases) {
    it(name, () => {
      const back = roundTrip(value);
      if (name.startsWith('null-prototype')) assert.deepEqual(back, { k: 1 });
      else assert.deepEqual(back, value);
    });
  }

  it('round-trips JSON-like values (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        assert.deepEqual(roundTrip(v), v);
      }),
    );
  });

  it('round-trips arbitrary nested values (property)', () => {
    const arb = fc.anything({
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: false,
      withTypedArray: false,
      withSparseArray: false,
      withObjectString: false,
      withBoxedValues: false,
    });
    // assert.deepEqual never equates two invalid Dates (NaN !== NaN), so those values are left out.
    fc.assert(
      fc.property(arb, (v) => {
        fc.pre(!hasInvalidDate(v));
        assert.deepEqual(roundTrip(v), v);
      }),
    );
  });

  it('keeps the prototype of registered classes', () => {
    const back = roundTrip([new Account('a-1', 10), { nested: new Account('a-2', 5) }]) as [
      Account,
      { nested: Account },
    ];
    assert.ok(back[0] instanceof Account);
    assert.equal(back[0].describe(), 'a-1:10');
    assert.equal(back[1].nested.describe(), 'a-2:5');
  });

  it('decodes a Buffer as a plain Uint8Array', () => {
    const back = roundTrip(Buffer.from('hi'));
    assert.deepEqual(back, Uint8Array.of(104, 105));
  });

  it('makes "__proto__" keys own properties, never prototypes', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as object;
    const back = roundTrip(value) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(back), Object.prototype);
    assert.deepEqual(Object.keys(back), ['__proto__', 'a']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('keeps "__proto__" safe when its shape recurs (no generated builder for it)', () => {
    const value = JSON.parse(
      '[{"__proto__": 1, "a": 1}, {"__proto__": 2, "a": 2}, {"__proto__": 3, "a": 3}]',
    ) as object[];
    const back = roundTrip(value) as object[];
    for (const o of back) assert.equal(Object.getPrototypeOf(o), Object.prototype);
    assert.deepEqual(back, value);
  });

  it('decodes the same shape across many records (cached and generated builders)', () => {
    const codec = new GenericCodec();
    for (let i = 0; i < 5; i++) {
      const value = { id: i, name: `n${i}`, nested: { id: -i } };
      assert.deepEqual(codec.decode(new ByteReader(encode(value, codec))), value);
    }
  });

  it('writes repeated shapes once per record', () => {
    const one = encode([{ alpha: 1, beta: 2 }]).length;
    const ten = encode(Array.from({ length: 10 }, () => ({ alpha: 1, beta: 2 }))).length;
    // each further object costs tag + shape ref + 2 x (tag + int32) = 12 bytes, not the names again
    assert.equal(ten - one, 9 * 12);
  });

  it('each record is self-contained (decodable alone and in any order)', () => {
    const codec = new GenericCodec();
    const a = encode([{ x: 1 }, { x: 2 }], codec);
    const b = encode([{ y: 1 }, { y: 2 }], codec);
    assert.deepEqual(codec.decode(new ByteReader(b)), [{ y: 1 }, { y: 2 }]);
    assert.deepEqual(codec.decode(new ByteReader(a)), [{ x: 1 }, { x: 2 }]);
  });
});

describe('GenericCodec errors', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    [
      'an unregistered class names it and the fixes',
      { items: [1, new Unregistered()] },
      /at \$\.items\[1\]: an instance of Unregistered cannot be encoded.*registerType\(Unregistered\).*Types\.POJO\(Unregistered/,
    ],
    ['a function', { f: function handler() {} }, /at \$\.f: a function \(handler\) cannot be encoded/],
    ['a symbol', [Symbol('s')], /at \$\[0\]: a symbol \(Symbol\(s\)\) cannot be encoded/],
    ['a class in a Map value', new Map([['k', new Unregistered()]]), /at \$\{k\}: an instance of Unregistered/],
    ['an unsupported built-in', { re: /x/ }, /at \$\.re: an instance of RegExp cannot be encoded/],
  ];
  for (const [name, value, pattern] of cases) {
    it(name, () =>
      assert.throws(
        () => encode(value),
        (e: unknown) => e instanceof TypeError && pattern.test(e.message),
      ),
    );
  }

  it('a cycle is reported, not a stack overflow', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    assert.throws(() => encode(a), /nesting deeper than 256 levels \(is there a cycle\?\)/);
  });

  it('decoding an unknown class or a bad tag says why', () => {
    const w = new ByteWriter();
    w.writeUint8(11); // CLASS
    w.writeString('Missing');
    assert.throws(
      () => new GenericCodec().decode(new ByteReader(w.toUint8Array())),
      /class "Missing": it is not registered in this worker.*registerType\(Missing\)/,
    );
    assert.throws(
      () => new GenericCodec().decode(new ByteReader(Uint8Array.of(200))),
      /200 is not a generic codec tag/,
    );
  });

  it('registerType rejects conflicting names', () => {
    class Account2 {}
    assert.throws(() => registerType(Account2, 'Account'), /another class is already registered as "Account"/);
    assert.throws(() => registerType(Account, 'Other'), /Account is already registered as "Account"/);
    registerType(Account); // idempotent
    assert.throws(() => registerType((() => class {})()), /this class has no name/);
  });
});

function hasInvalidDate(value: unknown): boolean {
  if (value instanceof Date) return Number.isNaN(value.getTime());
  if (value instanceof Map) return [...value].some(([k, v]) => hasInvalidDate(k) || hasInvalidDate(v));
  if (value instanceof Set || Array.isArray(value)) return [...value].some(hasInvalidDate);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasInvalidDate);
  return false;
}
