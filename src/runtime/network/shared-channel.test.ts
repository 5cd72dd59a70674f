import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import { assignKeyToParallelOperator } from '../../core/key-group.js';
import { threadHolds } from './atomic-wait.js';
import type { InputHandler } from './channel.js';
import type { ChannelTestTask, ConsumeReport } from './channel-test-worker.js';
import { InputGate } from './input-gate.js';
import { OverdraftBudget } from './overdraft-budget.js';
import { createSharedChannel, SharedChannelReader, SharedChannelWriter } from './shared-channel.js';
import { checkpointBarrier, type StreamEvent, watermark } from './stream-event.js';
import { bytesCodec, numberCodec } from './test-codecs.js';
import { siblingModule, spawnModuleWorker } from './test-worker-spawn.js';

class Recorder implements InputHandler {
  readonly seen: unknown[] = [];
  onRecord(value: unknown): void {
    this.seen.push(value);
  }
  onEvent(event: StreamEvent): void {
    this.seen.push(event.kind);
  }
}

/** Polls the gate to its end, awaiting availability in between (so drains and wake-ups run as in a task). */
async function readToEnd(gate: InputGate, handler: InputHandler): Promise<void> {
  for (;;) {
    const result = gate.pollNext(handler, 4);
    if (result === 'END_OF_INPUT') return;
    if (result === 'NOTHING_AVAILABLE') await gate.whenAvailable();
  }
}

function channelPair(credits = 2, segmentSize = 256) {
  const desc = createSharedChannel({ credits, segmentSize, name: 'test edge (0 -> 0)' });
  return {
    writer: new SharedChannelWriter(desc, numberCodec),
    reader: new SharedChannelReader(desc, numberCodec),
  };
}

