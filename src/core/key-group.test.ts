import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  assignKeyToParallelOperator,
  assignToKeyGroup,
  computeDefaultMaxParallelism,
  computeKeyGroupForKeyHash,
  computeKeyGroupRangeForOperatorIndex,
  computeOperatorIndexForKeyGroup,
  javaHashCode,
  KeyGroupRange,
  murmurHash,
} from './key-group.js';

// Expected values below were produced by running the same values through Java 17 (String/Long/Double/Arrays
// hashCode) and Flink's MathUtils.murmurHash and RowUtils.deepHashCodeRow semantics.
describe('javaHashCode', () => {
  const cases: Array<[string, unknown, number]> = [
    ['"hello"', 'hello', 99162322],
    ['""', '', 0],
    ['emoji (surrogate pair code units)', 'ok \u{1F600}', 107502119],
    ['"café"', 'caf\u00e9', 3045921],
    ['Integer 42', 42, 42],
    ['Integer -7', -7, -7],
    ['Integer MIN_VALUE', -2147483648, -2147483648],
    ['Integer MAX_VALUE', 2147483647, 2147483647],
    ['-0 as Integer 0', -0, 0],
    ['Long 2^40', 2 ** 40, 256],
    ['Long -2^40', -(2 ** 40), -256],
    ['Long 2^31', 2 ** 31, -2147483648],
    ['Long -2^31-1', -(2 ** 31) - 1, -2147483648],
    ['Long MAX_SAFE_INTEGER', Number.MAX_SAFE_INTEGER, -2097152],
    ['Long MIN_SAFE_INTEGER', Number.MIN_SAFE_INTEGER, -2097151],
    ['Double 1.5', 1.5, 1073217536],
    ['Double 0.1', 0.1, -1507852285],
    ['Double -0.1', -0.1, 639631363],
    ['Double NaN (canonical)', Number.NaN, 2146959360],
    ['Double Infinity', Number.POSITIVE_INFINITY, 2146435072],
    ['Double -Infinity', Number.NEGATIVE_INFINITY, -1048576],
    ['Double 2^60 (unsafe integer)', 2 ** 60, 1135607808],
    ['Double 1e300', 1e300, -164130400],
    ['bigint -1n', -1n, 0],
    ['bigint 2^40', 2n ** 40n, 256],
    ['bigint Long.MAX_VALUE', 2n ** 63n - 1n, -2147483648],
    ['bigint Long.MIN_VALUE', -(2n ** 63n), -2147483648],
    ['true', true, 1231],
    ['false', false, 1237],
    ['null', null, 0],
    ['undefined', undefined, 0],
    ['Tuple0 []', [], 0],
    ['Tuple2("a", 1)', ['a', 1], 3008],
    ['Tuple3("user-7", 42, true)', ['user-7', 42, true], -267691174],
    ['Tuple2(null, "x")', [null, 'x'], 120],
    ['Row.of("a", 1) from {a, b}', { a: 'a', b: 1 }, 4961],
    ['Row.of("a", null, 2.5)', { x: 'a', y: null, z: 2.5 }, 1074156798],
    ['byte[] {1, -56, -1}', Uint8Array.of(1, 200, 255), 29015],
    ['Date', new Date(1700000000123), -807048720],
    [
      'Map {k=1, j=true}',
      new Map<string, unknown>([
        ['k', 1],
        ['j', true],
      ]),
      1295,
    ],
    ['Set {a, b, 3}', new Set<unknown>(['a', 'b', 3]), 198],
    ['object with hashCode()', { hashCode: () => 2 ** 32 + 5 }, 5],
  ];
  for (const [name, key, expected] of cases) {
    it(`${name} -> ${expected}`, () => assert.equal(javaHashCode(key), expected));
  }

  it('matches Long.hashCode computed with BigInt for every safe integer (property)', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (v) => {
        const big = BigInt.asIntN(64, BigInt(v));
        const expected = (v | 0) === v ? v : Number(BigInt.asIntN(32, big ^ (big >> 32n)));
        assert.equal(javaHashCode(v), expected);
        if ((v | 0) !== v) assert.equal(javaHashCode(BigInt(v)), expected);
      }),
    );
  });

  it('ignores field names for objects and follows key order', () => {
    assert.equal(javaHashCode({ p: 'a', q: 1 }), javaHashCode({ a: 'a', b: 1 }));
    assert.notEqual(javaHashCode({ b: 1, a: 'a' }), javaHashCode({ a: 'a', b: 1 }));
  });

  it('rejects functions, symbols and bigints outside a Java long', () => {
    assert.throws(() => javaHashCode(() => 1), /a function cannot be a key/);
    assert.throws(() => javaHashCode(Symbol('s')), /a symbol cannot be a key/);
    assert.throws(() => javaHashCode(2n ** 63n), /does not fit a Java long/);
  });
});

