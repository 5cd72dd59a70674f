import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ByteReader, ByteWriter } from './bytes.js';
import type { Codec } from './codec.js';
import type { TypeInformation } from './type-information.js';
import { type TypeOf, Types } from './types.js';

function roundTrip<T>(type: TypeInformation<T>, value: T): T {
  const codec = type.createCodec();
  const w = new ByteWriter(8);
  codec.encode(value, w);
  const r = new ByteReader(w.bytes, 0, w.length);
  const back = codec.decode(r);
  assert.equal(r.remaining, 0, `${type.describe()} left ${r.remaining} bytes unread`);
  return back;
}

function encodeError(type: TypeInformation<unknown>, value: unknown): string {
  const codec = type.createCodec() as Codec<unknown>;
  try {
    codec.encode(value, new ByteWriter());
  } catch (e) {
    assert.ok(e instanceof TypeError, `expected a TypeError, got ${String(e)}`);
    return e.message;
  }
  assert.fail(`encoding ${String(value)} as ${type.describe()} should have failed`);
}

// Compile-time checks: these lines fail `tsc` if inference regresses.
type Equals<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function expectType<_T extends true>(): void {}
const rowType = Types.ROW({ a: Types.INT, b: Types.STRING, c: Types.NULLABLE(Types.LONG) });
expectType<Equals<TypeOf<typeof rowType>, { a: number; b: string; c: number | null }>>();
const tupleType = Types.TUPLE([Types.STRING, Types.LONG_BIGINT, Types.LIST(Types.BOOLEAN)]);
expectType<Equals<TypeOf<typeof tupleType>, [string, bigint, boolean[]]>>();
const namedType = Types.ROW_NAMED(['x', 'y'], [Types.DOUBLE, Types.BYTES]);
expectType<Equals<TypeOf<typeof namedType>, { x: number; y: Uint8Array }>>();
const mapType = Types.MAP(Types.STRING, Types.INSTANT);
expectType<Equals<TypeOf<typeof mapType>, Map<string, Date>>>();

class Point {
  x = 0;
  y = 0;
  norm(): number {
    return Math.hypot(this.x, this.y);
  }
}
const pointType = Types.POJO(Point, { x: Types.DOUBLE, y: Types.DOUBLE });
expectType<Equals<TypeOf<typeof pointType>, Point>>();

describe('Types: scalar round trips', () => {
  const cases: Array<[TypeInformation<unknown>, fc.Arbitrary<unknown>]> = [
    [Types.STRING, fc.string({ unit: 'grapheme', maxLength: 200 })],
    [Types.BOOLEAN, fc.boolean()],
    [Types.BYTE, fc.integer({ min: -128, max: 127 })],
    [Types.SHORT, fc.integer({ min: -32768, max: 32767 })],
    [Types.INT, fc.integer()],
    [Types.LONG, fc.maxSafeInteger()],
    [Types.LONG_BIGINT, fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })],
    [Types.FLOAT, fc.double()],
    [Types.DOUBLE, fc.double()],
    [Types.INSTANT, fc.date({ noInvalidDate: true })],
    [Types.SQL_TIMESTAMP, fc.date({ noInvalidDate: true })],
    [Types.BYTES, fc.uint8Array({ maxLength: 300 })],
  ];
  for (const [type, arb] of cases) {
    it(`${type.describe()} round-trips (property)`, () => {
      fc.assert(fc.property(arb, (v) => assert.deepEqual(roundTrip(type, v), v)));
    });
  }
});

