import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { murmur3x64Hash128, toHex } from './murmur3-128.js';
import type { StreamGraph } from './stream-graph.js';
import { generateStreamGraph } from './stream-graph-generator.js';
import { TestingTransformations } from './testing-transformations.js';

function ids(program: (t: TestingTransformations) => void, chainingEnabled = true): Map<string, string> {
  const t = new TestingTransformations();
  program(t);
  const g: StreamGraph = generateStreamGraph(t.all, { jobName: 'j', defaultParallelism: 2, chainingEnabled });
  return new Map([...g.nodes.values()].map((n) => [n.name, n.operatorId]));
}

const wordCount = (t: TestingTransformations) =>
  t.sink(t.map(t.keyBy(t.map(t.source(), 'Flat Map')), 'Keyed Aggregation'));

describe('operator ids (StreamGraphHasherV2)', () => {
  test('match the ids Flink gives the same topology', () => {
    // Flink's WordCount plan shows these vertex ids: the source chain and the keyed aggregation chain.
    const got = ids(wordCount);
    assert.equal(got.get('Source: numbers'), 'cbc357ccb763df2852fee8c4fc7d55f2');
    assert.equal(got.get('Keyed Aggregation'), '90bea66de1c231edf33913ecd54406c1');
    // A source that chains to nothing (Flink's usual id for a lone source vertex).
    assert.equal(ids((t) => t.sink(t.keyBy(t.source()))).get('Source: numbers'), 'bc764cd8ddf7a0cff126f51c16239658');
  });

  test('are stable across two generations of identically built programs', () => {
    assert.deepEqual(ids(wordCount), ids(wordCount));
  });

  test('with uid(): murmur3_128 of the uid, independent of position', () => {
    const expected = toHex(murmur3x64Hash128(new TextEncoder().encode('agg')));
    const plain = ids((t) => t.sink(t.map(t.keyBy(t.source()), 'Agg', { uid: 'agg' })));
    const shifted = ids((t) => t.sink(t.map(t.keyBy(t.map(t.map(t.source()))), 'Agg', { uid: 'agg' })));
    assert.equal(plain.get('Agg'), expected);
    assert.equal(shifted.get('Agg'), expected);
  });

  test('without uid(): an operator inserted upstream changes the ids downstream', () => {
    const before = ids((t) => t.sink(t.map(t.keyBy(t.source()), 'Agg')));
    const after = ids((t) => t.sink(t.map(t.keyBy(t.map(t.source(), 'Extra')), 'Agg')));
    assert.notEqual(before.get('Agg'), after.get('Agg'));
  });

  test('chaining takes part in the hash, as in Flink', () => {
    assert.notEqual(ids(wordCount, true).get('Flat Map'), ids(wordCount, false).get('Flat Map'));
  });

  test('every id is 32 lowercase hex and unique in a graph with two identical sources', () => {
    const got = ids((t) => t.sink(t.union(t.source('a'), t.source('b'))));
    const values = [...got.values()];
    for (const id of values) assert.match(id, /^[0-9a-f]{32}$/);
    assert.equal(new Set(values).size, values.length);
  });

  test('duplicate and empty uids are rejected with both operators named', () => {
    assert.throws(
      () => ids((t) => t.sink(t.map(t.source(), 'A', { uid: 'x' }), 'out', { uid: 'x' })),
      /Operators "A" \(id 2\) and "Sink: out" \(id 3\) both have uid "x"; uids must be unique/,
    );
    assert.throws(() => ids((t) => t.sink(t.source(), 'out', { uid: '' })), /has an empty uid/);
  });
});
