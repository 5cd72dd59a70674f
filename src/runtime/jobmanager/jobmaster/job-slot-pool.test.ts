import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JobSlotPool } from './job-slot-pool.js';

const offers = (...slots: number[]) => slots.map((slotIndex) => ({ allocationId: `a${slotIndex}`, slotIndex }));

describe('JobSlotPool', () => {
  it('takes every offer before deployment, then only replacements, in the lost slots positions', async () => {
    const pool = new JobSlotPool(2);
    assert.deepEqual(pool.offer('tm1', 'addr1', offers(0, 1), false), offers(0, 1));
    assert.equal(pool.complete, true);
    assert.deepEqual(pool.offer('tm2', 'addr2', offers(0), true), [], 'no slot is wanted once deployed');
    assert.equal(pool.lose('tm1'), 2);
    assert.equal(pool.complete, false);
    const waiting = pool.whenComplete(5_000);
    pool.offer('tm2', 'addr2', offers(0, 1), true);
    await waiting;
    assert.deepEqual(
      pool.slots.map((s) => `${s.taskManagerId}/${s.slotIndex}`),
      ['tm2/0', 'tm2/1'],
    );
    assert.deepEqual([...pool.addresses()], ['addr2']);
  });

  it('gives up after the slot request timeout with a message that says what to do', async () => {
    const pool = new JobSlotPool(1);
    pool.offer('tm1', 'addr1', offers(0), false);
    pool.lose('tm1');
    await assert.rejects(
      pool.whenComplete(10),
      /Could not acquire the minimum required resources.*slot.request.timeout/,
    );
  });
});
