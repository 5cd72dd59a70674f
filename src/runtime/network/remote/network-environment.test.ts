import assert from 'node:assert/strict';
import net from 'node:net';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { InputHandler } from '../channel.js';
import { InputGate } from '../input-gate.js';
import { OverdraftBudget } from '../overdraft-budget.js';
import { checkpointBarrier, type StreamEvent, watermark } from '../stream-event.js';
import { bytesCodec, numberCodec } from '../test-codecs.js';
import { NetworkEnvironment, type RemotePeer } from './network-environment.js';

class Recorder implements InputHandler {
  readonly seen: unknown[] = [];
  onRecord(value: unknown): void {
    this.seen.push(value);
  }
  onEvent(event: StreamEvent): void {
    this.seen.push(event.kind === 'barrier' ? `barrier ${event.checkpointId}` : event.kind);
  }
}

async function readToEnd(gate: InputGate, handler: InputHandler): Promise<void> {
  for (;;) {
    const result = gate.pollNext(handler, 4);
    if (result === 'END_OF_INPUT') return;
    if (result === 'NOTHING_AVAILABLE') await gate.whenAvailable();
  }
}

const PEER: RemotePeer = { taskManagerId: 'tm-producer', address: 'weir.tcp://127.0.0.1:1/taskexecutor', slotIndex: 0 };
const environments: NetworkEnvironment[] = [];

/** A producer environment and a consumer environment whose resolver points at the producer's port. */
async function pair(options: { credits?: number; segmentSize?: number; backoffMaxMs?: number } = {}) {
  const common = {
    bindHost: '127.0.0.1',
    segmentSize: options.segmentSize ?? 256,
    credits: options.credits ?? 2,
    requestBackoffInitialMs: 10,
    requestBackoffMaxMs: options.backoffMaxMs ?? 2000,
  };
  const producer = new NetworkEnvironment(common, () => Promise.reject(new Error('unused')));
  await producer.start();
  const consumer = new NetworkEnvironment(common, async () => ({ host: '127.0.0.1', port: producer.port }));
  await consumer.start();
  environments.push(producer, consumer);
  return { producer, consumer };
}

after(() => {
  for (const env of environments) env.close();
});

