import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NO_TIMESTAMP } from '../../core/time.js';
import type { InputHandler } from './channel.js';
import { InputGate } from './input-gate.js';
import { createLocalChannel, LocalChannelReader, LocalChannelWriter } from './local-channel.js';
import { OverdraftBudget } from './overdraft-budget.js';
import { checkpointBarrier, type StreamEvent, watermark } from './stream-event.js';

class Recorder implements InputHandler {
  readonly seen: unknown[] = [];
  onRecord(value: unknown, timestamp: number): void {
    this.seen.push(timestamp === NO_TIMESTAMP ? value : [value, timestamp]);
  }
  onEvent(event: StreamEvent): void {
    this.seen.push(event.kind);
  }
}

function pair(credits: number, batchSize: number, budget = new OverdraftBudget()) {
  const channel = createLocalChannel({ credits, batchSize, name: 'local edge (0 -> 0)' });
  return { writer: new LocalChannelWriter<unknown>(channel, budget), reader: new LocalChannelReader(channel), channel };
}

describe('local channel', () => {
  it('passes the objects themselves, in order with events, then end of input', async () => {
    const { writer, reader } = pair(2, 3);
    const gate = new InputGate([reader]);
    const objects = [{ a: 1 }, { a: 2 }, { a: 3 }, { a: 4 }];
    const recorder = new Recorder();
    writer.writeRecord(objects[0], 10);
    writer.writeRecord(objects[1], NO_TIMESTAMP);
    writer.writeEvent(watermark(10), false);
    writer.writeRecord(objects[2], 11);
    writer.writeRecord(objects[3], 12);
    writer.close();
    while (gate.pollNext(recorder, 10) !== 'END_OF_INPUT') await gate.whenAvailable();
    assert.deepEqual(recorder.seen, [
      [objects[0], 10],
      objects[1],
      'watermark',
      [objects[2], 11],
      [objects[3], 12],
      'end-of-partition',
    ]);
    assert.equal((recorder.seen[0] as unknown[])[0], objects[0], 'same object, not a copy');
  });

  it('runs out of credit after `credits` batches and gets it back when one is read', async () => {
    const { writer, reader } = pair(2, 4);
    for (let i = 0; i < 8; i++) writer.writeRecord(i, i);
    assert.equal(writer.hasCredit(), false);
    assert.equal(writer.buffersOut, 2);
    let resolved = false;
    const credit = writer.whenCredit().then(() => {
      resolved = true;
    });
    await Promise.resolve();
    assert.equal(resolved, false);
    assert.ok(reader.readData(new Recorder(), 0));
    await credit;
    assert.ok(writer.hasCredit());
  });

  it('allows 5 batches of overdraft, returns them as they are read, and fails past the cap', () => {
    const budget = new OverdraftBudget();
    const { writer, reader } = pair(1, 1, budget);
    for (let i = 0; i < 6; i++) writer.writeRecord(i, i); // 1 within credit + 5 overdraft
    assert.equal(budget.used, 5);
    assert.throws(() => writer.writeRecord(6, 6), /local edge \(0 -> 0\): out of credit and out of overdraft/);
    const recorder = new Recorder();
    reader.readData(recorder, 0);
    reader.readData(recorder, 0);
    assert.equal(budget.used, 3);
    assert.deepEqual(recorder.seen, [
      [0, 0],
      [1, 1],
    ]);
  });

  it('delivers priority events before the batches they overtake', () => {
    const { writer, reader } = pair(4, 2);
    const gate = new InputGate([reader]);
    writer.writeRecord('a', 1);
    writer.writeRecord('b', 2);
    writer.writeEvent(checkpointBarrier(3, 0, true), true);
    const recorder = new Recorder();
    gate.pollNext(recorder, 10);
    assert.deepEqual(recorder.seen, ['barrier', ['a', 1], ['b', 2]]);
  });

  it('stops after the event that blocked the channel and resumes inside the batch', () => {
    const { writer, reader } = pair(4, 16);
    const gate = new InputGate([reader]);
    const seen: unknown[] = [];
    const handler: InputHandler = {
      onRecord: (v) => seen.push(v),
      onEvent: (e, channel) => {
        seen.push(e.kind);
        if (e.kind === 'barrier') gate.blockChannel(channel);
      },
    };
    writer.writeRecord('before', 1);
    writer.writeEvent(checkpointBarrier(1, 0, false), false); // aligned: in band, flushes
    writer.writeRecord('after', 2);
    writer.flush();
    assert.equal(gate.pollNext(handler, 10), 'MORE');
    assert.deepEqual(seen, ['before', 'barrier']);
    assert.equal(gate.pollNext(handler, 10), 'NOTHING_AVAILABLE', 'blocked: nothing more');
    gate.unblockAll();
    gate.pollNext(handler, 10);
    assert.deepEqual(seen, ['before', 'barrier', 'after']);
  });

  it('rejects NaN timestamps and writes after close', () => {
    const { writer } = pair(2, 4);
    assert.throws(() => writer.writeRecord(1, Number.NaN), /timestamp NaN/);
    writer.close();
    assert.throws(() => writer.writeRecord(1, 1), /write after close/);
  });

  it('stops backpressure once the consumer closed', () => {
    const { writer, reader } = pair(1, 1);
    writer.writeRecord(1, 1);
    assert.equal(writer.hasCredit(), false);
    reader.close();
    assert.ok(writer.hasCredit());
    for (let i = 0; i < 100; i++) writer.writeRecord(i, i); // dropped, no overdraft error
  });

  it('refuses a second writer', () => {
    const { channel } = pair(1, 1);
    assert.throws(() => new LocalChannelWriter(channel), /a second writer attached/);
  });
});
