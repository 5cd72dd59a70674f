import { parentPort, workerData } from 'node:worker_threads';
import type { InputHandler } from './channel.js';
import { ForwardSelector, KeyGroupSelector } from './channel-selector.js';
import { InputGate } from './input-gate.js';
import { OverdraftBudget } from './overdraft-budget.js';
import { RecordWriter } from './record-writer.js';
import type { SharedChannelDescriptor } from './shared-channel.js';
import { SharedChannelReader } from './shared-channel-reader.js';
import { SharedChannelWriter } from './shared-channel-writer.js';
import type { StreamEvent } from './stream-event.js';
import { numberCodec } from './test-codecs.js';

// A worker for the shared-channel tests: a producer that writes numbers 0..count-1 through a RecordWriter with
// credit checks between records, or a consumer that reads an InputGate to the end and reports what arrived.
// It does nothing that keeps its event loop alive except what the channels do (so a missing keep-alive shows).

export type ChannelTestTask =
  | {
      readonly role: 'produce';
      readonly channels: readonly SharedChannelDescriptor[];
      readonly count: number;
      /** 'forward' needs one channel; 'hash' keys by the number itself. */
      readonly partitioner: 'forward' | 'hash';
      /** Flush after every this many records (a low rate needs 1). */
      readonly flushEvery: number;
    }
  | { readonly role: 'consume'; readonly channels: readonly SharedChannelDescriptor[] };

export interface ConsumeReport {
  readonly kind: 'consumed';
  /** Per channel: the values in arrival order. */
  readonly values: number[][];
  readonly events: string[];
  readonly waits: number;
}

const task = workerData as ChannelTestTask;

async function produce(t: Extract<ChannelTestTask, { role: 'produce' }>): Promise<void> {
  const budget = new OverdraftBudget();
  const writers = t.channels.map((d) => new SharedChannelWriter(d, numberCodec, budget));
  const selector = t.partitioner === 'forward' ? new ForwardSelector() : new KeyGroupSelector((v: number) => v, 128);
  const out = new RecordWriter<number>(writers, selector);
  let waits = 0;
  for (let i = 0; i < t.count; i++) {
    if (!out.isAvailable()) {
      waits++;
      await out.whenAvailable();
    }
    out.emit(i, i);
    if ((i + 1) % t.flushEvery === 0) out.flushAll();
  }
  out.close();
  parentPort?.postMessage({ kind: 'produced', waits, buffers: out.buffersOut });
}

async function consume(t: Extract<ChannelTestTask, { role: 'consume' }>): Promise<void> {
  const readers = t.channels.map((d) => new SharedChannelReader(d, numberCodec));
  const gate = new InputGate(readers);
  const values: number[][] = t.channels.map(() => []);
  const events: string[] = [];
  const handler: InputHandler = {
    onRecord: (value, _timestamp, channel) => values[channel].push(value as number),
    onEvent: (event: StreamEvent, channel) => events.push(`${channel}:${event.kind}`),
  };
  let waits = 0;
  for (;;) {
    const result = gate.pollNext(handler, 8);
    if (result === 'END_OF_INPUT') break;
    if (result === 'NOTHING_AVAILABLE') {
      waits++;
      await gate.whenAvailable();
    }
  }
  gate.close();
  const report: ConsumeReport = { kind: 'consumed', values, events, waits };
  parentPort?.postMessage(report);
}

if (task.role === 'produce') await produce(task);
else await consume(task);