describe('channels between processes (TCP, one thread here)', () => {
  it('delivers records, spanning records and events in order within credit, then end of input', async () => {
    const { producer, consumer } = await pair();
    const writer = producer.createWriter('job', 'e|0|0', numberCodec, new OverdraftBudget());
    const gate = new InputGate([consumer.createReader('job', 'e|0|0', numberCodec, PEER)]);
    const recorder = new Recorder();
    const done = readToEnd(gate, recorder);
    const expected: unknown[] = [];
    for (let i = 0; i < 5000; i++) {
      if (!writer.hasCredit()) await writer.whenCredit();
      writer.writeRecord(i, i);
      expected.push(i);
      if (i % 1000 === 999) {
        writer.writeEvent(watermark(i), false);
        expected.push('watermark');
      }
    }
    writer.close();
    expected.push('end-of-partition');
    await done;
    assert.deepEqual(recorder.seen, expected);
    assert.ok(writer.buffersOut > 100, `sent ${writer.buffersOut} buffers`);
  });

  it('passes records larger than a segment', async () => {
    const { producer, consumer } = await pair({ segmentSize: 128 });
    const writer = producer.createWriter('job', 'big', bytesCodec, new OverdraftBudget(20));
    const gate = new InputGate([consumer.createReader('job', 'big', bytesCodec, PEER)]);
    const recorder = new Recorder();
    const done = readToEnd(gate, recorder);
    const big = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
    for (let i = 0; i < 3; i++) {
      await writer.whenCredit();
      writer.writeRecord(big, 1);
    }
    writer.close();
    await done;
    assert.equal(recorder.seen.length, 4);
    for (let i = 0; i < 3; i++) assert.deepEqual(recorder.seen[i], big);
  });

  it('waits for a producer deployed after its consumer connected', async () => {
    const { producer, consumer } = await pair();
    const gate = new InputGate([consumer.createReader('job', 'late', numberCodec, PEER)]);
    const recorder = new Recorder();
    const done = readToEnd(gate, recorder);
    await sleep(100);
    const writer = producer.createWriter('job', 'late', numberCodec, new OverdraftBudget());
    writer.writeRecord(42, 1);
    writer.close();
    await done;
    assert.deepEqual(recorder.seen, [42, 'end-of-partition']);
  });

  it('keeps the producer within credit: it waits until the consumer reads', async () => {
    const { producer, consumer } = await pair({ credits: 2, segmentSize: 64 });
    const writer = producer.createWriter('job', 'slow', numberCodec, new OverdraftBudget(1));
    const reader = consumer.createReader('job', 'slow', numberCodec, PEER);
    await writer.whenCredit();
    let written = 0;
    while (writer.hasCredit()) {
      writer.writeRecord(written++, 1);
      if (written > 10_000) assert.fail('the writer never ran out of credit');
    }
    // Two buffers in flight plus one in overdraft: nothing more until the consumer reads.
    await sleep(50);
    assert.equal(writer.hasCredit(), false);
    const recorder = new Recorder();
    const gate = new InputGate([reader]);
    const reading = readToEnd(gate, recorder);
    await writer.whenCredit();
    writer.close();
    await reading;
    assert.deepEqual(
      recorder.seen.slice(0, -1),
      Array.from({ length: written }, (_, i) => i),
    );
  });

  it('lets priority events overtake buffers the consumer has not read', async () => {
    const { producer, consumer } = await pair({ credits: 4, segmentSize: 64 });
    const writer = producer.createWriter('job', 'prio', numberCodec, new OverdraftBudget(10));
    const reader = consumer.createReader('job', 'prio', numberCodec, PEER);
    await writer.whenCredit();
    for (let i = 0; i < 20; i++) writer.writeRecord(i, 1);
    writer.flush();
    writer.writeEvent(checkpointBarrier(7, 0, true), true);
    await sleep(50);
    const recorder = new Recorder();
    assert.equal(reader.readPriority(recorder, 0), true);
    assert.deepEqual(recorder.seen, ['barrier 7']);
    writer.close();
    await readToEnd(new InputGate([reader]), recorder);
    assert.deepEqual(
      recorder.seen.slice(1, 21),
      Array.from({ length: 20 }, (_, i) => i),
    );
  });

  it('releases the producer when the consumer stops reading (cancellation)', async () => {
    const { producer, consumer } = await pair({ credits: 1, segmentSize: 64 });
    const writer = producer.createWriter('job', 'cancel', numberCodec, new OverdraftBudget(1));
    const reader = consumer.createReader('job', 'cancel', numberCodec, PEER);
    await writer.whenCredit();
    while (writer.hasCredit()) writer.writeRecord(1, 1);
    reader.close();
    await writer.whenCredit();
    for (let i = 0; i < 1000; i++) writer.writeRecord(i, 1); // dropped, never blocks
    assert.equal(writer.hasCredit(), true);
  });

  it('fails the consumer clearly when its producer never appears', async () => {
    const { consumer } = await pair({ backoffMaxMs: 200 });
    const reader = consumer.createReader('job', 'missing', numberCodec, PEER);
    const gate = new InputGate([reader]);
    await assert.rejects(
      readToEnd(gate, new Recorder()),
      /Channel job\/missing: its producer refused the request: no producer of channel job\/missing appeared/,
    );
  });

  it('fails both ends when the connection breaks mid-stream', async () => {
    const { producer, consumer } = await pair({ credits: 1, segmentSize: 64 });
    const writer = producer.createWriter('job', 'cut', numberCodec, new OverdraftBudget(1));
    const reader = consumer.createReader('job', 'cut', numberCodec, PEER);
    await writer.whenCredit();
    writer.writeRecord(1, 1);
    writer.flush();
    await sleep(30);
    producer.close(); // the producer's worker goes away: its sockets close
    const gate = new InputGate([reader]);
    await assert.rejects(readToEnd(gate, new Recorder()), /the connection to its producer at .* was lost/);
    await writer.whenCredit();
    assert.throws(() => writer.writeRecord(2, 1), /the connection to its consumer at .* was lost/);
  });

  it('closes a connection that speaks another protocol and keeps serving', async () => {
    const { producer, consumer } = await pair();
    const stray = net.connect({ host: '127.0.0.1', port: producer.port });
    const closed = new Promise((resolve) => stray.on('close', resolve));
    stray.on('error', () => {});
    stray.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await closed;
    const writer = producer.createWriter('job', 'after', numberCodec, new OverdraftBudget());
    const gate = new InputGate([consumer.createReader('job', 'after', numberCodec, PEER)]);
    const recorder = new Recorder();
    const done = readToEnd(gate, recorder);
    writer.writeRecord(5, 1);
    writer.close();
    await done;
    assert.deepEqual(recorder.seen, [5, 'end-of-partition']);
  });
});