describe('Types: composite round trips', () => {
  const bid = Types.ROW({
    auction: Types.LONG,
    bidder: Types.LONG,
    price: Types.LONG,
    channel: Types.STRING,
    url: Types.STRING,
    dateTime: Types.LONG,
    extra: Types.NULLABLE(Types.STRING),
  });

  it('ROW round-trips as a plain object with fields in declaration order (property)', () => {
    const arb = fc.record(
      {
        auction: fc.maxSafeInteger(),
        bidder: fc.nat(),
        price: fc.nat(),
        channel: fc.string(),
        url: fc.webUrl(),
        dateTime: fc.integer({ min: 0, max: 2 ** 42 }),
        extra: fc.option(fc.string(), { nil: null }),
      },
      { noNullPrototype: true },
    );
    fc.assert(
      fc.property(arb, (v) => {
        const back = roundTrip(bid, v);
        assert.deepEqual(back, v);
        assert.deepEqual(Object.keys(back), Object.keys(v));
        assert.equal(Object.getPrototypeOf(back), Object.prototype);
      }),
    );
  });

  it('NULLABLE keeps null and undefined apart, in rows and alone', () => {
    const row = Types.ROW({ a: Types.NULLABLE(Types.INT), b: Types.NULLABLE(Types.STRING), c: Types.INT });
    assert.deepEqual(roundTrip(row, { a: null, b: undefined as unknown as null, c: 3 }), {
      a: null,
      b: undefined,
      c: 3,
    });
    assert.deepEqual(roundTrip(row, { a: 1, b: 'x', c: 3 }), { a: 1, b: 'x', c: 3 });
    const alone = Types.NULLABLE(Types.STRING);
    for (const v of [null, undefined, '', 'x']) assert.equal(roundTrip(alone, v as string | null), v);
  });

  it('a row with many NULLABLE fields spans several bitmap bytes', () => {
    const names = Array.from({ length: 11 }, (_, i) => `f${i}`);
    const row = Types.ROW_NAMED(
      names,
      names.map(() => Types.NULLABLE(Types.INT)),
    );
    const value = Object.fromEntries(names.map((n, i) => [n, i % 3 === 0 ? null : i % 3 === 1 ? undefined : i]));
    assert.deepEqual(roundTrip(row, value), value);
  });

  it('TUPLE, LIST, OBJECT_ARRAY and MAP round-trip (property)', () => {
    const type = Types.TUPLE([
      Types.STRING,
      Types.LIST(Types.INT),
      Types.OBJECT_ARRAY(Types.TUPLE([Types.BOOLEAN, Types.NULLABLE(Types.DOUBLE)])),
      Types.MAP(Types.STRING, Types.LIST(Types.LONG)),
    ]);
    const arb = fc.tuple(
      fc.string(),
      fc.array(fc.integer()),
      fc.array(fc.tuple(fc.boolean(), fc.option(fc.double(), { nil: null }))),
      fc.array(fc.tuple(fc.string(), fc.array(fc.maxSafeInteger()))).map((entries) => new Map(entries)),
    );
    fc.assert(fc.property(arb, (v) => assert.deepEqual(roundTrip(type, v), v)));
  });

  it('nested ROWs and ROW_NAMED describe and round-trip', () => {
    const person = Types.ROW_NAMED(['name', 'home address'], [Types.STRING, Types.ROW({ city: Types.STRING })]);
    assert.equal(person.describe(), 'ROW<name STRING, `home address` ROW<city STRING>>');
    const v = { name: 'Ada', 'home address': { city: 'London' } };
    assert.deepEqual(roundTrip(person, v), v);
  });

  it('POJO instances keep their prototype and methods', () => {
    const p = new Point();
    p.x = 3;
    p.y = 4;
    const back = roundTrip(pointType, p);
    assert.ok(back instanceof Point);
    assert.equal(back.norm(), 5);
    assert.equal(pointType.describe(), 'POJO<Point>{x DOUBLE, y DOUBLE}');
  });

  it('drops properties a ROW does not declare', () => {
    const row = Types.ROW({ a: Types.INT });
    assert.deepEqual(roundTrip(row, { a: 1, extra: 'x' } as { a: number }), { a: 1 });
  });

  it('GENERIC nested in a ROW', () => {
    const row = Types.ROW({ id: Types.INT, payload: Types.GENERIC() });
    const v = { id: 1, payload: { any: ['thing', 1.5, null, new Map([[1, 2]])] } };
    assert.deepEqual(roundTrip(row, v), v);
  });

  it('embeds a hand-written TypeInformation', () => {
    const upper: TypeInformation<string> = {
      kind: 'UPPER',
      describe: () => 'UPPER',
      createCodec: () => ({
        encode: (v, out) => out.writeString(v.toUpperCase()),
        decode: (inp) => inp.readString(),
      }),
    };
    const row = Types.ROW({ s: upper, n: Types.INT });
    assert.deepEqual(roundTrip(row, { s: 'abc', n: 1 }), { s: 'ABC', n: 1 });
    assert.equal(row.describe(), 'ROW<s UPPER, n INT>');
  });
});

