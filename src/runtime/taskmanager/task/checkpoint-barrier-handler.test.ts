import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CheckpointBarrierEvent, checkpointBarrier } from '../../network/stream-event.js';
import { type BarrierMode, type ChannelState, CheckpointBarrierHandler } from './checkpoint-barrier-handler.js';

function setup(mode: BarrierMode, channels = 2) {
  const blocked = new Set<number>();
  const events: string[] = [];
  let channelState: ChannelState | undefined;
  const handler = new CheckpointBarrierHandler(
    channels,
    mode,
    {
      block: (c) => blocked.add(c),
      unblockAll: () => blocked.clear(),
    },
    {
      onAligned: (b: CheckpointBarrierEvent) => events.push(`aligned ${b.checkpointId}`),
      onAborted: (id) => events.push(`aborted ${id}`),
      onChannelStateComplete: (id, state) => {
        events.push(`channel-state ${id}`);
        channelState = state;
      },
    },
  );
  return { handler, blocked, events, channelState: () => channelState };
}

describe('CheckpointBarrierHandler', () => {
  it('EXACTLY_ONCE blocks each channel at its barrier and reports alignment after the last one', () => {
    const { handler, blocked, events } = setup('EXACTLY_ONCE');
    handler.onBarrier(checkpointBarrier(1, 0, false), 0);
    assert.deepEqual([...blocked], [0]);
    assert.deepEqual(events, []);
    handler.onBarrier(checkpointBarrier(1, 0, false), 1);
    assert.deepEqual(events, ['aligned 1']);
    handler.resume();
    assert.equal(blocked.size, 0);
  });

  it('AT_LEAST_ONCE does not block until the last barrier', () => {
    const { handler, blocked, events } = setup('AT_LEAST_ONCE');
    handler.onBarrier(checkpointBarrier(1, 0, false), 1);
    assert.equal(blocked.size, 0);
    handler.onBarrier(checkpointBarrier(1, 0, false), 0);
    assert.deepEqual(events, ['aligned 1']);
  });

  it('a finished channel owes no barrier', () => {
    const { handler, events } = setup('EXACTLY_ONCE');
    handler.onBarrier(checkpointBarrier(1, 0, false), 0);
    handler.onChannelFinished(1);
    assert.deepEqual(events, ['aligned 1']);
  });

  it('a newer barrier aborts an unfinished alignment', () => {
    const { handler, events } = setup('EXACTLY_ONCE');
    handler.onBarrier(checkpointBarrier(1, 0, false), 0);
    handler.onBarrier(checkpointBarrier(2, 0, false), 1);
    assert.deepEqual(events, ['aborted 1']);
  });

  it('UNALIGNED snapshots at the first priority barrier and records each channel until its in-band marker', () => {
    const { handler, events, channelState, blocked } = setup('UNALIGNED');
    handler.onBarrier(checkpointBarrier(1, 0, true), 1);
    assert.deepEqual(events, ['aligned 1']);
    assert.equal(blocked.size, 2, 'nothing moves until the snapshot is taken');
    handler.onBarrier(checkpointBarrier(1, 0, true), 0); // the other channel's priority copy: nothing new
    handler.resume();
    assert.equal(handler.recording, true);
    handler.record(0, 'a', 1);
    handler.record(1, 'b', 2);
    handler.onBarrier(checkpointBarrier(1, 0, false), 1); // channel 1's marker: it stops recording
    handler.record(1, 'after-marker', 3);
    handler.record(0, 'c', 4);
    handler.onBarrier(checkpointBarrier(1, 0, false), 0);
    assert.deepEqual(events, ['aligned 1', 'channel-state 1']);
    assert.equal(handler.recording, false);
    assert.deepEqual(
      new Map(channelState()),
      new Map([
        [0, ['a', 1, 'c', 4]],
        [1, ['b', 2]],
      ]),
    );
  });
});