/** A slow reference of Flink's murmurHash over BigInt, written independently of the fast one. */
function murmurReference(code: number): number {
  const u32 = (x: bigint) => BigInt.asUintN(32, x);
  const rotl = (x: bigint, r: bigint) => u32((x << r) | (x >> (32n - r)));
  let h = u32(BigInt(code));
  h = u32(h * 0xcc9e2d51n);
  h = rotl(h, 15n);
  h = u32(h * 0x1b873593n);
  h = rotl(h, 13n);
  h = u32(h * 5n + 0xe6546b64n);
  h ^= 4n;
  h ^= h >> 16n;
  h = u32(h * 0x85ebca6bn);
  h ^= h >> 13n;
  h = u32(h * 0xc2b2ae35n);
  h ^= h >> 16n;
  const signed = BigInt.asIntN(32, h);
  if (signed >= 0n) return Number(signed);
  return signed === -(2n ** 31n) ? 0 : Number(-signed);
}

describe('murmurHash', () => {
  const known: Array<[number, number]> = [
    [0, 593689054],
    [1, 68075478],
    [-1, 1982413648],
    [42, 1134849565],
    [99162322, 1715862179],
    [-2147483648, 1718298732],
    [2147483647, 1653689534],
    [1231, 1090530765],
    [1237, 1530821891],
    [123456789, 1088346449],
  ];
  for (const [input, expected] of known) {
    it(`murmurHash(${input}) = ${expected}`, () => {
      assert.equal(murmurHash(input), expected);
      assert.equal(murmurReference(input), expected);
    });
  }

  it('equals the BigInt reference and is non-negative for every int32 (property)', () => {
    fc.assert(
      fc.property(fc.integer(), (code) => {
        const h = murmurHash(code);
        assert.equal(h, murmurReference(code));
        assert.ok(h >= 0 && h <= 2147483647);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('key groups and subtasks', () => {
  const keyGroups: Array<[unknown, number, number]> = [
    ['hello', 128, 35],
    ['hello', 32768, 31395],
    ['', 128, 94],
    ['a', 32768, 19409],
    ['user-1', 128, 121],
    ['user-2', 128, 22],
    ['auction-1001', 32768, 12921],
    [0, 128, 94],
    [2, 128, 127],
    [4, 128, 7],
    [2 ** 40, 128, 54],
    [5_000_000_000, 128, 124],
  ];
  for (const [key, maxP, expected] of keyGroups) {
    it(`assignToKeyGroup(${JSON.stringify(key)}, ${maxP}) = ${expected}`, () => {
      assert.equal(assignToKeyGroup(key, maxP), expected);
      assert.equal(computeKeyGroupForKeyHash(javaHashCode(key), maxP), expected);
    });
  }

  it('routes keys to subtasks by kg * p / maxP', () => {
    assert.equal(computeOperatorIndexForKeyGroup(128, 4, 35), 1);
    assert.equal(computeOperatorIndexForKeyGroup(128, 3, 127), 2);
    assert.equal(assignKeyToParallelOperator('hello', 128, 4), 1);
    assert.equal(assignKeyToParallelOperator('user-1', 128, 2), 1);
  });

  it('rejects null keys and a bad maxParallelism', () => {
    assert.throws(() => assignToKeyGroup(null, 128), /key selector returned null/);
    assert.throws(() => assignKeyToParallelOperator(undefined, 128, 1), /returned undefined/);
    assert.throws(() => assignToKeyGroup('k', 0), /maxParallelism must be an integer in 1\.\.32768, got 0/);
    assert.throws(() => computeKeyGroupForKeyHash(1, 40000), /maxParallelism must be an integer in 1\.\.32768/);
  });
});

describe('computeDefaultMaxParallelism', () => {
  const table: Array<[number, number]> = [
    [1, 128],
    [2, 128],
    [85, 128],
    [86, 256],
    [100, 256],
    [171, 256],
    [172, 512],
    [1000, 2048],
    [21845, 32768],
    [30000, 32768],
    [32768, 32768],
  ];
  for (const [p, expected] of table) {
    it(`p=${p} -> ${expected}`, () => assert.equal(computeDefaultMaxParallelism(p), expected));
  }
  it('rejects out-of-range parallelism', () => {
    assert.throws(() => computeDefaultMaxParallelism(0), /parallelism must be an integer in 1\.\.32768, got 0/);
    assert.throws(() => computeDefaultMaxParallelism(32769), /got 32769/);
    assert.throws(() => computeDefaultMaxParallelism(1.5), /got 1.5/);
  });
});

describe('KeyGroupRange', () => {
  it('has Flink semantics for bounds, size, contains, intersection and EMPTY', () => {
    const r = new KeyGroupRange(10, 19);
    assert.equal(r.numberOfKeyGroups, 10);
    assert.ok(r.contains(10) && r.contains(19) && !r.contains(20) && !r.contains(9));
    assert.equal(KeyGroupRange.EMPTY.numberOfKeyGroups, 0);
    assert.ok(!KeyGroupRange.EMPTY.contains(0));
    assert.ok(r.intersection(new KeyGroupRange(15, 30)).equals(new KeyGroupRange(15, 19)));
    assert.equal(r.intersection(new KeyGroupRange(20, 30)), KeyGroupRange.EMPTY);
    assert.deepEqual([...new KeyGroupRange(3, 5)], [3, 4, 5]);
    assert.equal(String(r), 'KeyGroupRange{startKeyGroup=10, endKeyGroup=19}');
    assert.throws(() => new KeyGroupRange(5, 3), /end 3 is before start 5/);
    assert.throws(() => new KeyGroupRange(-1, 3), /non-negative integers/);
  });

  it('computes Flink ranges for known cases', () => {
    const ranges = [0, 1, 2].map((i) => computeKeyGroupRangeForOperatorIndex(128, 3, i));
    assert.deepEqual(
      ranges.map((r) => [r.startKeyGroup, r.endKeyGroup]),
      [
        [0, 42],
        [43, 85],
        [86, 127],
      ],
    );
  });

  it('validates its arguments with clear messages', () => {
    assert.throws(
      () => computeKeyGroupRangeForOperatorIndex(4, 8, 0),
      /maxParallelism \(4\) must not be smaller than parallelism \(8\)/,
    );
    assert.throws(
      () => computeKeyGroupRangeForOperatorIndex(0, 1, 0),
      /maxParallelism must be an integer in 1\.\.32768/,
    );
    assert.throws(
      () => computeKeyGroupRangeForOperatorIndex(128, 4, 4),
      /operatorIndex must be an integer in 0\.\.3, got 4/,
    );
  });

  it('ranges partition 0..maxP-1 contiguously and agree with computeOperatorIndexForKeyGroup (property)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 32768 })
          .chain((maxP) => fc.tuple(fc.constant(maxP), fc.integer({ min: 1, max: maxP }))),
        ([maxP, p]) => {
          let next = 0;
          for (let i = 0; i < p; i++) {
            const r = computeKeyGroupRangeForOperatorIndex(maxP, p, i);
            assert.equal(r.startKeyGroup, next);
            assert.ok(r.numberOfKeyGroups >= 1);
            assert.equal(computeOperatorIndexForKeyGroup(maxP, p, r.startKeyGroup), i);
            assert.equal(computeOperatorIndexForKeyGroup(maxP, p, r.endKeyGroup), i);
            next = r.endKeyGroup + 1;
          }
          assert.equal(next, maxP);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('partitions exhaustively for every p in 1..maxP at maxP = 128', () => {
    for (let p = 1; p <= 128; p++) {
      const owner = new Array<number>(128).fill(-1);
      for (let i = 0; i < p; i++) {
        for (const kg of computeKeyGroupRangeForOperatorIndex(128, p, i)) {
          assert.equal(owner[kg], -1, `key group ${kg} owned twice at p=${p}`);
          owner[kg] = i;
          assert.equal(computeOperatorIndexForKeyGroup(128, p, kg), i);
        }
      }
      assert.ok(
        owner.every((o) => o >= 0),
        `p=${p} left key groups unowned`,
      );
    }
  });
});