describe('shared channel, one thread', () => {
  it('delivers records and in-band events in order, then end of input', async () => {
    const desc = createSharedChannel({ credits: 2 });
    const writer = new SharedChannelWriter(desc, numberCodec);
    const gate = new InputGate([new SharedChannelReader(desc, numberCodec)]);
    const recorder = new Recorder();
    const expected: unknown[] = [];
    const consumer = readToEnd(gate, recorder);
    for (let i = 0; i < 20_000; i++) {
      if (!writer.hasCredit()) await writer.whenCredit();
      writer.writeRecord(i, i);
      expected.push(i);
      if (i % 5000 === 4999) {
        writer.writeEvent(watermark(i), false);
        expected.push('watermark');
      }
    }
    writer.close();
    expected.push('end-of-partition');
    await consumer;
    assert.deepEqual(recorder.seen, expected);
    assert.ok(gate.isFinished());
    assert.equal(gate.recordsIn, 20_000);
    assert.equal(gate.buffersIn, writer.buffersOut);
    assert.equal(gate.bytesIn, writer.bytesOut);
  });

  it('runs out of credit after `credits` buffers and gets it back when a buffer is read', async () => {
    const { writer, reader } = channelPair(2, 256);
    let i = 0;
    while (writer.hasCredit()) writer.writeRecord(i++, 1);
    assert.equal(writer.buffersOut, 2, 'two slots filled');
    let resolved = false;
    const credit = writer.whenCredit().then(() => {
      resolved = true;
    });
    await sleep(5);
    assert.equal(resolved, false, 'no credit while both slots are unread');
    assert.ok(reader.readData(new Recorder(), 0));
    await credit;
    assert.ok(writer.hasCredit());
  });

  it('lets one record overrun credit into the overdraft, drains it, and fails loudly past the cap', async () => {
    const { writer, reader } = channelPair(2, 256);
    // 2 slots + 5 overdraft buffers of 256 bytes; a 2 KiB record needs 9 buffers.
    const big = new SharedChannelWriter(createSharedChannel({ credits: 2, segmentSize: 256 }), bytesCodec);
    assert.throws(
      () => big.writeRecord(new Uint8Array(2048), 1),
      /out of credit and out of overdraft: 5 overdraft buffers.*max-overdraft-buffers-per-gate = 5.*fanned out/s,
    );
    big.abort(); // the task fails: its overdraft is dropped and its wait for credit ends
    // Within the cap, overdraft buffers move into the ring by themselves as the reader frees slots.
    for (let i = 0; i < 80; i++) writer.writeRecord(i, i); // 80 * 21 bytes: 7 buffers, the 7th is not full
    writer.flush();
    assert.equal(writer.pendingBuffers, 5);
    assert.equal(writer.hasCredit(), false);
    const gate = new InputGate([reader]);
    const recorder = new Recorder();
    const done = readToEnd(gate, recorder);
    await writer.whenCredit();
    writer.close();
    await done;
    assert.equal(writer.pendingBuffers, 0);
    assert.equal(recorder.seen.length, 81);
  });

  it('shares one overdraft budget between the channels of a writer', () => {
    const budget = new OverdraftBudget(1);
    const a = new SharedChannelWriter(createSharedChannel({ credits: 1, segmentSize: 64 }), numberCodec, budget);
    const b = new SharedChannelWriter(createSharedChannel({ credits: 1, segmentSize: 64 }), numberCodec, budget);
    for (const w of [a, b]) {
      w.writeRecord(1, 1);
      w.flush(); // fills the only slot
    }
    a.writeRecord(2, 2);
    a.flush(); // takes the only overdraft buffer
    b.writeRecord(2, 2);
    assert.throws(() => b.flush(), /out of overdraft/);
    a.abort();
    b.abort();
    assert.equal(budget.used, 0);
  });

  it('delivers a priority event before the data it overtakes', async () => {
    const { writer, reader } = channelPair(4, 256);
    for (let i = 0; i < 30; i++) writer.writeRecord(i, i);
    writer.flush();
    writer.writeEvent(checkpointBarrier(1, 7, true), true);
    writer.close();
    const recorder = new Recorder();
    await readToEnd(new InputGate([reader]), recorder);
    assert.equal(recorder.seen[0], 'barrier');
    assert.deepEqual(recorder.seen.slice(1, 31), [...Array(30).keys()]);
  });

  it('moves a 200 KiB record through 32 KiB slots', async () => {
    const desc = createSharedChannel({ credits: 2 });
    const writer = new SharedChannelWriter(desc, bytesCodec);
    const gate = new InputGate([new SharedChannelReader(desc, bytesCodec)]);
    const big = new Uint8Array(200 * 1024).map((_, i) => i % 251);
    const recorder = new Recorder();
    const done = readToEnd(gate, recorder);
    writer.writeRecord(big, 1);
    writer.close();
    await done;
    assert.deepEqual(recorder.seen, [big, 'end-of-partition']);
  });

  it('refuses writes after close and a second writer on one channel', () => {
    const desc = createSharedChannel({ name: 'edge e1 (0 -> 1)' });
    const writer = new SharedChannelWriter(desc, numberCodec);
    assert.throws(() => new SharedChannelWriter(desc, numberCodec), /edge e1 \(0 -> 1\): a second writer attached/);
    writer.close();
    assert.throws(() => writer.writeRecord(1, 1), /write after close/);
  });

  it('rejects something that is not a descriptor', () => {
    const fake = { kind: 'shared-channel', credits: 2 } as unknown as ReturnType<typeof createSharedChannel>;
    assert.throws(() => new SharedChannelReader(fake, numberCodec), /not a SharedChannelDescriptor/);
    assert.throws(() => createSharedChannel({ credits: 0 }), /credits must be an integer in \[1, 1024\], got 0/);
  });

  it('registers one wait per channel however often the gate waits, and releases it on close', async () => {
    const { writer, reader } = channelPair();
    const gate = new InputGate([reader]);
    const before = threadHolds();
    const first = gate.whenAvailable();
    assert.equal(gate.whenAvailable(), first);
    assert.equal(threadHolds(), before + 1);
    writer.writeRecord(1, 1);
    writer.flush();
    await first;
    assert.equal(threadHolds(), before);
    const second = gate.whenAvailable(); // data is there: resolved at once, nothing registered
    await second;
    assert.equal(threadHolds(), before);
    gate.pollNext(new Recorder(), 1);
    const third = gate.whenAvailable();
    assert.equal(threadHolds(), before + 1);
    gate.close();
    await third;
    await sleep(5); // the closed reader's own wait ends with the notify, one event-loop turn later
    assert.equal(threadHolds(), before);
    assert.ok(writer.hasCredit(), 'a closed consumer never backpressures');
  });

  it('leaves no pending waits behind (the test process can exit)', async () => {
    await sleep(5);
    assert.equal(threadHolds(), 0);
  });
});

