import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InputHandler } from './channel.js';
import { InputGate } from './input-gate.js';
import { createLocalChannel, LocalChannelReader, LocalChannelWriter } from './local-channel.js';
import { checkpointBarrier, type StreamEvent } from './stream-event.js';

class Recorder implements InputHandler {
  readonly seen: string[] = [];
  onRecord(value: unknown, _timestamp: number, channel: number): void {
    this.seen.push(`${channel}:${String(value)}`);
  }
  onEvent(event: StreamEvent, channel: number): void {
    this.seen.push(`${channel}:${event.kind}`);
  }
}

/** A gate over n local channels with batches of `batchSize` entries. */
function gateOf(n: number, batchSize = 2) {
  const channels = Array.from({ length: n }, () => createLocalChannel({ credits: 8, batchSize }));
  const writers = channels.map((c) => new LocalChannelWriter<string>(c));
  const gate = new InputGate(channels.map((c) => new LocalChannelReader(c)));
  return { gate, writers };
}

describe('InputGate', () => {
  it('reports END_OF_INPUT only after every channel delivered end-of-partition', () => {
    const { gate, writers } = gateOf(2);
    const recorder = new Recorder();
    writers[0].writeRecord('a', 1);
    writers[0].close();
    assert.equal(gate.pollNext(recorder, 10), 'MORE');
    assert.equal(gate.pollNext(recorder, 10), 'NOTHING_AVAILABLE');
    writers[1].close();
    assert.equal(gate.pollNext(recorder, 10), 'END_OF_INPUT');
    assert.equal(gate.pollNext(recorder, 10), 'END_OF_INPUT');
    assert.deepEqual(recorder.seen, ['0:a', '0:end-of-partition', '1:end-of-partition']);
    assert.ok(gate.isFinished());
  });

  it('takes one buffer per channel in turn and at most maxBuffers per poll', () => {
    const { gate, writers } = gateOf(2, 1);
    for (const v of ['x', 'y', 'z']) {
      writers[0].writeRecord(`${v}0`, 1);
      writers[1].writeRecord(`${v}1`, 1);
    }
    const recorder = new Recorder();
    assert.equal(gate.pollNext(recorder, 3), 'MORE');
    assert.deepEqual(recorder.seen, ['0:x0', '1:x1', '0:y0']);
    gate.pollNext(recorder, 10);
    assert.deepEqual(recorder.seen.slice(3), ['1:y1', '0:z0', '1:z1']);
  });

  it('delivers priority events of every channel before any data, also from blocked channels', () => {
    const { gate, writers } = gateOf(2);
    writers[0].writeRecord('a', 1);
    writers[1].writeRecord('b', 1);
    writers[0].flush();
    writers[1].flush();
    gate.blockChannel(1);
    writers[1].writeEvent(checkpointBarrier(5, 0, true), true);
    const recorder = new Recorder();
    gate.pollNext(recorder, 10);
    assert.deepEqual(recorder.seen, ['1:barrier', '0:a']);
    assert.ok(gate.isBlocked(1));
    gate.unblockAll();
    gate.pollNext(recorder, 10);
    assert.deepEqual(recorder.seen, ['1:barrier', '0:a', '1:b']);
  });

  it('keeps reading other channels while one is blocked', () => {
    const { gate, writers } = gateOf(2, 1);
    gate.blockChannel(0);
    writers[0].writeRecord('held', 1);
    writers[1].writeRecord('passes', 1);
    const recorder = new Recorder();
    assert.equal(gate.pollNext(recorder, 10), 'MORE');
    assert.equal(gate.pollNext(recorder, 10), 'NOTHING_AVAILABLE');
    assert.deepEqual(recorder.seen, ['1:passes']);
  });

  it('wakes the one waiter when any channel gets data, and when channels are unblocked', async () => {
    const { gate, writers } = gateOf(3, 1);
    const waiting = gate.whenAvailable();
    assert.equal(gate.whenAvailable(), waiting, 'one shared promise');
    let woke = false;
    void waiting.then(() => {
      woke = true;
    });
    await Promise.resolve();
    assert.equal(woke, false);
    writers[2].writeRecord('late', 1);
    await waiting;
    gate.pollNext(new Recorder(), 10);

    gate.blockChannel(0);
    writers[0].writeRecord('held', 1);
    const blocked = gate.whenAvailable();
    gate.unblockAll();
    await blocked;
    assert.ok(gate.isAvailable());
  });

  it('names a bad channel index', () => {
    const { gate } = gateOf(2);
    assert.throws(() => gate.blockChannel(2), /InputGate.blockChannel: channel 2 is not in \[0, 2\)/);
    assert.throws(() => new InputGate([]), /at least one channel/);
  });
});
