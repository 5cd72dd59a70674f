import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseNexmarkArgs } from './nexmark.js';
import { LOOP_QUERIES, runPlainLoop } from './nexmark-loops.js';

describe('Nexmark plain loops', () => {
  it('q0 and q1 keep every bid, q2 a subset of them', () => {
    const [q0, q1, q2] = LOOP_QUERIES.map((q) => runPlainLoop(q, 20_000, 10_000_000));
    assert.equal(q0.results, q1.results);
    assert.ok(q0.results > 15_000 && q0.results < 20_000, `bids: ${q0.results}`);
    assert.ok(q2.results > 0 && q2.results < q0.results / 50, `q2: ${q2.results}`);
  });

  it('refuses a query without a loop', () => {
    assert.throws(() => runPlainLoop('q5', 10, 1), /no plain loop for q5/);
  });
});

describe('parseNexmarkArgs', () => {
  it('reads --checkpoint-interval', () => {
    assert.equal(parseNexmarkArgs(['--checkpoint-interval', '1000']).checkpointIntervalMs, 1000);
    assert.equal(parseNexmarkArgs([]).checkpointIntervalMs, undefined);
  });

  it('names a bad interval', () => {
    assert.throws(
      () => parseNexmarkArgs(['--checkpoint-interval', '1s']),
      /--checkpoint-interval needs a positive integer, got '1s'/,
    );
  });
});
