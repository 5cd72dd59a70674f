import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import type { InputHandler } from '../src/runtime/network/channel.js';
import { type ChannelSelector, ForwardSelector, KeyGroupSelector } from '../src/runtime/network/channel-selector.js';
import { InputGate } from '../src/runtime/network/input-gate.js';
import { OverdraftBudget } from '../src/runtime/network/overdraft-budget.js';
import { RecordWriter } from '../src/runtime/network/record-writer.js';
import {
  type SharedChannelDescriptor,
  SharedChannelReader,
  SharedChannelWriter,
} from '../src/runtime/network/shared-channel.js';
import type { StreamEvent } from '../src/runtime/network/stream-event.js';
import { type SmallRecord, smallRecordCodec } from '../src/runtime/network/test-codecs.js';

// One side of a bench/network.ts scenario, in its own worker thread (a slot). The producer waits for 'go', writes
// `count` records through a RecordWriter (checking availability between records, as a task does), and closes.
// The consumer polls an InputGate to the end and reports counts, or per-record latencies in latency mode.

export type BenchTask =
  | {
      readonly role: 'produce';
      readonly channels: readonly SharedChannelDescriptor[];
      readonly count: number;
      readonly partitioner: 'forward' | 'hash';
      /** 0: as fast as possible; otherwise one record (flushed) every intervalMs, stamped with the send time. */
      readonly intervalMs: number;
    }
  | { readonly role: 'consume'; readonly channels: readonly SharedChannelDescriptor[]; readonly latency: boolean };

export type BenchReport =
  | { readonly kind: 'ready' }
  | { readonly kind: 'produced'; readonly waits: number }
  | { readonly kind: 'consumed'; readonly records: number; readonly checksum: number; readonly latenciesUs: number[] };

const task = workerData as BenchTask;
const post = (report: BenchReport) => parentPort?.postMessage(report);
/** Milliseconds on a clock shared by all threads of the process. */
const now = () => performance.timeOrigin + performance.now();

async function produce(t: Extract<BenchTask, { role: 'produce' }>): Promise<void> {
  const budget = new OverdraftBudget();
  const writers = t.channels.map((d) => new SharedChannelWriter(d, smallRecordCodec, budget));
  const selector: ChannelSelector<SmallRecord> =
    t.partitioner === 'forward' ? new ForwardSelector() : new KeyGroupSelector((r: SmallRecord) => r.id, 128);
  const out = new RecordWriter(writers, selector);
  await new Promise((resolve) => parentPort?.once('message', resolve));
  let waits = 0;
  for (let i = 0; i < t.count; i++) {
    if (!out.isAvailable()) {
      waits++;
      await out.whenAvailable();
    }
    if (t.intervalMs > 0) {
      await sleep(t.intervalMs);
      out.emit({ id: i, price: now(), tag: 'bid' }, i);
      out.flushAll();
    } else {
      out.emit({ id: i, price: i * 1.5, tag: 'bid' }, i);
    }
  }
  out.close();
  post({ kind: 'produced', waits });
}

async function consume(t: Extract<BenchTask, { role: 'consume' }>): Promise<void> {
  const gate = new InputGate(t.channels.map((d) => new SharedChannelReader(d, smallRecordCodec)));
  let records = 0;
  let checksum = 0;
  const latenciesUs: number[] = [];
  const handler: InputHandler = t.latency
    ? {
        onRecord: (value) => {
          latenciesUs.push((now() - (value as SmallRecord).price) * 1000);
          records++;
        },
        onEvent: (_e: StreamEvent) => {},
      }
    : {
        onRecord: (value) => {
          checksum += (value as SmallRecord).id;
          records++;
        },
        onEvent: (_e: StreamEvent) => {},
      };
  post({ kind: 'ready' });
  for (;;) {
    const result = gate.pollNext(handler, 16);
    if (result === 'END_OF_INPUT') break;
    if (result === 'NOTHING_AVAILABLE') await gate.whenAvailable();
  }
  gate.close();
  post({ kind: 'consumed', records, checksum, latenciesUs });
}

if (task.role === 'produce') {
  post({ kind: 'ready' });
  await produce(task);
} else {
  await consume(task);
}
