import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IncrementalChain } from './incremental-chain.js';

const LIMITS = { maxChainLength: 3, maxSizeRatio: 1, materializeIntervalMs: 10_000 };

/** Takes, writes and completes checkpoint `id` (file size `size`); returns the chain its handle references. */
function checkpoint(chain: IncrementalChain, id: number, size: number, now = 0): string[] {
  const base = chain.baseFor(now, false);
  chain.onTaken(id, base, now);
  const files = chain.onWritten(id, { path: `f${id}`, sizeBytes: size });
  assert.equal(chain.onCompleted(id), true);
  return files.map((f) => f.path);
}

describe('IncrementalChain', () => {
  it('builds increments on the last completed checkpoint and starts over at the length limit', () => {
    const chain = new IncrementalChain(LIMITS);
    assert.deepEqual(checkpoint(chain, 1, 100), ['f1'], 'nothing completed yet: full');
    assert.deepEqual(checkpoint(chain, 2, 10), ['f1', 'f2']);
    assert.deepEqual(checkpoint(chain, 3, 10), ['f1', 'f2', 'f3']);
    assert.deepEqual(checkpoint(chain, 4, 100), ['f4'], 'three files: full again');
  });

  it('starts over when the increments outgrow the base, or the base is older than the interval', () => {
    const bySize = new IncrementalChain({ ...LIMITS, maxChainLength: 10 });
    checkpoint(bySize, 1, 100);
    assert.deepEqual(checkpoint(bySize, 2, 101), ['f1', 'f2']);
    assert.deepEqual(checkpoint(bySize, 3, 5), ['f3'], '101 bytes of increments on a 100-byte base');
    const byAge = new IncrementalChain(LIMITS);
    checkpoint(byAge, 1, 100, 0);
    assert.deepEqual(checkpoint(byAge, 2, 1, 9_999), ['f1', 'f2']);
    assert.deepEqual(checkpoint(byAge, 3, 1, 10_000), ['f3']);
    assert.equal(byAge.baseFor(0, true), undefined, 'a backend that needs a full snapshot gets one');
  });

  it('never builds on an aborted checkpoint, and writes a full one when a pending snapshot forked', () => {
    const chain = new IncrementalChain(LIMITS);
    checkpoint(chain, 1, 100);
    // 2 builds on 1 and is aborted: 3 builds on 1 again.
    chain.onTaken(2, chain.baseFor(0, false), 0);
    chain.onWritten(2, { path: 'f2', sizeBytes: 1 });
    chain.onAborted(2);
    assert.equal(chain.baseFor(0, false), 1);
    // 3 is taken before 1's successor completes, as a full snapshot (forced); while it is pending, 1 may be
    // subsumed by it: the next snapshot must not reference 1's files.
    chain.onTaken(3, undefined, 0);
    assert.equal(chain.baseFor(0, false), undefined);
    chain.onWritten(3, { path: 'f3', sizeBytes: 100 });
    assert.equal(chain.onCompleted(3), true);
    assert.equal(chain.baseFor(0, false), 3);
    // A completed checkpoint this subtask wrote nothing for does not become its base.
    chain.onTaken(4, 3, 0);
    assert.equal(chain.onCompleted(4), false);
    assert.equal(chain.baseFor(0, false), 3);
  });

  it('continues the chain of a restored checkpoint', () => {
    const chain = new IncrementalChain(LIMITS);
    chain.continueFrom(
      7,
      [
        { path: 'b', sizeBytes: 100 },
        { path: 'i', sizeBytes: 10 },
      ],
      0,
    );
    assert.deepEqual(checkpoint(chain, 8, 10), ['b', 'i', 'f8']);
    assert.deepEqual(checkpoint(chain, 9, 10), ['f9'], 'the restored files count towards the length limit');
  });
});