const workerUrl = siblingModule(import.meta.url, 'channel-test-worker');
const workers: Worker[] = [];

function startWorker(task: ChannelTestTask): { message: Promise<unknown>; exit: Promise<number> } {
  const worker = spawnModuleWorker(workerUrl, { workerData: task });
  workers.push(worker);
  const message = new Promise<unknown>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited (code ${code}) before reporting`)));
  });
  const exit = new Promise<number>((resolve) => worker.once('exit', resolve));
  return { message, exit };
}

describe('shared channel between worker threads', () => {
  after(async () => {
    await Promise.all(workers.map((w) => w.terminate()));
  });

  it('moves 200 000 records in order from a producer worker to a consumer worker', async () => {
    const desc = createSharedChannel({ credits: 2 });
    const consumer = startWorker({ role: 'consume', channels: [desc] });
    const producer = startWorker({
      role: 'produce',
      channels: [desc],
      count: 200_000,
      partitioner: 'forward',
      flushEvery: 1e9,
    });
    await producer.message;
    const report = (await consumer.message) as ConsumeReport;
    assert.equal(report.values[0].length, 200_000);
    assert.ok(
      report.values[0].every((v, i) => v === i),
      'in order, none lost',
    );
    assert.deepEqual(report.events, ['0:end-of-partition']);
    assert.equal(await consumer.exit, 0, 'the consumer worker exits by itself once its gate is closed');
  });

  it('routes by key group from 2 producers to 2 consumers', async () => {
    // channels[p][c]: producer p -> consumer c
    const channels = [0, 1].map(() => [0, 1].map(() => createSharedChannel({ credits: 2 })));
    const consumers = [0, 1].map((c) => startWorker({ role: 'consume', channels: [channels[0][c], channels[1][c]] }));
    for (const p of [0, 1]) {
      startWorker({ role: 'produce', channels: channels[p], count: 20_000, partitioner: 'hash', flushEvery: 1e9 });
    }
    const reports = (await Promise.all(consumers.map((c) => c.message))) as ConsumeReport[];
    for (const c of [0, 1]) {
      for (const p of [0, 1]) {
        const values = reports[c].values[p];
        const expected = [...Array(20_000).keys()].filter((k) => assignKeyToParallelOperator(k, 128, 2) === c);
        assert.deepEqual(values, expected, `consumer ${c} gets exactly its keys from producer ${p}, in order`);
      }
    }
  });

  it('wakes a waiting consumer worker at a low rate and keeps it alive while it waits', async () => {
    const desc = createSharedChannel({ credits: 2 });
    const consumer = startWorker({ role: 'consume', channels: [desc] });
    const writer = new SharedChannelWriter(desc, numberCodec);
    await sleep(300); // the consumer is parked in Atomics.waitAsync with nothing else to keep it alive
    for (let i = 0; i < 3; i++) {
      writer.writeRecord(i, i);
      writer.flush();
      await sleep(50);
    }
    writer.close();
    const report = (await consumer.message) as ConsumeReport;
    assert.deepEqual(report.values[0], [0, 1, 2]);
    assert.ok(report.waits >= 3, `the consumer waited between records (${report.waits} waits)`);
    assert.equal(await consumer.exit, 0);
  });
});
