import assert from 'node:assert/strict';
import { test } from 'node:test';
import { murmur3x64Hash128, toHex } from './murmur3-128.js';

// Reference values of MurmurHash3_x64_128 with seed 0 (Guava's murmur3_128().hashBytes, Python's mmh3.hash_bytes).
const vectors: [string, string][] = [
  ['', '00000000000000000000000000000000'],
  ['hello', '029bbd41b3a7d8cb191dae486a901e5b'],
  ['The quick brown fox jumps over the lazy dog', '6c1b07bc7bbc4be347939ac4a93c437a'],
];

for (const [input, expected] of vectors) {
  test(`murmur3_128(${JSON.stringify(input)})`, () => {
    assert.equal(toHex(murmur3x64Hash128(new TextEncoder().encode(input))), expected);
  });
}

test('covers every tail length and more than one block without throwing or colliding', () => {
  const seen = new Set<string>();
  for (let length = 0; length <= 40; length++) {
    seen.add(toHex(murmur3x64Hash128(new Uint8Array(length).fill(7))));
  }
  assert.equal(seen.size, 41);
});
