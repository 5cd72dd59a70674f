import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assignKeyToParallelOperator } from '../../core/key-group.js';
import type { InputHandler } from './channel.js';
import { BroadcastSelector, type ChannelSelector, KeyGroupSelector, RescaleSelector } from './channel-selector.js';
import { InputGate } from './input-gate.js';
import { createLocalChannel, LocalChannelReader, LocalChannelWriter } from './local-channel.js';
import { OverdraftBudget } from './overdraft-budget.js';
import { RecordWriter } from './record-writer.js';
import { createSharedChannel, SharedChannelReader, SharedChannelWriter } from './shared-channel.js';
import { checkpointBarrier, type StreamEvent, watermark } from './stream-event.js';
import { numberCodec } from './test-codecs.js';

class Recorder implements InputHandler {
  readonly seen: string[] = [];
  onRecord(value: unknown, _timestamp: number, channel: number): void {
    this.seen.push(`${channel}:${String(value)}`);
  }
  onEvent(event: StreamEvent, channel: number): void {
    this.seen.push(`${channel}:${event.kind}`);
  }
}

/** A writer over n local channels, and one single-channel gate per consumer. */
function wire(n: number, selector: ChannelSelector<number>, credits = 4, batchSize = 4) {
  const budget = new OverdraftBudget();
  const channels = Array.from({ length: n }, () => createLocalChannel({ credits, batchSize }));
  const writer = new RecordWriter<number>(
    channels.map((c) => new LocalChannelWriter<number>(c, budget)),
    selector,
  );
  const gates = channels.map((c) => new InputGate([new LocalChannelReader(c)]));
  return { writer, gates, budget };
}

function drain(gate: InputGate): string[] {
  const recorder = new Recorder();
  while (gate.pollNext(recorder, 100) === 'MORE');
  return recorder.seen;
}

describe('RecordWriter', () => {
  it('routes each record to the channel its selector picks', () => {
    const { writer, gates } = wire(3, new KeyGroupSelector<number>((v) => v, 128));
    for (let k = 0; k < 30; k++) writer.emit(k, k);
    writer.close();
    for (let c = 0; c < 3; c++) {
      const expected = [...Array(30).keys()].filter((k) => assignKeyToParallelOperator(k, 128, 3) === c);
      assert.deepEqual(drain(gates[c]), [...expected.map((k) => `0:${k}`), '0:end-of-partition']);
    }
    assert.equal(writer.recordsOut, 30);
  });

  it('broadcasts records and events to every channel, counting a record once', () => {
    const { writer, gates } = wire(2, new BroadcastSelector() as ChannelSelector<number>);
    writer.emit(7, 1);
    writer.broadcastEvent(watermark(1), false);
    writer.broadcastEvent(checkpointBarrier(1, 0, true), true);
    writer.flushAll();
    for (const gate of gates) assert.deepEqual(drain(gate), ['0:barrier', '0:7', '0:watermark']);
    assert.equal(writer.recordsOut, 1);
  });

  it('is available only while every channel has credit', async () => {
    const { writer, gates } = wire(2, new RescaleSelector() as ChannelSelector<number>, 1, 1);
    assert.ok(writer.isAvailable());
    writer.emit(1, 1); // fills channel 0's only batch
    assert.equal(writer.isAvailable(), false);
    const available = writer.whenAvailable();
    drain(gates[0]);
    await available;
    assert.ok(writer.isAvailable());
  });

  it('fails loudly when one record fans out past credit plus the shared overdraft', () => {
    const { writer, budget } = wire(2, new RescaleSelector() as ChannelSelector<number>, 1, 1);
    // What a flatMap emitting 8 records for one input would do without the task yielding: 2 within credit,
    // 5 in overdraft, the 8th throws.
    for (let i = 0; i < 7; i++) writer.emit(i, i);
    assert.equal(budget.used, 5);
    assert.throws(() => writer.emit(7, 7), /out of credit and out of overdraft.*fanned out/s);
  });

  it('counts buffers and bytes of shared channels', () => {
    const descs = [createSharedChannel({ credits: 4 }), createSharedChannel({ credits: 4 })];
    const writer = new RecordWriter<number>(
      descs.map((d) => new SharedChannelWriter(d, numberCodec)),
      new RescaleSelector() as ChannelSelector<number>,
    );
    for (let i = 0; i < 10; i++) writer.emit(i, i);
    writer.flushAll();
    assert.equal(writer.buffersOut, 2);
    assert.equal(writer.bytesOut, 10 * 21);
    const gate = new InputGate(descs.map((d) => new SharedChannelReader(d, numberCodec)));
    assert.equal(gate.pollNext(new Recorder(), 10), 'MORE');
    assert.equal(gate.bytesIn, writer.bytesOut);
    assert.equal(gate.recordsIn, 10);
  });
});