describe('Types: encode errors name the field and the expected type', () => {
  const row = Types.ROW({
    id: Types.LONG,
    name: Types.STRING,
    tags: Types.LIST(Types.STRING),
    pos: Types.TUPLE([Types.INT, Types.INT]),
    at: Types.INSTANT,
  });
  const good = { id: 1, name: 'n', tags: ['a'], pos: [1, 2], at: new Date(0) };
  const cases: Array<[string, unknown, RegExp]> = [
    ['a wrong scalar', { ...good, id: '1' }, /field "id": expected LONG \(a safe integer number.*got string "1"/],
    ['a fractional LONG', { ...good, id: 1.5 }, /field "id": expected LONG.*got number 1.5/],
    ['a missing field', { ...good, name: undefined }, /field "name": expected STRING \(a string\), got undefined/],
    ['a list element', { ...good, tags: ['a', 2] }, /field "tags\[\]": expected STRING \(a string\), got number 2/],
    [
      'a tuple of the wrong length',
      { ...good, pos: [1] },
      /field "pos": expected TUPLE<INT, INT> \(an array of length 2\)/,
    ],
    ['a tuple element', { ...good, pos: [1, 2 ** 40] }, /field "pos\[1\]": expected INT/],
    ['a non-Date', { ...good, at: 0 }, /field "at": expected INSTANT \(a Date\), got number 0/],
    ['not an object', 'text', /Cannot encode the record: expected ROW<.*> \(an object\), got string "text"/],
    ['an array', [], /the record: expected ROW<.*got an array of length 0/],
  ];
  for (const [name, value, pattern] of cases) {
    it(name, () => assert.match(encodeError(row, value), pattern));
  }

  const scalars: Array<[TypeInformation<unknown>, unknown, RegExp]> = [
    [Types.BYTE, 128, /expected BYTE \(an integer in -128..127\), got number 128/],
    [Types.SHORT, -32769, /expected SHORT/],
    [Types.INT, 2 ** 31, /expected INT/],
    [Types.LONG, 2 ** 53, /expected LONG/],
    [Types.LONG_BIGINT, 2n ** 63n, /expected LONG_BIGINT \(a bigint within the signed 64-bit range\), got bigint/],
    [Types.LONG_BIGINT, 5, /got number 5/],
    [Types.BOOLEAN, 1, /expected BOOLEAN/],
    [Types.BYTES, [1, 2], /expected BYTES \(a Uint8Array\), got an array of length 2/],
    [Types.MAP(Types.STRING, Types.INT), { a: 1 }, /expected MAP<STRING, INT> \(a Map\), got a plain object/],
    [Types.NULLABLE(Types.INT), 'x', /expected INT/],
  ];
  for (const [type, value, pattern] of scalars) {
    it(`${type.describe()} rejects ${String(value)}`, () => assert.match(encodeError(type, value), pattern));
  }

  it('POJO rejects other classes and subclasses', () => {
    class Sub extends Point {}
    assert.match(encodeError(pointType, { x: 1, y: 2 }), /expected an instance of Point .* got a plain object/);
    assert.match(encodeError(pointType, new Sub()), /got an instance of Sub/);
  });

  it('rejects bad declarations', () => {
    assert.throws(() => Types.ROW_NAMED(['__proto__'], [Types.INT]), /"__proto__" cannot be a field name/);
    assert.throws(() => Types.ROW_NAMED(['a', 'a'], [Types.INT, Types.INT]), /field "a" is declared twice/);
    assert.throws(() => Types.ROW_NAMED(['a'], [Types.INT, Types.INT]), /1 field names but 2 field types/);
    assert.throws(() => Types.LIST(undefined as never), /Expected a TypeInformation/);
    assert.throws(() => Types.POJO({} as never, {} as never), /Types.POJO expects a class/);
  });
});

describe('Types: describe() is stable', () => {
  const table: Array<[TypeInformation<unknown>, string]> = [
    [Types.STRING, 'STRING'],
    [Types.LONG_BIGINT, 'LONG_BIGINT'],
    [Types.SQL_TIMESTAMP, 'SQL_TIMESTAMP'],
    [rowType, 'ROW<a INT, b STRING, c NULLABLE<LONG>>'],
    [tupleType, 'TUPLE<STRING, LONG_BIGINT, LIST<BOOLEAN>>'],
    [mapType, 'MAP<STRING, INSTANT>'],
    [Types.OBJECT_ARRAY(Types.BYTE), 'OBJECT_ARRAY<BYTE>'],
    [Types.GENERIC(), 'GENERIC'],
  ];
  for (const [type, expected] of table) {
    it(expected, () => {
      assert.equal(type.describe(), expected);
      assert.equal(type.kind, expected.replace(/<.*$/, ''));
    });
  }
});
